"""werkreport.docx as an evaluator opens it in Word: the chapters of the plan as headings, every figure as
the run's own PNG with its caption numbered as in the Werkreport, every table with the cells the HTML shows,
Markdown turned into Word formatting, German, and the same bytes for the same data."""
from __future__ import annotations

import re

import docx
import mistune
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import html_tables
from evaluation import chapters, load
from evaluation.charts import CHARTS, draw, label
from evaluation import word_report as word
from evaluation.publication import findings_table as ft, registry

MISSING = ("nan", "NaN", "None", "<NA>", "NaT")


@pytest.fixture(scope="module")
def dataset(pipeline_run):
    return load(pipeline_run["processed"].name, processed_dir=pipeline_run["processed"].parent)


@pytest.fixture(scope="module")
def document(pipeline_run):
    return docx.Document(str(pipeline_run["reports"] / word.FILE))


def _figure_keys() -> list[str]:
    return [b.key for s in chapters.PLAN for b in s.blocks if isinstance(b, chapters.Figure)]


def _tables_by_caption(document) -> dict[str, list[list[str]]]:
    """Every Word table under the caption paragraph just before it: header row first, cell texts."""
    tables, caption = {}, None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            caption = block.text if block.style.name == "Caption" else caption
        else:
            tables[caption] = [[cell.text for cell in row.cells] for row in block.rows]
    return tables


def _expected_caption(ds, key: str) -> str:
    """From the drawn chart's own title: 'Abb. 7: …' becomes 'Abbildung 7: …' (Tabelle stays Tabelle)."""
    title = " ".join(draw(ds, key).get_suptitle().split())
    short = label(key)
    if short.startswith("Abb. "):
        return "Abbildung " + title.removeprefix("Abb. ")
    if short.startswith("Tabelle "):
        return title
    return f"Ergänzende Abbildung: {title}"


def test_headings_are_the_chapter_plan_in_order(document, dataset):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [section.title for section in chapters.PLAN]
    title = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert len(title) == 1 and title[0].endswith(f"Stichtag {dataset.reporting_date[8:10]}."
                                                 f"{dataset.reporting_date[5:7]}.{dataset.reporting_date[:4]}")
    notice = next(p for p in document.paragraphs if p.style.name == word.NOTICE_STYLE)
    assert notice.text.startswith("Rekonstruierte Daten.") and notice.runs[0].bold
    assert "data/raw/README.md" in notice.text


def test_document_is_german_a4(document, dataset):
    language = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert language.get(qn("w:val")) == "de-DE"
    assert document.core_properties.language == "de-DE"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Seite ") and " von " in footer.text
    assert "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml
    assert document.core_properties.created.date().isoformat() == dataset.reporting_date


def test_one_caption_per_figure_numbered_as_in_the_werkreport(document, dataset):
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    expected = [_expected_caption(dataset, b.key) if isinstance(b, chapters.Figure) else b.caption
                for s in chapters.PLAN for b in s.blocks if not isinstance(b, chapters.Text)]
    assert captions == expected
    assert f"Abbildung 7: Beteiligung Kitabereich" in captions[_figure_keys().index("abb_07")]
    assert f"n = {len(dataset.municipalities)}" in captions[_figure_keys().index("abb_07")]
    fields = [p._p.xml for p in document.paragraphs if p.style.name == "Caption" and "SEQ" in p._p.xml]
    numbered = [k for k in _figure_keys() if k.startswith(("abb_", "tab_"))]
    assert len(fields) == len(numbered)
    for xml, key in zip(fields, numbered):
        assert f"\\r {int(key.split('_')[1])} " in xml, key


def test_every_figure_is_the_runs_png(document, pipeline_run):
    keys = _figure_keys()
    shapes = document.inline_shapes
    assert len(shapes) == len(keys) == len(CHARTS)
    for shape, key in zip(shapes, keys):
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        blob = document.part.related_parts[blip.embed].blob
        assert blob[:8] == b"\x89PNG\r\n\x1a\n", key
        assert blob == (pipeline_run["figures"] / f"{CHARTS[key].stem}.png").read_bytes(), key
        assert shape.width <= word.TEXT_WIDTH and shape.height <= word.FIGURE_HEIGHT, key


def test_findings_table_is_the_html_befundtabelle(document, pipeline_run):
    table, _ = ft.read(pipeline_run["reports"])
    rows = _tables_by_caption(document)["Befundtabelle"]
    assert rows == html_tables(pipeline_run["reports"] / "werkreport.html")["Befundtabelle"]
    header, body = rows[0], rows[1:]
    assert header == ft.FINDINGS_GERMAN and len(body) == len(table)
    col = {name: header.index(name) for name in header}
    labels = registry.labels()
    for cells, row in zip(body, table.itertuples()):
        assert cells[col["Kennzahl"]] == labels[row.id]
        assert cells[col["berechnet"]] == row.display and cells[col["Werkreport"]] == row.printed_value
        assert cells[col["Status"]] == row.status


def test_every_table_has_the_cells_of_the_html(document, pipeline_run):
    """Each Table block: the cells the HTML shows (so empty only where the HTML is empty), bold repeated header."""
    shown = html_tables(pipeline_run["reports"] / "werkreport.html")
    tables = _tables_by_caption(document)
    captions = [b.caption for s in chapters.PLAN for b in s.blocks if isinstance(b, chapters.Table)]
    for caption in captions:
        if not any(shown[caption]):  # an empty table (no agreement data): no cells in the HTML, none in Word
            assert caption not in tables, caption
            continue
        assert tables[caption] == shown[caption], caption
        assert not any(cell.strip() in MISSING for row in tables[caption] for cell in row), caption
    for table in document.tables:
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert {"Befundtabelle", "Prüfregeln und Befunde"} <= set(tables)


def test_markdown_becomes_word_formatting(document, dataset):
    """Bold numbers, block quotes, bullet lists and footnote marks of the texts, as Word formatting."""
    section_text = chapters.SECTIONS["3.1"].blocks[0].render(dataset)
    bold = re.findall(r"\*\*(.+?)\*\*", section_text)
    paragraph = next(p for p in document.paragraphs if bold[0] in p.text)
    assert [r.text for r in paragraph.runs if r.bold] == bold
    assert "**" not in paragraph.text
    quotes = sum(len(re.findall(r"^> ", b.render(dataset), re.M))
                 for key in ("3.3.6", "3.4") for b in chapters.SECTIONS[key].blocks if isinstance(b, chapters.Text))
    assert len([p for p in document.paragraphs if p.style.name == "Quote"]) == quotes > 0
    quote = next(p for p in document.paragraphs if p.style.name == "Quote")
    assert quote.runs[-1].font.superscript and quote.runs[-1].text == "1" and "<sup>" not in quote.text
    audit = chapters.SECTIONS["4.audit"].blocks[0].render(dataset)
    items = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(items) == len(re.findall(r"^- ", audit, re.M))
    assert all(p.runs[0].bold for p in items)


def test_markdown_constructs(tmp_path):
    """Nested lists, italics, code and a rule as mistune parses them — no Markdown syntax left in the text."""
    doc = docx.Document()
    word._text(doc, "Ein *kursiver* und `code` Satz.\n\n1. eins\n2. zwei\n   - innen\n\n---\n\n> Zitat **fett**")
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styles == [("Normal", "Ein kursiver und code Satz."), ("List Number", "eins"), ("List Number", "zwei"),
                      ("List Bullet 2", "innen"), ("Normal", ""), ("Quote", "Zitat fett")]
    first = doc.paragraphs[0].runs
    assert [r.text for r in first if r.italic] == ["kursiver"]
    assert [r.text for r in first if r.font.name == word.MONOSPACE] == ["code"]
    assert "w:pBdr" in doc.paragraphs[4]._p.xml
    assert mistune.create_markdown(renderer=None)("x")  # the AST renderer this module relies on


def test_same_data_same_bytes(pipeline_run, dataset, tmp_path):
    rebuilt = word.build(dataset, pipeline_run["figures"], tmp_path)
    assert rebuilt.read_bytes() == (pipeline_run["reports"] / word.FILE).read_bytes()


def test_stale_data_notice_as_in_the_html(pipeline_run, dataset, monkeypatch):
    """A reporting date far beyond the data: Word shows the HTML's notice, word for word, in the notice style."""
    from lxml import html as lxml_html

    from evaluation import html_report
    from evaluation.data import quality
    note = quality.stale_note(dataset)
    assert note is None  # the default date is current; the notice below is the one a later date gets
    last = dataset.tables["activities"]["date"].max().strftime("%Y-%m-%d")
    monkeypatch.setattr(quality, "stale_note", lambda ds: f"Die Daten reichen nur bis {last}.")
    page = lxml_html.fromstring(html_report.render(dataset, pipeline_run["figures"]))
    shown = " ".join(page.get_element_by_id("datenstand").text_content().split())
    notices = [p for p in word.document(dataset, pipeline_run["figures"]).paragraphs
               if p.style.name == word.NOTICE_STYLE]
    assert [p.text for p in notices][1] == shown
    assert notices[1].runs[0].bold and notices[1].runs[0].text == "Veralteter Datenstand."

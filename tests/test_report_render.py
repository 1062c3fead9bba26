"""The report chain as a reader gets it: werkreport.html, .docx and .pdf read back with an HTML parser, python-docx
and pypdf – not with the code that wrote them.

The fixture writes three tiny notebooks (two chapters, one appendix) that call evaluation.report.prose / figure /
table as the real notebooks do and executes them with nbclient (about three seconds), so every output has the
shape a kernel gives it; then evaluation.report.build renders them in the order of a small _toc.yml.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from lxml import html as lxml_html

from evaluation.errors import NotebookError
from evaluation.report import build, profile_page, toc as toc_module
from evaluation.report.collect import collect

pytestmark = pytest.mark.report

DATE = "2022-03-31"
CAPTION_FIG = "Abb. 6: Beteiligung der Kinder- und Jugendhilfe an Gremien, n = 22"
CAPTION_TAB = "Tabelle 1: Analyse des vertraglich vorgegebenen Leistungsrahmens, n = 22"
CAPTION_WIDE = "Tabelle A1: Befunde je veröffentlichtem Wert"
CAPTION_HTML = "Kennzahlen aus einer HTML-Tabelle"
HEADINGS = [  # (level, text) in reading order of the body
    (1, "3 Ergebnisse des Programms"), (2, "3.1 Inanspruchnahme des Programms"),
    (2, "3.2 Wirkungen in kommunalen Strukturen"), (3, "3.2.1 Strategieentwicklung und Strukturaufbau"),
    (4, "3.2.1.1 Koordinierungsstellen"), (1, "4 Fazit"), (1, "Anlagen"), (1, "Anlage A: Befundtabelle"),
]
FOOTNOTES = ["Fußnotentext eins aus Kapitel drei.", "Fußnotentext zwei aus dem Fazit."]
HIDDEN = ["import evaluation", "NUR_IM_NOTEBOOK", "STREAM_AUSGABE", "ENTFERNTE_AUSGABE", "reporting_date ="]
INTERNAL = [".ipynb", "evaluation.", "data/raw", "/tmp", "figures/", "bilder/"]
EMPTY = {"", "nan", "NaN", "None", "<NA>", "NaT"}

TOC_YML = """title: "Werkreport 1 – Präventionsketten Niedersachsen"
subtitle: "Auswertung aus den Rohdaten zum Stichtag {stichtag}"
chapters:
  - file: 10_kapitel
  - file: 40_fazit
appendices:
  - file: 80_anlage
"""


def _code(source: str, *tags: str):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _markdown(source: str, *tags: str):
    cell = nbformat.v4.new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _notebooks(folder: Path, figures: Path) -> dict[str, nbformat.NotebookNode]:
    setup = _code("import pandas as pd\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
                  "from evaluation import report", "remove-cell")
    params = _code(f'reporting_date = "{DATE}"', "parameters")
    chapter = [
        params, setup,
        nbformat.v4.new_markdown_cell("# 3 Ergebnisse des Programms\n\n## 3.1 Inanspruchnahme des Programms"),
        _markdown("NUR_IM_NOTEBOOK: Hinweis für JupyterLab.", "remove-cell"),
        _code('report.prose("Am Programm nehmen 22 Kommunen teil, darunter Koordinator*innen aus allen Kohorten.'
              f'[^1]\\n\\n[^1]: {FOOTNOTES[0]}")'),
        _code('print("STREAM_AUSGABE")\npd.DataFrame({"x": ["ENTFERNTE_AUSGABE"]})', "remove-output"),
        _code('print("STREAM_AUSGABE")'),
        nbformat.v4.new_markdown_cell("## 3.2 Wirkungen in kommunalen Strukturen\n\n"
                                      "### 3.2.1 Strategieentwicklung und Strukturaufbau"),
        _code("fig, ax = plt.subplots(figsize=(6, 3))\nax.bar(['ja', 'nein'], [18, 4])\n"
              f'report.figure(fig, "abb_06_test", "{CAPTION_FIG}", r"{figures}", '
              'pd.DataFrame({"Antwort": ["ja", "nein"], "Kommunen": [18, 4]}))'),
        nbformat.v4.new_markdown_cell("#### 3.2.1.1 Koordinierungsstellen"),
        _code('report.table(pd.DataFrame({"Nr.": [1, 2], "Vertragliche Vorgabe": ["Einrichtung einer '
              'Koordinierungsstelle zum Auf- oder Ausbau der Präventionskette", "Aufbau einer Kooperation zwischen '
              'Kinder- und Jugendhilfe und Gesundheitsbereich"], "Abschnitt": ["3.2.1", "3.2.1.2"], '
              '"Anteil": ["100 %", None]}), '
              f'"{CAPTION_TAB}", label="tab-1")'),
        _code("from IPython.display import HTML\nHTML(pd.DataFrame({'Kennzahl': ['Kommunen', 'Modellräume'], "
              f"'Wert': [22, 27]}}).to_html(index=False).replace('<thead>', '<caption>{CAPTION_HTML}</caption><thead>'))"),
    ]
    fazit = [
        params, setup,
        nbformat.v4.new_markdown_cell(f"# 4 Fazit\n\nDie Ergebnisse tragen.[^1]\n\n[^1]: {FOOTNOTES[1]}"),
    ]
    wide = ("pd.DataFrame({" + ", ".join(f'"Spaltenüberschrift{i}": ["Kennzahlbezeichnung{i} lang", "Wert {i}"]'
                                         for i in range(10)) + "})")
    appendix = [
        params, setup,
        nbformat.v4.new_markdown_cell("# Anlage A: Befundtabelle"),
        _code(f'report.table({wide}, "{CAPTION_WIDE}")'),
    ]
    books = {"10_kapitel": chapter, "40_fazit": fazit, "80_anlage": appendix}
    out = {}
    for name, cells in books.items():
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
        out[name] = nb
    return out


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The three notebooks executed by a kernel: folder of executed notebooks, figures folder, toc."""
    from nbclient import NotebookClient

    from evaluation.run.execute import kernel_name
    root = tmp_path_factory.mktemp("bericht")
    figures, executed_dir = root / "figures", root / "executed"
    figures.mkdir()
    executed_dir.mkdir()
    for name, nb in _notebooks(root, figures).items():
        NotebookClient(nb, kernel_name=kernel_name(), timeout=120,
                       resources={"metadata": {"path": str(root)}}).execute()
        nbformat.write(nb, executed_dir / f"{name}.ipynb")
    (root / "_toc.yml").write_text(TOC_YML, encoding="utf-8")
    return executed_dir, figures, toc_module.load(root / "_toc.yml")


@pytest.fixture(scope="module")
def rendered(executed, tmp_path_factory):
    executed_dir, figures, toc = executed
    reports = tmp_path_factory.mktemp("reports")
    return build(executed_dir, figures, reports, DATE, toc)


# --- the notebooks' outputs have the contract's shapes ------------------------------------------------------------

def test_executed_outputs_have_the_display_shapes(executed):
    executed_dir, figures, _ = executed
    nb = nbformat.read(executed_dir / "10_kapitel.ipynb", as_version=4)
    metas = [o.get("metadata", {}).get("report", {}) for c in nb.cells for o in c.get("outputs", [])]
    assert {"figure": "abb_06_test.png", "caption": CAPTION_FIG} in metas
    assert {"caption_of": "abb_06_test"} in metas
    assert {"table": "tab-1"} in metas
    assert (figures / "abb_06_test.png").is_file()


# --- PDF -----------------------------------------------------------------------------------------------------------

def _pdf(rendered):
    from pypdf import PdfReader
    return PdfReader(str(rendered["pdf"]))


def _pdf_text(reader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _outline(reader, items=None, level=1) -> list[tuple[int, str]]:
    """Bookmarks as (level, title) in order; a nested list holds the children of the item before it."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += _outline(reader, item, level + 1)
        else:
            out.append((level, item.title))
    return out


def test_pdf_bookmarks_are_the_headings_nested(rendered):
    reader = _pdf(rendered)
    assert _outline(reader) == HEADINGS


def test_pdf_headings_in_order_after_the_contents_page(rendered):
    pages = _pdf_text(_pdf(rendered))
    assert pages[0].startswith("Werkreport 1 – Präventionsketten Niedersachsen")
    assert "Auswertung aus den Rohdaten zum Stichtag 31.03.2022" in pages[0] and "Stand: 31.03.2022" in pages[0]
    assert "rekonstruiert" in pages[0]
    assert pages[1].startswith("Inhalt")
    body = " ".join(pages[2:])
    positions = [body.find(text) for _, text in HEADINGS]
    assert -1 not in positions and positions == sorted(positions), positions


def test_pdf_captions_once_and_not_numbered_by_typst(rendered):
    text = " ".join(_pdf_text(_pdf(rendered)))
    for caption in (CAPTION_FIG, CAPTION_TAB, CAPTION_WIDE, CAPTION_HTML):
        assert text.count(caption) == 1, caption
    assert not re.search(r"(Abbildung|Tabelle|Figure|Table) \d+\s*:\s*(Abb\.|Tabelle)", text)
    assert "Abbildung 1" not in text and "Figure 1" not in text


def test_pdf_footnotes_page_numbers_a4_german(rendered):
    reader = _pdf(rendered)
    pages = _pdf_text(reader)
    text = " ".join(pages)
    for note in FOOTNOTES:
        assert text.count(note) == 1, note
    assert "Seite 1 von" in text
    total = int(re.search(r"Seite 1 von (\d+)", text)[1])
    assert f"Seite {total} von {total}" in pages[-1]
    portrait = [p for p in reader.pages if p.mediabox.width < p.mediabox.height]
    assert portrait and all(abs(float(p.mediabox.width) - 595.3) < 1 and abs(float(p.mediabox.height) - 841.9) < 1
                            for p in portrait)
    assert str(reader.trailer["/Root"].get("/Lang", "")).startswith("de")


def test_pdf_widest_table_on_a_landscape_page(rendered):
    reader = _pdf(rendered)
    landscape = [i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert landscape, "die breite Tabelle steht auf keiner Querformat-Seite"
    assert any(CAPTION_WIDE in " ".join(reader.pages[i].extract_text().split()) for i in landscape)
    assert all(CAPTION_TAB not in " ".join(reader.pages[i].extract_text().split()) for i in landscape)


# --- DOCX ----------------------------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document(rendered):
    import docx
    return docx.Document(str(rendered["docx"]))


def test_docx_headings_nested_in_order(document):
    headings = [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading ")]
    assert headings == HEADINGS
    assert all(b[0] - a[0] <= 1 for a, b in zip(headings, headings[1:]))


def test_docx_captions_are_paragraphs_once(document):
    captions = [(p.style.name, p.text) for p in document.paragraphs if "Caption" in p.style.name]
    assert ("Image Caption", CAPTION_FIG) in captions
    assert ("Table Caption", CAPTION_TAB) in captions and ("Table Caption", CAPTION_WIDE) in captions
    body = document.element.body
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert text.count(CAPTION_FIG) == 1 and "Abbildung 1" not in text


def test_docx_tables_are_word_tables_with_header_and_filled_cells(document):
    assert len(document.tables) == 3
    for table in document.tables:
        tbl = table._tbl
        assert tbl.find(f"{W}tblPr/{W}tblLayout") is None, "feste Spaltenbreiten brechen Wörter"
        first = tbl.find(f"{W}tr")
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        for row in table.rows:
            for cell in row.cells:
                assert cell.text.strip() not in EMPTY, [c.text for c in row.cells]
    # 8-pt table text: the table style sets it, and no paragraph style of the cells ("Compact") overrides it
    assert document.styles["Table"].font.size.pt == 8
    for name in ("Compact", "Body Text", "Normal"):
        assert document.styles[name].font.size is None, name
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["Nr.", "Vertragliche Vorgabe", "Abschnitt", "Anteil"]
    assert [c.text for c in document.tables[0].rows[2].cells][-1] == "–"


def test_docx_toc_footnotes_footer_language_a4(document, rendered):
    body = document.element.body
    instructions = " ".join(t.text for t in body.iter(f"{W}instrText"))
    assert re.search(r'TOC \\o "1-3"', instructions)
    with zipfile.ZipFile(rendered["docx"]) as z:
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
        footers = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer"))
    for note in FOOTNOTES:
        assert note in footnotes
    assert 'w:val="de-DE"' in re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)[0]
    assert "PAGE" in footers and "NUMPAGES" in footers and "Seite" in footers and "von" in footers
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05


# --- HTML ----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(rendered):
    return lxml_html.fromstring(rendered["html"].read_bytes())


def test_html_headings_nested_and_toc(page):
    main = page.find(".//main")
    headings = [(int(h.tag[1]), " ".join(h.text_content().split())) for h in main.iter("h1", "h2", "h3", "h4")]
    assert headings == HEADINGS
    nav = page.find(".//nav[@id='TOC']")
    assert nav is not None
    links = [a.get("href") for a in nav.iter("a")]
    ids = {h.get("id") for h in main.iter("h1", "h2", "h3", "h4")}
    assert len(links) == len([h for h in HEADINGS if h[0] <= 3]) and {l.lstrip("#") for l in links} <= ids
    assert page.get("lang") == "de-DE"


def test_html_figure_and_tables_with_captions(page):
    figures = page.findall(".//figure")
    assert len(figures) == 1
    assert " ".join(figures[0].find("figcaption").text_content().split()) == CAPTION_FIG
    assert figures[0].find(".//img").get("src").startswith("data:image/png;base64,")
    tables = {" ".join(t.find("caption").text_content().split()): t for t in page.iter("table")}
    assert set(tables) == {CAPTION_TAB, CAPTION_HTML, CAPTION_WIDE}
    for table in tables.values():
        assert table.find(".//th") is not None
        assert all(td.text_content().strip() not in EMPTY for td in table.iter("td"))
    rows = [[c.text_content().strip() for c in tr.iter("th", "td")] for tr in tables[CAPTION_HTML].iter("tr")]
    assert rows == [["Kennzahl", "Wert"], ["Kommunen", "22"], ["Modellräume", "27"]]


def test_html_no_code_self_contained_endnotes(page, rendered):
    markup = rendered["html"].read_text(encoding="utf-8")
    assert page.find(".//pre") is None
    assert not re.search(r'(src|href)="(https?:)?//', markup)
    assert all(img.get("src").startswith("data:") for img in page.iter("img"))
    notes = page.findall(".//section[@id='footnotes']//li")
    assert [" ".join(li.text_content().replace("↩︎", "").split()) for li in notes] == FOOTNOTES
    assert page.find(".//style") is not None and page.find(".//link[@rel='stylesheet']") is None


# --- all three: nothing internal, nothing hidden, same bytes --------------------------------------------------------

def _texts(rendered) -> dict[str, str]:
    import docx
    body = lxml_html.fromstring(rendered["html"].read_bytes()).find(".//body")
    document = docx.Document(str(rendered["docx"]))
    word = " ".join(t.text or "" for t in document.element.body.iter(f"{W}t"))
    return {"html": " ".join(body.text_content().split()), "docx": word,
            "pdf": " ".join(_pdf_text(_pdf(rendered)))}


def test_no_hidden_or_internal_text_in_any_format(rendered):
    for fmt, text in _texts(rendered).items():
        for token in HIDDEN + INTERNAL:
            assert token not in text, f"{fmt}: {token!r} im Text"
        for word in ("nan", "NaN", "None", "<NA>"):
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), f"{fmt}: {word!r} im Text"
        assert "Koordinator*innen" in text, fmt  # the gender star is text, not emphasis


def test_same_notebooks_same_bytes(executed, rendered, tmp_path):
    executed_dir, figures, toc = executed
    again = build(executed_dir, figures, tmp_path, DATE, toc)
    for fmt in ("html", "docx", "pdf"):
        assert again[fmt].read_bytes() == rendered[fmt].read_bytes(), fmt


# --- the contract's edge cases, on notebooks written without a kernel ------------------------------------------------

def _written(folder: Path, name: str, cells) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _toc(*chapters, appendices=()):
    return toc_module.Toc("Titel", "Untertitel {stichtag}", tuple(chapters), tuple(appendices))


@pytest.mark.unit
def test_error_output_names_notebook_and_cell(tmp_path):
    cell = nbformat.v4.new_code_cell("1/0")
    cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                           traceback=[])]
    _written(tmp_path, "20_kaputt", [nbformat.v4.new_markdown_cell("# Kapitel"), cell])
    with pytest.raises(NotebookError, match=r"Notebook 20_kaputt, Zelle 2: .*ZeroDivisionError"):
        collect(tmp_path, _toc("20_kaputt"))


@pytest.mark.unit
def test_missing_notebook_is_named(tmp_path):
    with pytest.raises(NotebookError, match="Notebook 30_fehlt"):
        collect(tmp_path, _toc("30_fehlt"))


@pytest.mark.unit
def test_outputs_taken_and_skipped_as_the_contract_says(tmp_path):
    out = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        out("stream", name="stdout", text="STREAM"),
        out("display_data", data={"text/plain": "NUR_TEXT"}),
        out("display_data", data={"text/markdown": "*Unterschrift*", "text/plain": "U"},
            metadata={"report": {"caption_of": "abb"}}),
        out("execute_result", data={"text/markdown": "Prosa **fett**", "text/plain": "P"}, execution_count=1),
    ]
    _written(tmp_path, "10_a", [cell])
    text = collect(tmp_path, _toc("10_a")).markdown
    assert "Prosa **fett**" in text
    for hidden in ("STREAM", "NUR_TEXT", "Unterschrift"):
        assert hidden not in text


@pytest.mark.unit
def test_footnote_labels_unique_across_notebooks(tmp_path):
    for name, note in (("10_a", "Erste"), ("20_b", "Zweite")):
        _written(tmp_path, name, [nbformat.v4.new_markdown_cell(f"Text[^1]\n\n[^1]: {note}")])
    text = collect(tmp_path, _toc("10_a", appendices=("20_b",))).markdown
    labels = re.findall(r"^\[\^([^\]]+)\]:", text, re.M)
    assert len(labels) == 2 and len(set(labels)) == 2
    assert text.index("# Anlagen") < text.index("Zweite")


@pytest.mark.unit
def test_missing_figure_file_is_named(tmp_path):
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "A"},
                                           metadata={"report": {"figure": "abb_99.png", "caption": "Abb. 99: X"}})]
    _written(tmp_path, "10_a", [cell])
    with pytest.raises(NotebookError, match=r"10_a, Zelle 1: die Abbildung abb_99\.png fehlt"):
        collect(tmp_path, _toc("10_a"), tmp_path)


@pytest.mark.unit
@pytest.mark.parametrize("text, message", [
    ("title: T\nchapters: []\n", "mindestens einen"),
    ("title: T\nchapters:\n  - file: ../geheim\n", "chapters, Eintrag 1"),
    ("title: T\nchapters:\n  - datei: 10_a\n", "unbekannter Schlüssel „datei“"),
    ("title: T\nchapters:\n  - file: 10_a\nappendices:\n  - file: 10_a\n", "mehr als einmal"),
    ("title: T\nsubtitle: 'am {datum}'\nchapters:\n  - file: 10_a\n", "{datum}"),
    ("title: [T\n", "kein gültiges YAML"),
])
def test_toc_errors_name_file_and_entry(tmp_path, text, message):
    path = tmp_path / "_toc.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(toc_module.TocError) as error:
        toc_module.load(path)
    assert str(path) in str(error.value) and message in str(error.value)


@pytest.mark.unit
def test_project_toc_lists_the_run_order():
    toc = toc_module.load()
    assert toc.notebooks()[: len(toc.chapters)] == [f"{s}.ipynb" for s in toc.chapters]
    assert toc.notebooks()[-1] == f"{toc.profile}.ipynb"
    assert toc.subtitle_for(DATE).endswith("31.03.2022")


def test_profile_page_is_one_self_contained_page(tmp_path):
    out = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell("show()")
    cell.outputs = [
        out("display_data", data={"text/markdown": "# Kommunensteckbrief Musterstadt", "text/plain": "K"}),
        out("display_data", data={"text/html": "<table><caption>Förderung</caption><thead><tr><th>Angabe</th>"
                                               "<th>Wert</th></tr></thead><tbody><tr><td>Kohorte</td><td>2017</td>"
                                               "</tr><tr><td>Quelle</td><td></td></tr></tbody></table>",
                                  "text/plain": "Förderung"}),
        out("display_data", data={"image/png": _png(), "text/plain": "Bild"}),
        out("display_data", data={"image/png": _png(), "text/plain": "Merkmale"},
            metadata={"report": {"figure": "merkmale.png", "caption": "Strukturmerkmale von Musterstadt"}}),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"parameters": {"reporting_date": DATE}}})
    nbformat.write(nb, tmp_path / "p.ipynb")
    target = profile_page(tmp_path / "p.ipynb", None, tmp_path / "P01_musterstadt.html")
    tree = lxml_html.fromstring(target.read_bytes())
    assert tree.findtext(".//h1") == "Kommunensteckbrief Musterstadt"
    assert tree.findtext(".//title") == "Kommunensteckbrief Musterstadt – Stichtag 31.03.2022"
    rows = [[c.text_content().strip() for c in tr.iter("th", "td")] for tr in tree.iter("tr")]
    assert rows == [["Angabe", "Wert"], ["Kohorte", "2017"], ["Quelle", "–"]]
    assert tree.find(".//nav") is None
    assert len(tree.findall(".//img")) == 2 and all(i.get("src").startswith("data:image/png;base64,")
                                                    for i in tree.iter("img"))
    assert [f.findtext("figcaption") for f in tree.iter("figure")] == ["Strukturmerkmale von Musterstadt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["P01_musterstadt.html", "p.ipynb"]


def _png() -> str:
    import base64

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")

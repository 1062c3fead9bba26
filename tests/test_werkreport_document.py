"""The Werkreport of the default date as a reader receives it, read back with pypdf, python-docx and lxml –
independent of the code that wrote the files: the report's structure, captions, tables, numbers, and no
internal tokens in the main text."""
from __future__ import annotations

import re

import pytest
from docx import Document
from lxml import html as lxml_html
from pypdf import PdfReader

pytestmark = pytest.mark.report

# The Werkreport's numbered headings (with the heading level of their number) that the report must carry.
SECTIONS = ["1 Hintergrund", "2 Zielsetzung und Förderrahmen des Programms", "2.1", "2.2",
            "3 Ergebnisse des Programms", "3.1", "3.2", "3.2.1", "3.2.1.1", "3.2.1.2", "3.2.2", "3.2.2.1", "3.2.2.2",
            "3.2.3", "3.3", "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "3.4", "4 Zusammenfassung und Fazit"]
CAPTIONS = [f"Abb. {i}:" for i in range(1, 16)] + ["Tabelle 1:", "Tabelle 2:"]
INTERNAL = re.compile(r"data/raw|data/processed|evaluation[./]|\.ipynb|\.csv\b|\.parquet|\.md\b|SHA-256|"
                      r"\b[0-9a-f]{40,64}\b|Paket evaluation|\bnan\b|\bNaN\b|\bNone\b|/tmp/|/work/")


def _number(title: str) -> str:
    return title.split()[0]


def _level(title: str) -> int:
    return _number(title).count(".") + 1


def _flat_outline(outline, depth=0):
    for item in outline:
        if isinstance(item, list):
            yield from _flat_outline(item, depth + 1)
        else:
            yield depth, item.title


@pytest.fixture(scope="module")
def reports(pipeline_run):
    return pipeline_run["reports"]


@pytest.fixture(scope="module")
def pdf(reports):
    return PdfReader(reports / "werkreport.pdf")


@pytest.fixture(scope="module")
def pdf_text(pdf) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def _main_text(text: str) -> str:
    """The text before the appendices (after the table of contents, which names them)."""
    body = text[text.index("1 Hintergrund", text.index("Anlage C")):]
    return body[:body.index("Anlagen")]


def test_pdf_bookmarks_carry_the_werkreport_structure_nested(pdf):
    flat = list(_flat_outline(pdf.outline))
    titles = [t for _, t in flat]
    for wanted in SECTIONS:
        hits = [(d, t) for d, t in flat if t == wanted or t.startswith(wanted + " ")]
        assert len(hits) == 1, f"Abschnitt {wanted}: {hits or 'fehlt'} in {titles}"
        depth, title = hits[0]
        assert depth == _level(title) - 1, f"{title} steht auf Ebene {depth + 1}"
    numbered = [t for t in titles if re.match(r"\d", t)]
    assert numbered == sorted(numbered, key=lambda t: [int(p) for p in _number(t).split(".")]), numbered
    appendices = titles[titles.index("Anlagen"):]
    assert [t.split(":")[0] for t in appendices if t.startswith("Anlage ")] == ["Anlage A", "Anlage B", "Anlage C"]


def test_pdf_has_title_page_contents_and_page_numbers(pdf):
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "Werkreport 1" in first and "31.03.2022" in first
    assert "Inhalt" in " ".join(pdf.pages[1].extract_text().split())
    last = " ".join(pdf.pages[-1].extract_text().split())
    assert re.search(r"Seite \d+ von \d+", last)


def test_pdf_every_caption_once_as_text(pdf_text):
    main = _main_text(pdf_text)
    for caption in CAPTIONS:
        assert main.count(caption) == 1, f"{caption} {main.count(caption)}-mal im Haupttext"
    assert "Abbildung 1:" not in pdf_text and "Figure" not in pdf_text
    assert "Abb. 6: Beteiligung des ÖGD" in pdf_text and "n = 22" in pdf_text


def test_main_text_names_no_file_hash_or_package(pdf_text):
    main = _main_text(pdf_text)
    found = sorted(set(m.group(0) for m in INTERNAL.finditer(main)))
    assert not found, f"Im Haupttext: {found}"


def test_summary_states_computed_numbers(pdf_text, published):
    """Chapter 4 carries its statements with computed numbers, 94 % among them."""
    summary = pdf_text[pdf_text.index("4 Zusammenfassung und Fazit", pdf_text.index("Anlage C")):]
    summary = summary[:summary.index("Anlagen")]
    assert "94\u00a0%" in summary or "94 %" in summary
    assert "22" in summary


def test_docx_headings_nested_and_tables_are_tables(reports):
    doc = Document(reports / "werkreport.docx")
    headings = [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs
                if p.style.name.startswith("Heading ") and p.style.name.split()[-1].isdigit()]
    for wanted in SECTIONS:
        hits = [(lvl, t) for lvl, t in headings if t == wanted or t.startswith(wanted + " ")]
        assert len(hits) == 1, f"Abschnitt {wanted}: {hits or 'fehlt'}"
        assert hits[0][0] == _level(hits[0][1]), hits[0]
    captions = [p.text for p in doc.paragraphs if p.text.startswith(("Abb. ", "Tabelle "))]
    for caption in CAPTIONS:
        assert sum(c.startswith(caption) for c in captions) == 1, caption
    assert len(doc.tables) >= 4
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                text = cell.text.strip()
                assert text and text.lower() not in ("nan", "none"), f"leere Zelle in {table.rows[0].cells[0].text!r}"


def test_html_headings_figures_and_tables(reports):
    tree = lxml_html.fromstring((reports / "werkreport.html").read_bytes())
    headings = [(int(h.tag[1]), " ".join(h.text_content().split())) for h in tree.iter("h1", "h2", "h3", "h4", "h5")]
    for wanted in SECTIONS:
        hits = [(lvl, t) for lvl, t in headings if t == wanted or t.startswith(wanted + " ")]
        assert len(hits) == 1 and hits[0][0] == _level(hits[0][1]), (wanted, hits)
    figcaptions = [" ".join(f.text_content().split()) for f in tree.iter("figcaption")]
    for caption in CAPTIONS[:15]:
        assert sum(c.startswith(caption) for c in figcaptions) == 1, caption
    tables = [" ".join(c.text_content().split()) for c in tree.iter("caption")]
    assert any(c.startswith("Tabelle 1:") for c in tables) and any(c.startswith("Tabelle 2:") for c in tables)
    assert not list(tree.iter("pre")), "Code im Bericht"
    assert tree.find(".//nav") is not None
    for img in tree.iter("img"):
        assert img.get("src", "").startswith("data:image/"), "Bild nicht eingebettet"

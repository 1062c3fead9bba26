"""werkreport.pdf as a reader gets it: A4 pages, each with „Seite n von m“, every figure on the page of its
caption, the findings table's numbers in the text, every page drawn — read with poppler (pdftotext,
pdfimages, pdftoppm) as a person's PDF viewer would show it; the same bytes from the same page."""
from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image, ImageStat

from evaluation import chapters
from evaluation.charts import CHARTS
from evaluation import pdf_report as pdf
from evaluation.publication import findings_table as ft

CHROMIUM = pdf.browser()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium fehlt: ohne Browser schreibt run kein werkreport.pdf (make browser installiert "
                             "Debians chromium)")


@pytest.fixture(scope="module")
def printed(pipeline_run):
    return pipeline_run["reports"] / pdf.FILE


@pytest.fixture(scope="module")
def pages(printed) -> list[str]:
    """The text of each page as pdftotext lays it out (non-breaking spaces as spaces)."""
    text = subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [page.replace("\u00a0", " ") for page in text.split("\f")[:-1]]


def _figure_keys() -> list[str]:
    return [b.key for s in chapters.PLAN for b in s.blocks if isinstance(b, chapters.Figure)]


@needs_chromium
def test_a4_pages_each_with_its_number(printed, pages):
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) == len(pages) > 1
    for number, text in enumerate(pages, 1):
        footer = [line.strip() for line in text.splitlines() if line.strip()][-1]
        assert footer == f"Seite {number} von {len(pages)}", (number, footer)


@needs_chromium
def test_findings_table_numbers_in_the_pdf(pipeline_run, pages):
    """Row by row, in order: computed value, numerator, denominator and printed value on the row's first line."""
    table, _ = ft.read(pipeline_run["reports"])
    text = "\n".join(pages)
    lines = text[text.index("Befundtabelle"):text.index("Konsistenzprüfung des Werkreports\n")].splitlines()
    position = 0
    for row in table.itertuples():
        cells = [str(row.display), *(str(int(v)) for v in (row.numerator, row.denominator) if v == v),
                 str(row.printed_value)]
        # "7 %" with its non-breaking space: pdftotext may set it closed up
        shown = [re.escape(c.replace("\u00a0", " ")).replace(r"\ %", r"\s?%") for c in cells]
        pattern = re.compile(r".*?".join(rf"(?<!\S){c}(?!\S)" for c in shown))
        found = next((i for i in range(position, len(lines)) if pattern.search(lines[i])), None)
        assert found is not None, f"{row.id}: {cells} nicht in der Befundtabelle des PDF (ab Zeile {position})"
        position = found + 1


@needs_chromium
def test_every_figure_on_the_page_of_its_caption(pipeline_run, printed, pages):
    """No figure split from its caption: one image per figure (never cut in two), on its caption's page."""
    listing = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    images = [(int(cols[0]), int(cols[3]), int(cols[4])) for cols in map(str.split, listing) if cols[2] == "image"]
    keys = _figure_keys()
    assert len(images) == len(keys) == len(CHARTS)
    for (page, width, height), key in zip(images, keys):
        png = pipeline_run["figures"] / f"{CHARTS[key].stem}.png"
        with Image.open(png) as picture:
            assert (width, height) == picture.size, key  # the image is this figure, whole
        caption_pages = [n for n, text in enumerate(pages, 1) if f"(Datei {png.name})" in text]
        assert caption_pages == [page], f"{key}: Bild auf Seite {page}, Beschriftung auf Seite {caption_pages}"


@needs_chromium
def test_every_page_is_drawn(printed, pages, tmp_path):
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(printed), str(tmp_path / "seite")], check=True)
    shots = sorted(tmp_path.glob("seite-*.png"))
    assert len(shots) == len(pages)
    for shot in shots:
        with Image.open(shot) as image:
            grey = image.convert("L")
            inked = sum(grey.histogram()[:200]) / (grey.width * grey.height)
            assert ImageStat.Stat(grey).extrema[0][0] < 100 and inked > 0.002, f"{shot.name} ist leer"


@needs_chromium
def test_same_page_same_bytes(pipeline_run, printed, tmp_path):
    again = tmp_path / pdf.FILE
    pdf.render(pipeline_run["reports"] / "werkreport.html", again, pipeline_run["reports"].name, CHROMIUM)
    assert again.read_bytes() == printed.read_bytes()
    stamp = pipeline_run["reports"].name.replace("-", "")
    assert printed.read_bytes().count(f"(D:{stamp}000000".encode()) == 2


def test_without_chromium_one_german_note_and_no_pdf(pipeline_run, tmp_path, monkeypatch):
    """`run` goes on without a browser: it says what is missing and how to install it, the HTML stays."""
    page = tmp_path / "werkreport.html"
    page.write_bytes((pipeline_run["reports"] / "werkreport.html").read_bytes())
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    notes = []
    assert pdf.build(page, pipeline_run["reports"].name, notes.append) is None
    assert len(notes) == 1 and "Chromium fehlt" in notes[0] and "make browser" in notes[0], notes
    assert not (tmp_path / pdf.FILE).exists() and page.exists()


def test_a_failing_browser_is_a_note_not_a_crash(pipeline_run, tmp_path, monkeypatch):
    page = tmp_path / "werkreport.html"
    page.write_bytes((pipeline_run["reports"] / "werkreport.html").read_bytes())
    monkeypatch.setattr(pdf, "browser", lambda: "false")  # a command that exits 1 and prints nothing
    notes = []
    assert pdf.build(page, pipeline_run["reports"].name, notes.append) is None
    assert len(notes) == 1 and notes[0].startswith("Hinweis: werkreport.pdf wurde nicht erstellt"), notes
    assert not (tmp_path / pdf.FILE).exists()

"""The Anlagen as a reader gets them in werkreport.html of a run: Anlage A shows the numbers of findings.csv,
Anlage B names municipalities only by pseudonym."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from conftest import RAW, html_tables
from evaluation.data import clean
from evaluation.reporting_date import DEFAULT
from evaluation.publication import appendix, findings_table as ft

pytestmark = pytest.mark.report


def _table(page, prefix: str) -> list[list[str]]:
    return next(rows for caption, rows in html_tables(page).items() if caption.startswith(prefix))


def test_anlage_a_shows_findings_csv_cell_by_cell(pipeline_run):
    """Tabelle A1 is findings.csv and audit.csv in the reader's form: the same values, a difference the report's
    own rounding explains named Rundungsdifferenz."""
    table, checks = ft.read(pipeline_run["reports"])
    expected = appendix.reader_findings(appendix.compared(table, checks))[appendix.READER_COLUMNS]
    rows = _table(pipeline_run["reports"] / "werkreport.html", "Tabelle A1:")
    assert rows[0] == appendix.READER_COLUMNS
    assert rows[1:] == [[cell or "–" for cell in row] for row in expected.itertuples(index=False)]
    status = {r[1]: r[5] for r in rows[1:]}
    assert status["Beteiligung des Jobcenters"] == appendix.ROUNDING
    assert not {"nan", "NaN", "<NA>", "None", ""} & {cell for row in rows for cell in row}


def test_anlage_b_names_no_municipality(pipeline_run):
    """The code matrix and its tables show cohorts; no name of a programme municipality appears in Anlage B."""
    page = (pipeline_run["reports"] / "werkreport.html").read_text(encoding="utf-8")
    text = lxml_html.fromstring(page).text_content()
    anlage_b = text[text.rindex("Anlage B: Qualitative Codierung"):text.rindex("Anlage C: Datengrundlage")]
    assert "Tabelle B1:" in anlage_b
    for name in clean.build(RAW, DEFAULT).municipalities["name"]:
        assert name not in anlage_b, name

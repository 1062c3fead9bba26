"""The rendered Werkreport read as a reader reads it, at two reporting dates (issue 16, items 3, 5 and 6):
no sampling interval next to a complete count, the report's printed value where only its rounding differs,
German as the Werkreport writes it. The PDF is read back with pypdf, the HTML with lxml – independent of
the code that wrote them."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from pypdf import PdfReader

from evaluation import metadata_files
from evaluation.findings import uncertainty
from evaluation.publication import findings_table
from evaluation.reporting_date import DEFAULT
from conftest import RAW, html_tables

pytestmark = pytest.mark.report

OTHER_DATE = "2020-12-31"
RANGE = re.compile(r"\d+,\d\s*(?:–|-|bis)\s*\d+,\d\s*%")   # '30,6–86,3 %', '50,5 bis 89,8 %'
CODE_PATH = re.compile(r"[A-Za-zÄÖÜäöüß]\\[A-Za-zÄÖÜäöüß…]")     # 'Corona\Anpassung'
# Sentence patterns the prose writes whose counts up to twelve must be words, as the Werkreport writes them
SMALL = r"(?:[1-9]|1[0-2])"
WORD_PATTERNS = [
    re.compile(rf"\bin allen {SMALL} Kommunen"),
    re.compile(rf"\bin keiner der {SMALL} Kommunen"),
    re.compile(rf"\bIn {SMALL} Kohorten"),
    re.compile(rf"\b{SMALL} (?:vor|seit) 20\d\d\b"),
    re.compile(rf"\balle {SMALL} (?:Workshops|Fortbildungen|Vorträge|Beratungskontakte)"),
    re.compile(rf"\b{SMALL} (?:Schulungen|Informationsmedien|Qualifizierungsreihen|Fachtage|Handlungshilfen)\b"),
    re.compile(rf"Verglichen wurden {SMALL} Codes"),
]


@pytest.fixture(scope="module", params=[DEFAULT, OTHER_DATE])
def rendered(request, tmp_path_factory):
    """(reporting date, reports folder, whole PDF text) of one real run."""
    from evaluation.run import pipeline
    out = tmp_path_factory.mktemp(f"sprache-{request.param}")
    folder = pipeline.run(request.param, raw_dir=RAW, output_dir=out, echo=lambda m: None, jobs=2)[request.param]
    reports = folder["reports"]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(reports / "werkreport.pdf").pages)
    return request.param, reports, text


def _chapters(text: str) -> str:
    """Chapters 1–4: after the table of contents (which ends with Anlage C's entries), before 'Anlagen'."""
    body = text[text.index("1 Hintergrund", text.index("Anlage C")):]
    return body[:body.index("Anlagen")]


def test_no_interval_beside_a_complete_count(rendered):
    date, reports, text = rendered
    findings, _ = findings_table.read(reports)   # the machine twin findings.json (findings.csv is for Excel)
    complete = findings[~findings[uncertainty.COMPLETE].map(uncertainty.is_sample)]
    assert complete[["ci_low", "ci_high"]].isna().all().all(), complete[["id", "ci_low", "ci_high"]]
    assert findings.loc[findings["denominator"].notna(), uncertainty.COMPLETE].isin([True, False]).all()
    assert "Fehlerbalken zeigen" not in text and "Fehlerbalken:" not in text and "95-%-Intervall von" not in text
    # every range that stands in the report belongs to the survey (Befragung) or the model of the trend
    for match in RANGE.finditer(text):
        context = text[max(0, match.start() - 250):match.end()]
        assert "Befragung" in context or "Konfidenzintervall" in context, context
    rows = html_tables(reports / "werkreport.html")
    table = next(v for k, v in rows.items() if k.startswith("Tabelle A1:"))
    header = table[0]
    for row in table[1:]:
        cells = dict(zip(header, row))
        if "Intervall" in cells["Hinweis"]:
            assert "Fragebögen" in cells["Hinweis"], cells


def test_no_percent_of_all_and_no_model_that_cannot_say(rendered):
    _, _, text = rendered
    assert "100 % (" not in text and "100\u00a0% (" not in text
    assert "kann das Modell" not in text and "kann es nicht sagen" not in text


def test_code_paths_only_in_the_appendices(rendered):
    _, _, text = rendered
    chapters = _chapters(text)
    assert not CODE_PATH.search(chapters), CODE_PATH.search(chapters).group(0)
    assert CODE_PATH.search(text[text.index("Anlage B: Qualitative Codierung", text.index("Anlagen")):])


def test_abbreviation_lks_explained_where_first_used(rendered):
    _, _, text = rendered
    first = text.find("LKS")
    if first < 0:
        return
    assert "LKS für die Landeskoordinierungsstelle" in text[first:first + 1500], text[first:first + 1500]
    assert "LKS" not in _chapters(text)


def test_small_counts_in_words_in_the_fixed_sentences(rendered):
    _, _, text = rendered
    for pattern in WORD_PATTERNS:
        assert not pattern.search(text), pattern.search(text).group(0)


def test_rounding_difference_prints_the_report_value_and_explains_it(rendered):
    date, reports, text = rendered
    published = metadata_files.read("published_figures.csv").set_index("id")["printed_value"]
    chapters = _chapters(text)
    if date != DEFAULT:
        assert "Rundungsdifferenz: Nachgerechnet" not in chapters
        return
    for finding_id, counted in (("participation_jobcenter", "10 von 22"), ("offers_all_ages_share", "17 von 43")):
        printed = published[finding_id]
        assert f"{printed} %" in chapters or f"{printed}\u00a0%" in chapters, printed
        assert re.search(rf"Rundungsdifferenz: Nachgerechnet {counted} = [\d,]+ %, kaufmännisch gerundet \d+ %; "
                         rf"der Werkreport druckt {printed} %", text), finding_id
    audit = next(v for k, v in html_tables(reports / "werkreport.html").items() if k.startswith("Tabelle A2:"))
    results = {row[0]: row[2] for row in audit[1:]}
    assert results["R08"] == "Rundungsdifferenz" and results["R10"] == "Rundungsdifferenz"
    summary = re.search(r"Von \d+ Prüfregeln [^.]*\.", text).group(0)
    assert "Rundungsdifferenz" in summary and "Widerspruch" not in summary, summary

"""Every finding of the audit rests on the report's own words: each rule quotes them (Beleg), audit.csv and
the HTML audit table carry the quotation, and every quotation is verbatim in Werkreport 1 at the place it names.

The report text is tests/fixtures/werkreport/werkreport1.txt, a byte copy of the team's text version of the
report (the project reads nothing outside itself). The text version breaks lines inside sentences and
hyphenates at line ends; whitespace is compared normalised, and a hyphen at a line end keeps its hyphen
(„bedarfs- und“ → „bedarfs-und“ on both sides), so a quotation is never made to match by dropping words.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import html_tables
from evaluation.publication import audit, findings_table as ft

REPORT = Path(__file__).parent / "fixtures" / "werkreport" / "werkreport1.txt"
BELEG = "Beleg im Bericht"


def _norm(text: str) -> str:
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


@pytest.fixture(scope="module")
def report() -> str:
    return REPORT.read_text(encoding="utf-8")


def _cited(evidence: str) -> list[tuple[str, str]]:
    """(place, quotation) pairs of a Beleg '3.1: „…“; Abb. 2: „…“'."""
    pairs, pos = [], 0
    for quote in audit.quotations(evidence):
        start = evidence.index(f"„{quote}“", pos)
        pairs.append((evidence[pos:start].strip(" ;").rstrip(":").strip(), quote))
        pos = start + len(quote) + 2
    return pairs


def _sections(report: str) -> list[tuple[str, int]]:
    """(number, position in the normalised text) of the body's section headings, in order.

    A heading is a line '3.2.1.2 Title'; a bare chapter number ('4 Zusammenfassung und Fazit') only in the
    range of the chapters and on a short line without 'Vgl.', which tells it from footnotes ('4 Coronabedingte …').
    Where a heading also stands in the overview of chapter 3, the body's heading is the last one."""
    lines = report.splitlines()
    found = [(i, m) for i, m in enumerate(re.match(r"\s*(\d+(?:\.\d+)*)\s+([A-ZÄÖÜ].*?)\s*$", line) for line in lines)
             if m]
    chapters = max(int(m.group(1).split(".")[0]) for _, m in found if "." in m.group(1)) + 1
    heads = {m.group(1): i for i, m in found if "." in m.group(1) or (
        int(m.group(1)) <= chapters and "Vgl." not in m.group(2) and len(m.group(2).split()) <= 6)}
    return sorted(((number, len(_norm("\n".join(lines[:i])))) for number, i in heads.items()), key=lambda x: x[1])


def _in_place(place: str, quote: str, report: str) -> bool:
    """The quotation stands where the Beleg says: in section N, as caption of Abb. N, or as footnote N."""
    text, quote = _norm(report), _norm(quote)
    if match := re.fullmatch(r"Abb\. (\d+)", place):
        return f"Abb. {match.group(1)}: {quote}" in text
    if match := re.fullmatch(r"Fn\. (\d+)", place):
        return f" {match.group(1)} {quote}" in text
    assert re.fullmatch(r"\d+(\.\d+)*", place), f"Stelle {place!r} ist weder Abschnitt noch Abb. noch Fn."
    sections = _sections(report)
    starts = dict(sections)
    assert place in starts, f"Abschnitt {place} gibt es im Bericht nicht"
    after = [pos for number, pos in sections if pos > starts[place] and not number.startswith(place + ".")]
    end = min(after, default=len(text))
    return any(starts[place] < m.start() < end for m in re.finditer(re.escape(quote), text))


def test_the_fixture_is_the_report(report):
    assert "Werkreport 1" in report and "3.3.6 Bewertung der Prozessbegleitung durch die Kommunen" in report


@pytest.mark.parametrize("rule", audit.rules().itertuples(index=False), ids=lambda r: r.Regel)
def test_every_rule_quotes_the_report_verbatim_at_the_place_it_names(rule, report):
    cited = _cited(rule.Beleg)
    assert cited, f"{rule.Regel} ohne Beleg"
    for place, quote in cited:
        assert _norm(quote) in _norm(report), f"{rule.Regel}: nicht wörtlich im Bericht: {quote!r}"
        assert _in_place(place, quote, report), f"{rule.Regel}: {quote!r} steht nicht in {place}"


def test_place_check_tells_sections_apart(report):
    """The check above is no formality: a quotation under the wrong section, caption or footnote fails."""
    assert _in_place("3.3.2", "Workshops: 277", report)
    assert not _in_place("3.3.3", "Workshops: 277", report)
    assert _in_place("Fn. 9", "Eine Koordinierungskraft hat sich enthalten", report)
    assert not _in_place("Fn. 8", "Eine Koordinierungskraft hat sich enthalten", report)
    assert not _in_place("Abb. 7", "Lebenslagenbezug der Angebote, n = 43", report)
    assert _in_place("4", "Durch 27 regionale Workshops", report)
    assert not _in_place("3.1", "Durch 27 regionale Workshops", report)


def test_audit_csv_and_the_html_table_carry_the_quotation(pipeline_run):
    """audit.csv has the column „Beleg im Bericht“ with each rule's quotation; the audit table of Anlage A in
    the HTML report shows it."""
    assert ft.AUDIT_GERMAN["evidence"] == BELEG
    checks = pd.read_csv(pipeline_run["reports"] / "audit.csv", sep=";", encoding="utf-8-sig", dtype=str,
                         keep_default_na=False)
    rules = audit.rules().set_index("Regel")
    assert BELEG in checks.columns
    assert checks[BELEG].tolist() == rules.loc[checks["Regel"], "Beleg"].tolist()
    tables = html_tables(pipeline_run["reports"] / "werkreport.html")
    rows = next(rows for caption, rows in tables.items() if caption.startswith("Tabelle A2:"))  # Anlage A
    column = rows[0].index(BELEG)
    assert [r[column] for r in rows[1:]] == checks[BELEG].tolist()

"""The report's printed share where only its rounding differs (issue 16, item 5): value from the reference
table, explanation from the audit's rounding rule – never typed into the test or the prose."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation import metadata_files
from evaluation.prose import offers as offers_prose, structures as structures_prose
from evaluation.publication import appendix
from evaluation.publication.printed import rounding_difference
from evaluation.reporting_date import DEFAULT

NB = "\u00a0"


def _printed(finding_id: str) -> str:
    table = metadata_files.read("published_figures.csv").set_index("id")
    return str(table.loc[finding_id, "printed_value"])


@pytest.mark.parametrize("finding_id, count, n", [("participation_jobcenter", 10, 22), ("offers_all_ages_share", 17, 43)])
def test_rounding_difference_takes_the_printed_value_and_the_audit_rule(finding_id, count, n):
    found = rounding_difference(finding_id, count, n, DEFAULT)
    assert found is not None and found.printed == f"{_printed(finding_id)}{NB}%"
    assert found.rule == appendix.rounding_rule(count, n, _printed(finding_id))
    note = found.footnote()
    assert note.startswith("Rundungsdifferenz: Nachgerechnet") and f"{count} von {n}" in note
    assert f"der Werkreport druckt {found.printed}" in note and "kaufmännisch gerundet" in note
    assert "Widerspruch" not in note


def test_no_rounding_difference_at_another_date_another_count_or_a_reproduced_value():
    assert rounding_difference("participation_jobcenter", 10, 22, "2020-12-31") is None
    assert rounding_difference("participation_jobcenter", 9, 22, DEFAULT) is None
    assert rounding_difference("participation_public_health", 18, 22, DEFAULT) is None


def test_bodies_text_prints_the_report_value_with_a_footnote():
    printed = {"participation_jobcenter": rounding_difference("participation_jobcenter", 10, 22, DEFAULT)}
    frame = pd.DataFrame({"body": ["Jobcenter"], "count": [10], "share": [10 / 22], "n": [22]})
    text = structures_prose.bodies_text(frame, "Abb. 8", printed=printed)
    assert f"in {_printed('participation_jobcenter')}{NB}%[^rundung-participation-jobcenter] (10 von 22)" in text
    assert "[^rundung-participation-jobcenter]: Rundungsdifferenz:" in text
    plain = structures_prose.bodies_text(frame, "Abb. 8")
    assert f"45{NB}% (10 von 22)" in plain and "[^" not in plain


def test_bodies_text_says_in_allen_not_100_percent():
    frame = pd.DataFrame({"body": ["Kinder- und Jugendhilfe", "ÖGD"], "count": [22, 18], "share": [1.0, 18 / 22],
                          "n": [22, 22]})
    text = structures_prose.bodies_text(frame, "Abb. 6")
    assert text.startswith("Die Kinder- und Jugendhilfe ist in allen 22 Kommunen an den Gremien")
    assert "100" not in text and f"der ÖGD in 82{NB}% (18 von 22) der Kommunen (Abb. 6)." in text
    small = structures_prose.bodies_text(frame.assign(count=[5, 3], n=[5, 5], share=[1.0, 0.6]), "Abb. 6")
    assert "in allen fünf Kommunen" in small


def test_age_groups_text_prints_the_report_value_with_a_footnote():
    printed = {"offers_all_ages_share": rounding_difference("offers_all_ages_share", 17, 43, DEFAULT)}
    ages = pd.DataFrame({"age_group": ["altersübergreifend", "3 bis 6 Jahre", "0 bis 3 Jahre"], "count": [17, 14, 12],
                         "n": 43})
    text = offers_prose.age_groups_text(ages.assign(share=ages["count"] / 43), printed=printed)
    assert f"17 von 43 ({_printed('offers_all_ages_share')}{NB}%[^rundung-offers-all-ages-share])" in text
    assert f"(14 von 43, 33{NB}%)" in text
    assert text.count("[^rundung-offers-all-ages-share]:") == 1

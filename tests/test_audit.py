"""The consistency audit: rules applied to printed values, tested on values whose verdict is known."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW
from evaluation import formatting as fmt
from evaluation.data import clean
from evaluation.publication import audit, registry
from evaluation.publication.reconciliation import DIFFERS_AUDIT, REPRODUCED, reconcile


@pytest.mark.parametrize("printed, n, result", [("63", 8, audit.OK), ("54,5", 22, audit.OK), ("30", 37, audit.OK),
                                                ("46", 22, audit.CONTRADICTION), ("39", 43, audit.CONTRADICTION),
                                                ("40", 43, audit.OK)])
def test_share_must_follow_from_an_integer_count(printed, n, result):
    assert audit._check_share(printed, n)[0] == result


def test_truncation_is_recognised():
    _, text = audit._check_share("39", 43)
    assert "abgeschnitten statt gerundet passt 17 von 43" in text


def _rules(*rows):
    return pd.DataFrame(rows, columns=["Regel", "Art", "Kennungen", "Bezug", "Beschreibung"])


def _printed(**values):
    return pd.DataFrame({"id": list(values), "printed_value": list(values.values())})


@pytest.mark.parametrize("kind, ids, ref, values, result", [
    ("summe", "a b 1", "t", {"a": "5", "b": "10", "t": "16"}, audit.OK),
    ("summe", "a b 1", "t", {"a": "5", "b": "10", "t": "17"}, audit.CONTRADICTION),
    ("gleich", "a", "b", {"a": "27", "b": "277"}, audit.CONTRADICTION),
    ("monat_jahr", "m", "y", {"m": "2-3", "y": "24-36"}, audit.OK),
    ("monat_jahr", "m", "y", {"m": "2-3", "y": "24-30"}, audit.CONTRADICTION),
    ("gemeinsames_n", "a b", "10-30", {"a": "75", "b": "19"}, audit.NOTE),
])
def test_rule_kinds(kind, ids, ref, values, result):
    table = audit.run(None, printed_table=_printed(**values), rule_table=_rules(("X", kind, ids, ref, "Test")))
    assert table.loc[0, "result"] == result


def test_report_date_every_figure_reproduced_or_explained(published):
    ds = clean.build(RAW, "2022-03-31")
    table, checks = reconcile(ds)
    assert list(table["id"]) == list(published.index)
    assert set(table["status"]) <= {REPRODUCED, DIFFERS_AUDIT}, table[~table["status"].isin([REPRODUCED, DIFFERS_AUDIT])]
    explained = table[table["status"] == DIFFERS_AUDIT]
    assert explained["note"].str.len().gt(0).all()
    assert (checks["result"] == audit.CONTRADICTION).any()


# ---------------------------------------------------------------- the points, each against the real rules

@pytest.fixture(scope="module")
def reconciled():
    """(findings, audit) at the report's date, from the data and the published-figures table."""
    from evaluation.reporting_date import DEFAULT
    return reconcile(clean.build(RAW, DEFAULT))


def _printed_values() -> dict[str, str]:
    table = registry.published()
    return dict(zip(table["id"], table["printed_value"]))


def _rules_of(kind: str) -> pd.DataFrame:
    table = audit.rules()
    return table[table["Art"] == kind]


def test_footnote_marker_run_into_a_number_is_a_note_and_the_value_reproduced(reconciled):
    """„Workshops: 277“ is 27 with footnote marker 7: explained as an artefact of the text version, and the
    published value is the reading, so the data reproduce it."""
    table, checks = reconciled
    printed = _printed_values()
    published = registry.published().set_index("id")
    marker_rules = _rules_of("fussnotenzeichen")
    assert not marker_rules.empty
    for rule in marker_rules.itertuples():
        ids = rule.Kennungen.split()
        row = checks.set_index("rule").loc[rule.Regel]
        read, marker = printed[ids[0]], rule.Bezug[len(printed[ids[0]]):]
        assert rule.Bezug.startswith(read) and marker.isdigit()
        assert row["result"] == audit.NOTE, row["finding"]
        assert f"„{rule.Bezug}“" in row["finding"] and f"Fußnotenzeichen {marker}" in row["finding"]
        text = published.loc[ids[0], "published_text"]
        assert f"Fußnotenzeichen {marker}" in text and rule.Bezug in text, "published_text nennt die Lesart"
        assert set(table.set_index("id").loc[ids, "status"]) == {REPRODUCED}
        assert any(q.endswith(rule.Bezug) for q in audit.quotations(rule.Beleg)), "der Beleg zitiert die Textfassung"


@pytest.mark.parametrize("values, result", [({"a": "27", "s": "27"}, audit.NOTE),
                                            ({"a": "27", "s": "28"}, audit.CONTRADICTION),
                                            ({"a": "28", "s": "28"}, audit.CONTRADICTION)])
def test_footnote_marker_kind(values, result):
    rules = _rules(("X", "fussnotenzeichen", "a s", "277", "Test"))
    assert audit.run(None, printed_table=_printed(**values), rule_table=rules).loc[0, "result"] == result


def test_every_sum_adds_up_to_a_printed_figure():
    """A `summe` rule checks a total the report states; „entschieden und ausstehend ergänzen sich zu 100 %“
    is not said anywhere (68 % + 27 % leave one municipality without a documented decision)."""
    sums = _rules_of("summe")
    assert set(sums["Bezug"]) <= set(_printed_values()), sums[~sums["Bezug"].isin(_printed_values())]


def test_documented_reading_turns_a_sum_gap_into_a_note(reconciled):
    """R17/R18: the rule states the report's sum, adds the reading's term and names the reading."""
    _, checks = reconciled
    printed = _printed_values()
    with_reading = audit.rules()[audit.rules()["Lesart"] != ""]
    assert {"municipalities_total", "model_areas_total"} <= set(with_reading["Bezug"])
    for rule in with_reading.itertuples():
        row = checks.set_index("rule").loc[rule.Regel]
        term, why = audit._reading(rule.Lesart)
        parts = sum(audit._value(t, printed) for t in rule.Kennungen.split())
        assert parts != audit._value(rule.Bezug, printed) == parts + term
        assert row["result"] == audit.NOTE, row["finding"]
        assert why in row["finding"] and "Lesart" in row["finding"]
        assert f"angegeben ist {printed[rule.Bezug]}" in row["finding"]
    assert not (checks["result"] == audit.CONTRADICTION)[checks["ids"].str.contains("municipalities_total")].any()


@pytest.mark.parametrize("reading, result", [("+1: die eine fehlt", audit.NOTE), ("+2: zwei fehlen", audit.CONTRADICTION),
                                             ("", audit.CONTRADICTION)])
def test_summe_with_a_reading(reading, result):
    rules = pd.DataFrame([("X", "summe", "a b", "t", "Test", reading)],
                         columns=["Regel", "Art", "Kennungen", "Bezug", "Beschreibung", "Lesart"])
    table = audit.run(None, printed_table=_printed(a="5", b="10", t="16"), rule_table=rules)
    assert table.loc[0, "result"] == result
    if reading:
        assert audit._reading(reading)[1] in table.loc[0, "finding"]


def test_a_reading_only_where_it_can_be_added():
    rules = pd.DataFrame([("X", "gleich", "a", "b", "Test", "+1: passt nicht")],
                         columns=["Regel", "Art", "Kennungen", "Bezug", "Beschreibung", "Lesart"])
    with pytest.raises(ValueError, match="Lesart"):
        audit.run(None, printed_table=_printed(a="1", b="2"), rule_table=rules)


def test_rounding_twice_is_recognised(reconciled):
    """46 % of n = 22: 10/22 = 45,45 → 45,5 → 46 — the share check names it, beside the one-decimal share
    the report prints elsewhere."""
    table, checks = reconciled
    row = checks[checks["ids"] == "participation_jobcenter"].iloc[0]
    data = table.set_index("id").loc["participation_jobcenter"]
    k, n = int(data["numerator"]), int(data["denominator"])
    assert row["result"] == audit.CONTRADICTION
    assert f"zweimal gerundet (erst auf eine Nachkommastelle, dann auf ganze Prozent) passt {k} von {n}" in row["finding"]
    one_decimal = [v for v, u in zip(registry.published()["printed_value"], registry.published()["unit"])
                   if u == "percent" and "," in v]
    assert one_decimal and all(f"{v} %" in row["finding"] for v in one_decimal)


def test_every_share_contradiction_names_a_likely_cause(reconciled):
    """Truncation or rounding twice: the audit tries both for every share that no count gives."""
    _, checks = reconciled
    bad = checks[(checks["kind"] == "anteil") & (checks["result"] == audit.CONTRADICTION)]
    assert not bad.empty
    for row in bad.itertuples():
        assert "abgeschnitten statt gerundet" in row.finding or "zweimal gerundet" in row.finding, row.finding


def test_survey_n_is_the_one_footnote_9_gives(reconciled):
    """75 %, 19 %, 94 % with one abstention (Fn. 9): n is stated, not searched in a range, nothing invented."""
    _, checks = reconciled
    printed = _printed_values()
    survey = _rules_of("gemeinsames_n")
    survey = survey[survey["Kennungen"].str.contains("satisfaction_")]
    assert len(survey) == 1
    rule = survey.iloc[0]
    assert rule["Bezug"].isdigit(), "n steht in der Regel, kein Suchbereich"
    assert "Fn. 9" in rule["Beschreibung"] and "Fn. 9" in rule["Beleg"]
    n = int(rule["Bezug"])
    row = checks.set_index("rule").loc[rule["Regel"]]
    assert row["result"] == audit.OK, row["finding"]
    for i in rule["Kennungen"].split():
        value, d = audit.parse_printed(printed[i])
        k = next(k for k in range(n + 1) if float(fmt.round_half_up(100 * k / n, d)) == value)
        assert f"{k} von {n}" in row["finding"]


def test_no_audit_text_invents_answers(reconciled):
    _, checks = reconciled
    texts = " ".join(checks[["finding", "evidence"]].to_numpy().ravel()) + " ".join(audit.rules().to_numpy().ravel())
    for invented in ("etwa 20", "teils/teils"):
        assert invented not in texts

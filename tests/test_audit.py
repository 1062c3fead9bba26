"""The consistency audit: rules applied to printed values, tested on values whose verdict is known."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW
from evaluation import clean
from evaluation.publication import audit
from evaluation.publication.reconciliation import DIFFERS_AUDIT, REPRODUCED, findings_table


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
    table, checks = findings_table(ds)
    assert list(table["id"]) == list(published.index)
    assert set(table["status"]) <= {REPRODUCED, DIFFERS_AUDIT}, table[~table["status"].isin([REPRODUCED, DIFFERS_AUDIT])]
    explained = table[table["status"] == DIFFERS_AUDIT]
    assert explained["note"].str.len().gt(0).all()
    assert (checks["result"] == audit.CONTRADICTION).any()

"""Reconciliation with the printed report: one row per published figure, computed, formatted, compared, audited."""
from __future__ import annotations

import math

import pandas as pd

from evaluation import formatting as fmt
from evaluation.findings import uncertainty
from evaluation.findings.base import Count
from evaluation.reporting_date import DEFAULT as REPORT_DATE
from evaluation.publication import audit
from evaluation.publication.registry import FINDINGS, published

REPRODUCED = "reproduziert"
DIFFERS_AUDIT = "abweichend (Prüfbefund)"
DIFFERS = "abweichend"
NO_DATA = "keine Daten zum Stichtag"
OTHER_DATE = "anderer Stichtag"
COLUMNS = ["id", "section", "place", "numerator", "denominator", "share", "complete_count", "ci_low", "ci_high",
           "display", "printed_value", "unit", "status", "note"]


def display(count: Count, unit: str, printed: str) -> str:
    """What the report would print for `count`, in the printed value's format."""
    if unit == "range":
        return "" if count.low is None else f"{count.low:g}-{count.high:g}"
    if unit == "percent":
        if count.share is None:
            return ""
        _, decimals = audit.parse_printed(printed)
        return fmt.percent(count.share, decimals)
    return "" if count.numerator is None else fmt.number(count.numerator)


def _matches(count: Count, unit: str, printed: str) -> bool:
    value, decimals = audit.parse_printed(printed)
    if unit == "range":
        return count.low is not None and (count.low, count.high) == value
    if unit == "percent":
        if count.share is None:
            return False
        if printed.strip().startswith(">"):
            return 100 * count.share > value
        return float(fmt.round_half_up(100 * count.share, decimals)) == value
    return count.numerator is not None and math.isclose(count.numerator, value)


def reconcile(ds) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, audit) for the dataset's reporting date: each published value computed and compared."""
    rows, counts = [], {}
    for pub in published().itertuples(index=False):
        count = counts[pub.id] = FINDINGS[pub.id](ds)
        rows.append({"id": pub.id, "section": pub.section, "place": pub.place,
                     "numerator": count.numerator, "denominator": count.denominator, "share": count.share,
                     "display": display(count, pub.unit, pub.printed_value),
                     "printed_value": pub.printed_value, "unit": pub.unit})
    table = pd.DataFrame(rows)
    table["denominator"] = table["denominator"].astype("Int64")
    if table["numerator"].dropna().map(lambda v: float(v).is_integer()).all():
        table["numerator"] = table["numerator"].astype("Float64").astype("Int64")  # counts print as 22, not 22.0
    # A share of a complete count (all municipalities, all Landkreise, all offers) gets no sampling interval;
    # only a sample (the survey) does. complete_count is empty for plain counts (no share).
    table[uncertainty.COMPLETE] = pd.array([c.complete if c.share is not None else pd.NA for c in counts.values()],
                                          dtype="boolean")
    intervals = [uncertainty.wilson(c.numerator, c.denominator) if not c.complete else (None, None)
                 for c in counts.values()]
    table["ci_low"], table["ci_high"] = [i[0] for i in intervals], [i[1] for i in intervals]
    checks = audit.run(ds, table)
    contradictions = checks[checks["result"] == audit.CONTRADICTION]
    status, notes = [], []
    for row in table.itertuples(index=False):
        count = counts[row.id]
        rules = contradictions[contradictions["ids"].str.split().map(lambda ids: row.id in ids)]
        rule_note = "; ".join(f"{r.rule}: {r.finding}" for r in rules.itertuples())
        if row.display == "":
            status.append(NO_DATA)
            notes.append("Zum Stichtag liegen dafür keine Daten vor.")
        elif ds.reporting_date != REPORT_DATE:
            status.append(OTHER_DATE)
            notes.append(f"Werkreport 1 bezieht sich auf {fmt.date(REPORT_DATE)}.")
        elif _matches(count, row.unit, row.printed_value):
            status.append(REPRODUCED)
            notes.append(rule_note)
        elif rule_note:
            status.append(DIFFERS_AUDIT)
            notes.append(rule_note)
        else:
            status.append(DIFFERS)
            notes.append("Berechneter Wert weicht vom gedruckten ab; keine Prüfregel erklärt es.")
    from evaluation.data.quality import stale_note
    stale = stale_note(ds)
    if stale:
        notes = [f"{stale} {note}".strip() for note in notes]
    table["status"], table["note"] = status, notes
    return table[COLUMNS], checks

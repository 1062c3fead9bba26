"""3.2.1 Strategy and structures, read off the document-analysis codes (Abb. 4–9).

A municipality "has" an indicator when any of its documents dated by the reporting
date carries a code mapped to it — the QDA code-matrix reading of the report.

The share findings take `by=`, a column of ds.municipalities ("cohort", "type"): then one row per
group and category, the share over the group's own municipalities, the group's German label in
column `group` (findings.groups).
"""
from __future__ import annotations

import pandas as pd

from evaluation.findings.uncertainty import with_intervals
from evaluation.findings.base import Count, latest_value, municipalities_with, n_municipalities, share_of_municipalities
from evaluation.findings.groups import groups

# Abb. 6–8: which bodies each chart shows, in the report's order (values of indicator body_member).
BODIES = {
    "abb06": ["Kinder- und Jugendhilfe", "ÖGD"],
    "abb07": ["Kitafach- und Leitungskräfte", "Kommunale Kitafachdienste",
              "Kommunaler Bildungsbereich", "Schulleitungen und Schulsozialarbeit"],
    "abb08": ["Kinder- und Jugendhilfe", "ÖGD", "Jobcenter"],
}
ANALYSES = [("stock_taking", "Bestandsaufnahme/-analyse"), ("needs_determination", "Bedarfsbestimmung"),
            ("needs_survey", "Bedarfserhebung"), ("wishes_survey", "Bedürfniserhebung")]
# 3.2.1 and 3.2.1.1: the indicators of strategy and structure the text reports, in its order.
STRATEGY = [("political_resolution", "Politischer Beschluss"), ("impact_goal_defined", "IMPACT-Ziel definiert"),
            ("impact_orientation_started", "Wirkungsorientierte Arbeitsweise angestoßen"),
            ("impact_model_used", "Wirkungsmodell genutzt"),
            ("coordination_office_established", "Koordinierungsstelle eingerichtet")]


def indicator(ds, name: str, value: str | None = None) -> Count:
    return share_of_municipalities(ds, name, value)


def strategy_indicators(ds, by: str | None = None) -> pd.DataFrame:
    """3.2.1/3.2.1.1: per indicator of STRATEGY the municipalities whose documents carry it.

    Columns indicator, label, count, share, n, complete_count (with `by`: group after label).
    """
    categories = [(label, municipalities_with(ds, ind)) for ind, label in STRATEGY]
    table = _shares(ds, categories, "label", by)
    ids = dict((label, ind) for ind, label in STRATEGY)
    return table.assign(indicator=table["label"].map(ids))[["indicator", *table.columns]]


def impact_orientation(ds, by: str | None = None) -> pd.DataFrame:
    """Abb. 4: municipalities that started impact-oriented work (Ja) or not (Nein).

    Columns answer, count, share; with `by` one row per group and answer: answer, group, count, share, n.
    """
    started = municipalities_with(ds, "impact_orientation_started")
    if by is None:
        n = n_municipalities(ds)
        return pd.DataFrame({"answer": ["Ja", "Nein"], "count": [len(started), n - len(started)]}).assign(
            share=lambda t: t["count"] / n if n else float("nan"))
    rows = [(answer, group, len(ids & started) if answer == "Ja" else len(ids - started), len(ids))
            for group, ids in groups(ds, by) for answer in ("Ja", "Nein")]
    table = pd.DataFrame(rows, columns=["answer", "group", "count", "n"])
    return table.assign(share=table["count"] / table["n"])[["answer", "group", "count", "share", "n"]]


def coordination_location(ds) -> pd.DataFrame:
    """Abb. 5: department of the coordination office (latest coding per municipality)."""
    latest = latest_value(ds, "coordination_location")
    latest = latest[latest.index.isin(ds.municipalities["municipality_id"])]
    n = n_municipalities(ds)
    table = latest.value_counts().rename_axis("department").reset_index(name="count")
    table = table.sort_values(["count", "department"], ascending=[False, True], kind="mergesort")
    missing = n - int(table["count"].sum())
    if missing:
        table = pd.concat([table, pd.DataFrame([{"department": "nicht dokumentiert", "count": missing}])])
    return table.assign(share=table["count"] / n if n else float("nan")).reset_index(drop=True)


def coordination_in(ds, department: str) -> Count:
    table = coordination_location(ds).set_index("department")
    count = int(table["count"].get(department, 0))
    return Count(count, n_municipalities(ds))


def body_participation(ds, bodies: list[str], by: str | None = None) -> pd.DataFrame:
    """Abb. 6–8: share of municipalities whose steering bodies include each group of actors.

    Columns body, count, share, n, complete_count (True: every municipality is counted, no interval); with
    `by` (e.g. "cohort") one row per group and body – body, group, count, share, n (the group's municipalities),
    complete_count.
    """
    categories = [(b, municipalities_with(ds, "body_member", b)) for b in bodies]
    return _shares(ds, categories, "body", by)


def analyses(ds, by: str | None = None) -> pd.DataFrame:
    """Abb. 9: municipalities with at least one stock-taking, needs or wishes survey (`by` as body_participation)."""
    categories = [(label, municipalities_with(ds, ind)) for ind, label in ANALYSES]
    return _shares(ds, categories, "analysis", by)


def _shares(ds, categories: list[tuple[str, set[str]]], column: str, by: str | None) -> pd.DataFrame:
    """Per category (and group) the municipalities counted and their share of n (a complete count).

    The category comes first (charts mark reconstructed categories by the first column); rows run
    group by group, categories in the given order within each.
    """
    if by is None:
        n = n_municipalities(ds)
        table = pd.DataFrame([(c, len(ids)) for c, ids in categories], columns=[column, "count"])
        return _with_intervals(table.assign(share=table["count"] / n if n else float("nan"), n=n))
    rows = [(c, group, len(ids & members), len(members)) for group, members in groups(ds, by) for c, ids in categories]
    table = pd.DataFrame(rows, columns=[column, "group", "count", "n"])
    table = table.assign(share=table["count"] / table["n"])[[column, "group", "count", "share", "n"]]
    return _with_intervals(table)


def _with_intervals(table: pd.DataFrame) -> pd.DataFrame:
    """All programme municipalities (or all of a group) are counted: a complete count, no sampling interval."""
    return with_intervals(table, complete=True)

"""3.2.1 Strategy and structures, read off the document-analysis codes (Abb. 4–9).

A municipality "has" an indicator when any of its documents dated by the reporting
date carries a code mapped to it — the QDA code-matrix reading of the report.
"""
from __future__ import annotations

import pandas as pd

from evaluation.findings.uncertainty import wilson
from evaluation.findings.base import Count, latest_value, municipalities_with, n_municipalities, share_of_municipalities

# Abb. 6–8: which bodies each chart shows, in the report's order (values of indicator body_member).
BODIES = {
    "abb06": ["Kinder- und Jugendhilfe", "ÖGD"],
    "abb07": ["Kitafach- und Leitungskräfte", "Kommunale Kitafachdienste",
              "Kommunaler Bildungsbereich", "Schulleitungen und Schulsozialarbeit"],
    "abb08": ["Kinder- und Jugendhilfe", "ÖGD", "Jobcenter"],
}
ANALYSES = [("stock_taking", "Bestandsaufnahme/-analyse"), ("needs_determination", "Bedarfsbestimmung"),
            ("needs_survey", "Bedarfserhebung"), ("wishes_survey", "Bedürfniserhebung")]


def indicator(ds, name: str, value: str | None = None) -> Count:
    return share_of_municipalities(ds, name, value)


def impact_orientation(ds) -> pd.DataFrame:
    """Abb. 4: municipalities that started impact-oriented work (Ja) or not (Nein)."""
    started = len(municipalities_with(ds, "impact_orientation_started"))
    n = n_municipalities(ds)
    return pd.DataFrame({"answer": ["Ja", "Nein"], "count": [started, n - started]}).assign(
        share=lambda t: t["count"] / n if n else float("nan"))


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


def body_participation(ds, bodies: list[str]) -> pd.DataFrame:
    """Abb. 6–8: share of municipalities whose steering bodies include each group."""
    n = n_municipalities(ds)
    rows = [(b, len(municipalities_with(ds, "body_member", b))) for b in bodies]
    table = pd.DataFrame(rows, columns=["body", "count"])
    return _with_intervals(table.assign(share=table["count"] / n if n else float("nan"), n=n))


def analyses(ds) -> pd.DataFrame:
    """Abb. 9: municipalities with at least one stock-taking, needs or wishes survey."""
    n = n_municipalities(ds)
    rows = [(label, len(municipalities_with(ds, ind))) for ind, label in ANALYSES]
    table = pd.DataFrame(rows, columns=["analysis", "count"])
    return _with_intervals(table.assign(share=table["count"] / n if n else float("nan"), n=n))


def _with_intervals(table: pd.DataFrame) -> pd.DataFrame:
    """95 % Wilson interval per share: with n = 22 one municipality moves a share by 4,5 points."""
    intervals = [wilson(c, n) for c, n in zip(table["count"], table["n"])]
    return table.assign(ci_low=[i[0] for i in intervals], ci_high=[i[1] for i in intervals])

"""Tabelle 1 (contractual items) and Tabelle 2 (milestones): share of municipalities reaching each.

Rows and their indicators live in metadata/ as data; Tabelle 2's phases follow the
programme's process cycle (reconstructed: the report prints the table as an image).
"""
from __future__ import annotations

import pandas as pd

from evaluation import metadata_files
from evaluation.findings.base import municipalities_with, n_municipalities


def _reached(ds, indicator: str, value) -> set[str]:
    if indicator == "offers_developed":
        ids = set(ds.offers_families["municipality_id"].dropna()) | set(ds.offers_professionals["municipality_id"].dropna())
        return ids & set(ds.municipalities["municipality_id"])
    return municipalities_with(ds, indicator, value if isinstance(value, str) and value else None)


def _table(ds, file: str, label: str) -> pd.DataFrame:
    spec = metadata_files.read(file)
    n = n_municipalities(ds)
    counts = [len(_reached(ds, i, v)) for i, v in zip(spec["Indikator"], spec["Ausprägung"])]
    table = spec.drop(columns=["Indikator", "Ausprägung"]).assign(count=counts, n=n)
    return table.assign(share=table["count"] / n if n else float("nan")).rename(columns={label: "item"})


def contract_items(ds) -> pd.DataFrame:
    """Tabelle 1: each contractual item of section 2.2 with the municipalities fulfilling it."""
    return _table(ds, "tabelle1_leistungsrahmen.csv", "Vorgabe")


def milestones(ds) -> pd.DataFrame:
    """Tabelle 2: each milestone with the municipalities that reached it by the reporting date."""
    return _table(ds, "tabelle2_meilensteine.csv", "Meilenstein")

"""The code matrix (QDA "code matrix browser"): codes × municipalities or document groups."""
from __future__ import annotations

import pandas as pd


def code_matrix(segments: pd.DataFrame, by: str = "municipality_id", presence: bool = False) -> pd.DataFrame:
    """Counts of coded segments per code (rows) and `by` (columns); `presence` gives 0/1."""
    seg = segments[segments[by].notna()]
    table = pd.crosstab(seg["code"], seg[by]).sort_index()
    table.index.name, table.columns.name = "Code", {"municipality_id": "Kommune"}.get(by, "Dokumentgruppe")
    return (table > 0).astype(int) if presence else table


def by_pseudonym(table: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Column labels as municipality pseudonyms (Kommune A, B …), consistent across all outputs."""
    pseudonyms = dict(zip(municipalities["municipality_id"], municipalities["pseudonym"]))
    out = table.rename(columns=lambda c: pseudonyms.get(c) or c)
    return out[sorted(out.columns, key=lambda c: (len(str(c)), str(c)))]

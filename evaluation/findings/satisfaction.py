"""3.3.6 Satisfaction of the coordinators with the office (survey March 2021)."""
from __future__ import annotations

import pandas as pd

from ..vocabulary import SATISFACTION
from .base import Count

ABSTENTION = "Enthaltung"


def answers(ds) -> pd.DataFrame:
    """Answers per category incl. abstentions; shares over valid answers (abstentions excluded)."""
    counts = ds.survey["satisfaction"].value_counts().reindex(SATISFACTION, fill_value=0)
    valid = int(counts.drop(ABSTENTION).sum())
    table = counts.rename_axis("answer").reset_index(name="count")
    table["share"] = [c / valid if valid and a != ABSTENTION else float("nan")
                      for a, c in zip(table["answer"], table["count"])]
    return table.assign(valid=valid)


def share(ds, *categories: str) -> Count:
    table = answers(ds).set_index("answer")
    valid = int(table["valid"].iloc[0]) if len(table) else 0
    if valid == 0:
        return Count(None)
    return Count(int(table.loc[list(categories), "count"].sum()), valid)

"""3.3.6 Satisfaction of the coordinators with the office (survey March 2021)."""
from __future__ import annotations

import pandas as pd

from evaluation.vocabulary import SATISFACTION
from evaluation.findings.base import Count

ABSTENTION = "Enthaltung"
SATISFIED = ("sehr zufrieden", "zufrieden")  # the report's "sehr zufrieden oder zufrieden" (Kapitel 4: 94 %)


def answers(ds) -> pd.DataFrame:
    """Answers per category incl. abstentions; shares over all questionnaires returned.

    The report's 75 % / 19 % / 94 % are 12, 3 and 15 of 16 coordinators, one of whom abstained (Fn. 9):
    the abstention stays in the denominator, as the report counts it.
    """
    counts = ds.survey["satisfaction"].value_counts().reindex(SATISFACTION, fill_value=0)
    total = int(counts.sum())
    table = counts.rename_axis("answer").reset_index(name="count")
    table["share"] = [c / total if total else float("nan") for c in table["count"]]
    return table.assign(valid=total)


def share(ds, *categories: str) -> Count:
    table = answers(ds).set_index("answer")
    total = int(table["valid"].iloc[0]) if len(table) else 0
    if total == 0:
        return Count(None)
    # the questionnaires returned, not all coordinators: a sample with non-response, hence complete=False
    return Count(int(table.loc[list(categories), "count"].sum()), total, complete=False)


def satisfied(ds) -> Count:
    """Kapitel 4's "94 % ... sehr zufrieden oder zufrieden": both answers over all questionnaires returned.

    The abstention stays in the denominator as in 3.3.6 (Fn. 9): 12 + 3 of 16 = 93,75 % → 94 %; without it
    the share would be 15 of 15. Count(None) while no questionnaire is returned (before March 2021).
    """
    return share(ds, *SATISFIED)

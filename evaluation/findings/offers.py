"""3.2.2 Offers for families (Abb. 11–13) and for professionals (Abb. 14)."""
from __future__ import annotations

import pandas as pd

from evaluation.vocabulary import AGE_GROUPS, FAMILY_OFFER_KINDS, LIFE_SITUATIONS, PROFESSIONAL_OFFER_KINDS
from evaluation.findings.base import Count

LIFE_SITUATION_LABELS = {"materiell": "Materielle Lage", "sozial": "Soziale Lage",
                         "kulturell": "Kulturelle Lage", "gesundheitlich": "Gesundheitliche Lage"}


def _counts(values: pd.Series, order: list[str], n: int, name: str) -> pd.DataFrame:
    counts = values.value_counts().reindex(order, fill_value=0)
    table = counts.rename_axis(name).reset_index(name="count")
    return table.assign(share=table["count"] / n if n else float("nan"), n=n)


def family_offers(ds) -> Count:
    return Count(len(ds.offers_families))


def professional_offers(ds) -> Count:
    return Count(len(ds.offers_professionals))


def totals(ds) -> pd.DataFrame:
    """Offers reported by the date per audience (families, professionals) and how many municipalities reported them.

    Offers without a municipality (programme-wide) count as offers but not as a reporting municipality.
    """
    rows = [("Kinder und Familien", ds.offers_families), ("Fachkräfte", ds.offers_professionals)]
    return pd.DataFrame({
        "audience": [name for name, _ in rows],
        "count": [len(table) for _, table in rows],
        "municipalities": [int(table["municipality_id"].dropna().nunique()) for _, table in rows],
    })


def family_offers_by_kind(ds) -> pd.DataFrame:
    """Abb. 11 (sorted by count, as the report's bar chart)."""
    table = _counts(ds.offers_families["kind"], FAMILY_OFFER_KINDS, len(ds.offers_families), "kind")
    return table.sort_values(["count", "kind"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def family_offers_by_life_situation(ds) -> pd.DataFrame:
    """Abb. 12: offers per life-situation dimension; an offer can serve several (shares over n offers)."""
    table = _counts(ds.offer_life_situations["life_situation"], LIFE_SITUATIONS,
                    len(ds.offers_families), "life_situation")
    return table.assign(label=table["life_situation"].map(LIFE_SITUATION_LABELS))


def family_offers_by_age_group(ds) -> pd.DataFrame:
    """Abb. 13."""
    return _counts(ds.offers_families["age_group"], AGE_GROUPS, len(ds.offers_families), "age_group")


def _with_kinds(table: pd.DataFrame, pairs: pd.DataFrame, name: str) -> pd.DataFrame:
    """`table` plus one count column per kind of offer (the report's text reads the bars by kind)."""
    kinds = [k for k in FAMILY_OFFER_KINDS if k in set(pairs["kind"])]
    wide = pd.crosstab(pairs[name], pairs["kind"]).reindex(index=table[name], columns=kinds, fill_value=0)
    return table.join(wide.reset_index(drop=True).astype(int))


def family_offers_by_life_situation_and_kind(ds) -> pd.DataFrame:
    """Abb. 12 with the kinds of offer inside each bar: which kinds serve several life situations."""
    pairs = ds.offer_life_situations.merge(ds.offers_families[["offer_no", "kind"]], on="offer_no")
    return _with_kinds(family_offers_by_life_situation(ds), pairs, "life_situation")


def family_offers_by_age_group_and_kind(ds) -> pd.DataFrame:
    """Abb. 13 with the kinds of offer inside each bar: which kinds make up the cross-age offers."""
    return _with_kinds(family_offers_by_age_group(ds), ds.offers_families[["age_group", "kind"]], "age_group")


def family_offer_share(ds, column: str, value: str) -> Count:
    if column == "life_situation":
        table = family_offers_by_life_situation(ds).set_index("life_situation")
    else:
        table = family_offers_by_age_group(ds).set_index("age_group")
    return Count(int(table.at[value, "count"]), len(ds.offers_families))


def professional_offers_by_kind(ds) -> pd.DataFrame:
    """Abb. 14."""
    table = _counts(ds.offers_professionals["kind"], PROFESSIONAL_OFFER_KINDS,
                    len(ds.offers_professionals), "kind")
    return table.sort_values(["count", "kind"], ascending=[False, True], kind="mergesort").reset_index(drop=True)

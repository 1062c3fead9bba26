"""What every finding is: a count, optionally over a denominator (n)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Count:
    """`numerator` of `denominator` (None for plain counts); ranges carry `low`/`high`."""
    numerator: float | None
    denominator: int | None = None
    low: float | None = None
    high: float | None = None

    @property
    def share(self) -> float | None:
        if self.denominator in (None, 0) or self.numerator is None:
            return None
        return self.numerator / self.denominator


def municipalities_with(dataset, indicator: str, value: str | None = None) -> set[str]:
    """Municipalities whose documents carry a code of `indicator` (and `value`) by the date."""
    return set(_coded(dataset).get((indicator, value), ()))


def _coded(dataset) -> dict[tuple[str, str | None], set[str]]:
    """Per (indicator, value) and per (indicator, None) the programme's municipalities coded with it.

    One pass over the segments, kept on the dataset for as long as its segment table is the same
    object: the findings ask this dozens of times, and at 1000 × the reconstruction every ask was a
    scan of 870,000 segments.
    """
    seg, municipalities = dataset.document_segments, dataset.municipalities
    cached = dataset.__dict__.get("_coded")
    if cached is not None and cached[0] is seg and cached[1] is municipalities:
        return cached[2]
    known = seg["municipality_id"].isin(municipalities["municipality_id"]) & seg["indicator"].notna()
    pairs = seg.loc[known, ["indicator", "value", "municipality_id"]].drop_duplicates()
    coded = {(i, None): set(ids) for i, ids in pairs.groupby("indicator")["municipality_id"].unique().items()}
    with_value = pairs.dropna(subset=["value"]).groupby(["indicator", "value"])["municipality_id"].unique()
    coded.update({key: set(ids) for key, ids in with_value.items()})
    dataset.__dict__["_coded"] = (seg, municipalities, coded)
    return coded


def n_municipalities(dataset) -> int:
    return len(dataset.municipalities)


def share_of_municipalities(dataset, indicator: str, value: str | None = None) -> Count:
    return Count(len(municipalities_with(dataset, indicator, value)), n_municipalities(dataset))


def latest_value(dataset, indicator: str) -> pd.Series:
    """Per municipality the value of its latest segment for `indicator` (by document date)."""
    seg = dataset.document_segments
    seg = seg[(seg["indicator"] == indicator) & seg["municipality_id"].notna()]
    seg = seg.sort_values(["municipality_id", "document_date", "value"], kind="mergesort")
    return seg.groupby("municipality_id")["value"].last()

"""What every finding is: a count, optionally over a denominator (n)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evaluation.data.dataset import TEXT


@dataclass(frozen=True)
class Count:
    """`numerator` of `denominator` (None for plain counts); ranges carry `low`/`high`.

    `complete`: the denominator is the whole population (all programme municipalities, all Landkreise of
    Lower Saxony, all reported offers) – nothing was sampled, so a share gets no sampling interval. False
    where the denominator is a sample or the answers returned (the coordinators' survey).
    """
    numerator: float | None
    denominator: int | None = None
    low: float | None = None
    high: float | None = None
    complete: bool = True

    @property
    def share(self) -> float | None:
        if self.denominator in (None, 0) or self.numerator is None:
            return None
        return self.numerator / self.denominator


def municipalities_with(dataset, indicator: str, value: str | None = None) -> set[str]:
    """Municipalities whose documents carry a code of `indicator` (and `value`) by the date."""
    pairs = dataset.coded_municipalities
    hit = pairs["indicator"] == indicator
    if value is not None:
        hit &= pairs["value"] == value
    return set(pairs.loc[hit, "municipality_id"].tolist())


def n_municipalities(dataset) -> int:
    return len(dataset.municipalities)


def share_of_municipalities(dataset, indicator: str, value: str | None = None) -> Count:
    return Count(len(municipalities_with(dataset, indicator, value)), n_municipalities(dataset))


def segments_of(dataset, indicator: str) -> pd.DataFrame:
    """The segments coding `indicator` for a municipality: indicator, value, municipality_id, document_date.

    Read as categoricals (a code per segment, not a string) and turned back into text once filtered: one
    indicator is a small part of the 890,000 segments of 1000 × the reconstruction.
    """
    text = ["indicator", "value", "municipality_id"]
    seg = dataset.columns("document_segments", [*text, "document_date"], categorical=True)
    seg = seg[(seg["indicator"] == indicator) & seg["municipality_id"].notna()]
    return seg.astype({c: TEXT for c in text})


def latest_value(dataset, indicator: str) -> pd.Series:
    """Per municipality the value of its latest segment for `indicator` (by document date)."""
    seg = segments_of(dataset, indicator)
    seg = seg.sort_values(["municipality_id", "document_date", "value"], kind="mergesort")
    return seg.groupby("municipality_id")["value"].last()

"""3.2.3 Auswirkungen von Corona: who started or deepened in 2020, who left."""
from __future__ import annotations

import pandas as pd

from evaluation.findings.base import Count

PANDEMIC_YEAR = 2020


def new_municipalities(ds, year: int = PANDEMIC_YEAR) -> Count:
    return Count(int((ds.municipalities["funding_start"].dt.year == year).sum()))


def deepening_decided(ds, year: int = PANDEMIC_YEAR) -> Count:
    areas = ds.model_areas
    return Count(int(((areas["kind"] == "Vertiefung") & (areas["decided_on"].dt.year == year)).sum()))


def left_programme(ds) -> Count:
    """Municipalities with a recorded exit (column 'Ausgeschieden am') by the reporting date."""
    left = ds.municipalities.get("left_on")
    if left is None:
        return Count(0)
    return Count(int((left.notna() & (left <= pd.Timestamp(ds.reporting_date))).sum()))

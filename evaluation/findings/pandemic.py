"""3.2.3 Auswirkungen von Corona: who started or deepened in 2020, who left, who documented adapting."""
from __future__ import annotations

import pandas as pd

from evaluation.findings.base import Count, municipalities_with, n_municipalities

PANDEMIC_YEAR = 2020
# The first month of the pandemic's restrictions; 3.3.5 compares the office's formats before and since.
PANDEMIC_START = "2020-03-01"
ADAPTATION = "pandemic_adaptation"  # code Corona\Anpassung of the document analysis


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


def events_by_year(ds) -> pd.DataFrame:
    """Per calendar year up to the reporting date: municipalities that started, deepenings decided, exits.

    The year of the reporting date counts only up to that date (column partial_year).
    """
    m, cut = ds.municipalities, pd.Timestamp(ds.reporting_date)
    columns = ["year", "started", "deepening_decided", "left", "partial_year"]
    if m.empty:
        return pd.DataFrame(columns=columns)
    years = list(range(int(m["funding_start"].dt.year.min()), cut.year + 1))
    left = m.get("left_on", pd.Series(pd.NaT, index=m.index))
    left = left[left.notna() & (left <= cut)].dt.year.value_counts()
    return pd.DataFrame({
        "year": years,
        "started": [int(new_municipalities(ds, y).numerator) for y in years],
        "deepening_decided": [int(deepening_decided(ds, y).numerator) for y in years],
        "left": [int(left.get(y, 0)) for y in years],
        "partial_year": [y == cut.year and not (cut.month == 12 and cut.day == 31) for y in years],
    }, columns=columns)


def adaptations(ds) -> pd.DataFrame:
    """Municipalities whose documents (by the date) describe adapting their work to the pandemic.

    One row per such municipality with its cohort and end of funding; `n` is the number of programme
    municipalities the count is out of.
    """
    ids = municipalities_with(ds, ADAPTATION)
    m = ds.municipalities
    table = m.loc[m["municipality_id"].isin(ids), ["municipality_id", "name", "cohort", "funding_end"]]
    return table.sort_values("municipality_id", kind="mergesort").reset_index(drop=True).assign(
        n=n_municipalities(ds))

"""3.3 Leistungsbilanz der Prozessbegleitung: the office's activity log (Abb. 15)."""
from __future__ import annotations

import math

import numpy as np

import pandas as pd

from evaluation.findings.base import Count

PROCESS_CONTACT = "Beratungskontakt"
IMPACT_CONTACT = "Beratungskontakt Wirkungsorientierung"


def activity_count(ds, kind: str) -> Count:
    return Count(int((ds.activities["kind"] == kind).sum()))


def active_months(ds) -> pd.Series:
    """Per municipality the number of calendar months funded (own period and deepening areas) by the date."""
    cut = pd.Timestamp(ds.reporting_date)
    periods = pd.concat([
        ds.municipalities[["municipality_id", "funding_start", "funding_end"]].set_axis(
            ["municipality_id", "start", "end"], axis=1),
        ds.model_areas.loc[ds.model_areas["kind"] == "Vertiefung", ["municipality_id", "start", "end"]],
    ])
    periods = periods[periods["start"] <= cut]
    first = (periods["start"].dt.year * 12 + periods["start"].dt.month - 1).to_numpy()
    end = periods["end"].clip(upper=cut)
    last = (end.dt.year * 12 + end.dt.month - 1).to_numpy()
    lengths = np.maximum(last - first + 1, 0)
    starts = np.cumsum(lengths) - lengths  # month k of a period is first + k: one arange for all periods
    months = pd.DataFrame({  # one row per funded month; overlapping periods count once
        "municipality_id": np.repeat(periods["municipality_id"].to_numpy(), lengths),
        "month": np.repeat(first, lengths) + np.arange(lengths.sum()) - np.repeat(starts, lengths),
    }).drop_duplicates()
    return months.groupby("municipality_id").size().rename("months").astype("int64")


def contacts_per_month(ds, kind: str = PROCESS_CONTACT) -> pd.DataFrame:
    """Per municipality: contacts of `kind`, funded months, mean contacts per month."""
    months = active_months(ds)
    acts = ds.activities
    counts = acts.loc[acts["kind"] == kind].groupby("municipality_id").size()
    table = pd.DataFrame({"months": months}).join(counts.rename("contacts")).fillna({"contacts": 0})
    table = table[table["months"] > 0]
    return table.assign(per_month=table["contacts"] / table["months"]).rename_axis("municipality_id").reset_index()


def contact_range(ds, kind: str = PROCESS_CONTACT, per: str = "month") -> Count:
    """'mindestens X bis Y' per municipality: the floor of the lowest and highest monthly mean.

    Per year is twelve times the monthly bounds, as the report derives it.
    """
    table = contacts_per_month(ds, kind)
    table = table[table["contacts"] > 0]
    if table.empty:
        return Count(None)
    low, high = math.floor(table["per_month"].min()), math.floor(table["per_month"].max())
    factor = 12 if per == "year" else 1
    return Count(None, low=low * factor, high=high * factor)


def trainings_by_year(ds) -> pd.DataFrame:
    """Abb. 15: trainings for coordinators per year and format; the last year may be partial."""
    acts = ds.activities.loc[ds.activities["kind"] == "Fortbildung"]
    year = acts["date"].dt.year.rename("year")
    table = acts.groupby([year, acts["format"].fillna("ohne Angabe")]).size().rename("count").reset_index()
    cut = pd.Timestamp(ds.reporting_date)
    partial = not (cut.month == 12 and cut.day == 31)
    table["partial_year"] = partial & (table["year"] == cut.year)
    return table.sort_values(["year", "format"], kind="mergesort").reset_index(drop=True)

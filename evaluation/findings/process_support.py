"""3.3 Leistungsbilanz der Prozessbegleitung: the office's activity log (Abb. 15)."""
from __future__ import annotations

import math

import numpy as np

import pandas as pd

from evaluation.data.dataset import TEXT
from evaluation.findings.base import Count
from evaluation.findings.pandemic import PANDEMIC_START
from evaluation.vocabulary import ACTIVITY_KINDS, FORMATS

PROCESS_CONTACT = "Beratungskontakt"
IMPACT_CONTACT = "Beratungskontakt Wirkungsorientierung"
IMPACT_WORKSHOP = "Workshop Wirkungsorientierung"
NO_FORMAT = "ohne Angabe"


def _activities(ds, *columns: str) -> pd.DataFrame:
    """Only these columns of the activity log, text as categoricals: at 1000 × the reconstruction its 3.6 million
    rows hold a dozen kinds, three formats and 22,000 municipalities (45 MB as codes, 200 MB as text)."""
    return ds.columns("activities", list(columns), categorical=True)


def _filled(values: pd.Series, value: str) -> pd.Series:
    """`values` with `value` where missing (a categorical learns it as a category first)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and value not in values.cat.categories:
        values = values.cat.add_categories([value])
    return values.fillna(value)


def _size(keys: list[pd.Series]) -> pd.Series:
    """Rows per combination of `keys` (as groupby(keys).size() of their text): observed combinations only,
    rows with a missing key left out, sorted by the keys; categorical keys come back as text (TEXT). On
    categoricals pandas groups by their integer codes, not by millions of strings."""
    names = [k.name for k in keys]
    counts = pd.concat(keys, axis=1).groupby(names, observed=True, sort=False).size()
    table = counts.index.to_frame(index=False)
    table = table.astype({n: TEXT for n, k in zip(names, keys) if isinstance(k.dtype, pd.CategoricalDtype)})
    table["_size"] = counts.to_numpy(dtype="int64")
    return table.sort_values(names, kind="mergesort").set_index(names)["_size"].rename(None)


def activity_count(ds, kind: str) -> Count:
    return Count(int((_activities(ds, "kind")["kind"] == kind).sum()))


def activity_counts(ds, by: str | None = None) -> pd.DataFrame:
    """Activities of the office per kind (every kind of the log, 0 where none), optionally per `by`.

    by=None: kind, count; by="year": year, kind, count (only years with activities);
    by="format": kind, format, count (format 'ohne Angabe' where the log has none, e.g. publications).
    """
    acts = _activities(ds, "date", "kind", "format")
    if by is None:
        counts = _size([acts["kind"]]).reindex(ACTIVITY_KINDS, fill_value=0)
        return counts.rename_axis("kind").reset_index(name="count").astype({"count": "int64"})
    if by == "year":
        keys = [acts["date"].dt.year.rename("year"), acts["kind"]]
    elif by == "format":
        keys = [acts["kind"], _filled(acts["format"], NO_FORMAT).rename("format")]
    else:
        raise ValueError(f"activity_counts: by={by!r} (erlaubt: None, 'year', 'format')")
    table = _size(keys).rename("count").reset_index()
    order = {k: i for i, k in enumerate(ACTIVITY_KINDS)}
    first = "year" if by == "year" else "kind"
    table = table.sort_values([first, "kind"] if by == "year" else ["kind", "format"], kind="mergesort",
                              key=lambda c: c.map(order) if c.name == "kind" else c)
    return table.reset_index(drop=True).astype({"count": "int64"})


def formats_by_period(ds, start: str = PANDEMIC_START) -> pd.DataFrame:
    """Per kind of activity and period (before / since `start`): count per format and its share of the period.

    One row per kind, period and format (Präsenz, digital, hybrid, 'ohne Angabe'), zeros included for kinds
    with activities in the period; since_pandemic False/True. The share is of the kind's activities in the period.
    """
    acts = _activities(ds, "date", "kind", "format")
    columns = ["kind", "since_pandemic", "format", "count", "total", "share"]
    if acts.empty:
        return pd.DataFrame(columns=columns)
    since = (acts["date"] >= pd.Timestamp(start)).rename("since_pandemic")
    fmt = _filled(acts["format"], NO_FORMAT).rename("format")
    counts = _size([acts["kind"], since, fmt])
    formats = FORMATS + [NO_FORMAT]
    present = counts.groupby(level=["kind", "since_pandemic"]).sum().index
    index = pd.MultiIndex.from_tuples([(k, p, f) for k, p in present for f in formats],
                                      names=["kind", "since_pandemic", "format"])
    table = counts.reindex(index, fill_value=0).rename("count").reset_index()
    table["total"] = table.groupby(["kind", "since_pandemic"])["count"].transform("sum")
    table["share"] = table["count"] / table["total"]
    order = {k: i for i, k in enumerate(ACTIVITY_KINDS)}
    table = table.sort_values(["kind", "since_pandemic"], kind="mergesort",
                              key=lambda c: c.map(order) if c.name == "kind" else c)
    return table[columns].reset_index(drop=True).astype({"count": "int64", "total": "int64"})


def active_months(ds, planned: bool = False) -> pd.Series:
    """Per municipality the number of calendar months funded (own period and deepening areas) by the date.

    planned=True counts the whole funding periods known at the date, also the months after it
    (how long a municipality is supported in all, e.g. three or five years).
    """
    cut = pd.Timestamp(ds.reporting_date)
    periods = pd.concat([
        ds.municipalities[["municipality_id", "funding_start", "funding_end"]].set_axis(
            ["municipality_id", "start", "end"], axis=1),
        ds.model_areas.loc[ds.model_areas["kind"] == "Vertiefung", ["municipality_id", "start", "end"]],
    ])
    periods = periods[periods["start"] <= cut]
    first = (periods["start"].dt.year * 12 + periods["start"].dt.month - 1).to_numpy()
    end = periods["end"] if planned else periods["end"].clip(upper=cut)
    last = (end.dt.year * 12 + end.dt.month - 1).to_numpy()
    lengths = np.maximum(last - first + 1, 0)
    starts = np.cumsum(lengths) - lengths  # month k of a period is first + k: one arange for all periods
    codes, ids = pd.factorize(periods["municipality_id"])  # -1: no municipality
    who = np.repeat(codes, lengths)
    month = np.repeat(first, lengths) + np.arange(lengths.sum()) - np.repeat(starts, lengths)
    who, month = who[who >= 0], month[who >= 0]
    if not len(who):
        return pd.Series([], index=pd.Index([], dtype=object, name="municipality_id"), name="months", dtype="int64")
    # a grid municipality × month marked where funded: overlapping periods count once
    funded = np.zeros((len(ids), int(month.max() - month.min()) + 1), dtype=bool)
    funded[who, month - month.min()] = True
    counts = funded.sum(axis=1)
    index = pd.Index(np.asarray(ids, dtype=object), name="municipality_id")
    months = pd.Series(counts, index=index, name="months").astype("int64")
    return months[months > 0].sort_index(kind="mergesort")


def _per_municipality(ds, kind: str) -> pd.Series:
    """Activities of `kind` per municipality (municipalities with at least one)."""
    acts = _activities(ds, "kind", "municipality_id")
    return _size([acts.loc[acts["kind"] == kind, "municipality_id"]])


def contacts_per_month(ds, kind: str = PROCESS_CONTACT) -> pd.DataFrame:
    """Per municipality: contacts of `kind`, funded months, mean contacts per month."""
    months = active_months(ds)
    counts = _per_municipality(ds, kind)
    table = pd.DataFrame({"months": months}).join(counts.rename("contacts")).fillna({"contacts": 0})
    table = table[table["months"] > 0]
    return table.assign(per_month=table["contacts"] / table["months"]).rename_axis("municipality_id").reset_index()


def _floor_range(table: pd.DataFrame) -> tuple[int, int] | None:
    """'mindestens X bis Y': the floor of the lowest and the highest monthly mean of municipalities with contacts."""
    table = table[table["contacts"] > 0]
    if table.empty:
        return None
    return math.floor(table["per_month"].min()), math.floor(table["per_month"].max())


def contact_range(ds, kind: str = PROCESS_CONTACT, per: str = "month") -> Count:
    """'mindestens X bis Y' per municipality: the floor of the lowest and highest monthly mean.

    Per year is twelve times the monthly bounds, as the report derives it.
    """
    bounds = _floor_range(contacts_per_month(ds, kind))
    if bounds is None:
        return Count(None)
    factor = 12 if per == "year" else 1
    return Count(None, low=bounds[0] * factor, high=bounds[1] * factor)


def contact_frequency(ds, kinds: tuple[str, ...] = (PROCESS_CONTACT, IMPACT_CONTACT)) -> pd.DataFrame:
    """3.3.1/3.3.2 in one row per kind of advisory contact, from the per-municipality means of contacts_per_month.

    municipalities: funded by the date; with_contacts: of these with at least one contact; contacts: all
    contacts; months_min/max: funded months per municipality; mean_min/max: lowest and highest monthly mean;
    per_month_low/high: their floors ('mindestens X bis Y pro Monat'); per_year_low/high: twelve times those.
    Bounds are missing (NA) while no municipality had a contact.
    """
    rows = []
    for kind in kinds:
        table = contacts_per_month(ds, kind)
        bounds = _floor_range(table)
        with_contacts = table[table["contacts"] > 0]
        rows.append({
            "kind": kind, "municipalities": len(table), "with_contacts": len(with_contacts),
            "contacts": int(table["contacts"].sum()),
            "months_min": table["months"].min() if len(table) else pd.NA,
            "months_max": table["months"].max() if len(table) else pd.NA,
            "mean_min": with_contacts["per_month"].min() if bounds else pd.NA,
            "mean_max": with_contacts["per_month"].max() if bounds else pd.NA,
            "per_month_low": bounds[0] if bounds else pd.NA, "per_month_high": bounds[1] if bounds else pd.NA,
            "per_year_low": 12 * bounds[0] if bounds else pd.NA, "per_year_high": 12 * bounds[1] if bounds else pd.NA,
        })
    ints = ["months_min", "months_max", "per_month_low", "per_month_high", "per_year_low", "per_year_high"]
    return pd.DataFrame(rows).astype({c: "Int64" for c in ints} | {"mean_min": "Float64", "mean_max": "Float64"})


def support_duration(ds) -> pd.DataFrame:
    """Per municipality in the programme: months funded by the date and months funded in all (planned)."""
    done, planned = active_months(ds), active_months(ds, planned=True)
    table = pd.DataFrame({"months_by_date": done, "months_planned": planned}).fillna(0).astype("int64")
    return table.rename_axis("municipality_id").reset_index()


def workshops_per_municipality(ds) -> pd.DataFrame:
    """Impact-orientation workshops per municipality funded by the date (0 where none yet), Fn. 7's second dates."""
    months = active_months(ds)
    counts = _per_municipality(ds, IMPACT_WORKSHOP)
    ids = months.index.union(counts.index)
    table = pd.DataFrame({"workshops": counts.reindex(ids, fill_value=0)}).astype("int64")
    return table.rename_axis("municipality_id").reset_index()


def trainings_by_year(ds) -> pd.DataFrame:
    """Abb. 15: trainings for coordinators per year and format; the last year may be partial."""
    acts = _activities(ds, "date", "kind", "format")
    acts = acts.loc[acts["kind"] == "Fortbildung"]
    year = acts["date"].dt.year.rename("year")
    table = _size([year, _filled(acts["format"], NO_FORMAT)]).rename("count").reset_index()
    cut = pd.Timestamp(ds.reporting_date)
    partial = not (cut.month == 12 and cut.day == 31)
    table["partial_year"] = partial & (table["year"] == cut.year)
    return table.sort_values(["year", "format"], kind="mergesort").reset_index(drop=True)

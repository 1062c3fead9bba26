"""3.1 Inanspruchnahme: municipalities, model areas, cohorts, quotas against the register (Abb. 2, 3)."""
from __future__ import annotations

import pandas as pd

from evaluation.findings import uncertainty
from evaluation.findings.base import Count

DISTRICT_TYPES = ("Landkreis", "Region")


def municipalities_total(ds) -> Count:
    return Count(len(ds.municipalities))


def model_areas_total(ds) -> Count:
    return Count(len(ds.model_areas))


def cohorts(ds) -> Count:
    return Count(ds.municipalities["cohort"].nunique())


def by_type(ds, *types: str) -> Count:
    return Count(int(ds.municipalities["type"].isin(types).sum()))


def deepening_phases(ds) -> Count:
    return Count(int((ds.model_areas["kind"] == "Vertiefung").sum()))


def quotas(ds) -> pd.DataFrame:
    """Abb. 3: participating Landkreise (incl. Region Hannover) and kreisfreie Städte over the register."""
    register = ds.register["type"].value_counts()
    rows = [
        ("Landkreise*", by_type(ds, *DISTRICT_TYPES).numerator, int(register.get("Landkreis", 0))),
        ("Kreisfreie Städte", by_type(ds, "kreisfreie Stadt").numerator, int(register.get("Kreisfreie Stadt", 0))),
    ]
    table = pd.DataFrame(rows, columns=["category", "participating", "total"])
    table["share"] = table["participating"] / table["total"]
    # all Landkreise and kreisfreie Städte of the register: a complete count, no sampling interval
    return uncertainty.with_intervals(table, complete=True, count="participating", n="total")


def quota(ds, category: str) -> Count:
    row = quotas(ds).set_index("category").loc[category]
    return Count(int(row["participating"]), int(row["total"]))


def funding_periods(ds) -> pd.DataFrame:
    """Abb. 2: one bar per model area with its municipality, kind, cohort and period."""
    m = ds.municipalities.set_index("municipality_id")
    table = ds.model_areas.assign(
        municipality=ds.model_areas["municipality_id"].map(m["name"]),
        cohort=ds.model_areas["municipality_id"].map(m["cohort"]),
    )
    return table[["model_area", "municipality", "kind", "cohort", "start", "end"]].sort_values(
        ["cohort", "municipality", "start", "model_area"], kind="mergesort").reset_index(drop=True)


def funded_per_quarter(periods: pd.DataFrame) -> pd.DataFrame:
    """Abb. 2 for many model areas: per quarter, cohort and kind the model areas funded in it.

    A period counts in every quarter it touches (start and end inclusive), so the bars of one cohort
    rise and fall where its funding starts and ends. `periods` as funding_periods returns them; one row
    per quarter, cohort and kind with at least one model area (quarter as a pandas Period).
    """
    first = periods["start"].dt.to_period("Q")
    last = periods["end"].dt.to_period("Q")
    keys = ["cohort", "kind"]
    # +1 in the first quarter, −1 after the last: the running sum per cohort and kind is the number funded
    steps = pd.concat([periods[keys].assign(quarter=first, step=1),
                       periods[keys].assign(quarter=last + 1, step=-1)])
    steps = steps.groupby([*keys, "quarter"])["step"].sum().unstack(keys, fill_value=0)
    quarters = pd.period_range(steps.index.min(), steps.index.max(), freq="Q", name="quarter")
    funded = steps.reindex(quarters, fill_value=0).cumsum().stack(keys, future_stack=True).rename("funded")
    table = funded[funded > 0].reset_index()[["quarter", *keys, "funded"]]
    return table.sort_values(["quarter", *keys], kind="mergesort").reset_index(drop=True).astype({"funded": "int64"})


def participants(ds) -> pd.DataFrame:
    """3.1: one row per programme municipality by the date – municipality, type, cohort, its model areas
    and how many of them are deepening phases (decided ones included, even if they start later); with the
    optional Belegstatus also `evidence`."""
    m, areas = ds.municipalities, ds.model_areas
    per = areas.assign(deepening=areas["kind"] == "Vertiefung").groupby("municipality_id")["deepening"]
    ids = m["municipality_id"]
    table = pd.DataFrame({
        "municipality": m["name"].to_numpy(), "type": m["type"].to_numpy(), "cohort": m["cohort"].to_numpy(),
        "model_areas": ids.map(per.size()).fillna(0).astype("int64").to_numpy(),
        "deepening": ids.map(per.sum()).fillna(0).astype("int64").to_numpy(),
    })
    if "evidence" in m:   # optional (Belegstatus): "erschlossen" = participation is the evaluation's reading
        table["evidence"] = m["evidence"].to_numpy()
    return table.sort_values(["cohort", "municipality"], kind="mergesort").reset_index(drop=True)


def cohort_table(ds) -> pd.DataFrame:
    """Chapter 2: per cohort its municipalities, model areas and the first and last day of their funding
    (deepening phases included)."""
    periods = funding_periods(ds)
    m = ds.municipalities
    rows = []
    for cohort in sorted(m["cohort"].unique()):
        own = periods[periods["cohort"] == cohort]
        rows.append({"cohort": cohort, "municipalities": int((m["cohort"] == cohort).sum()), "model_areas": len(own),
                     "start": own["start"].min(), "end": own["end"].max()})
    return pd.DataFrame(rows, columns=["cohort", "municipalities", "model_areas", "start", "end"])

"""3.1 Inanspruchnahme: municipalities, model areas, cohorts, quotas against the register (Abb. 2, 3)."""
from __future__ import annotations

import pandas as pd

from .base import Count

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
    return table


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

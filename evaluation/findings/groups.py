"""Municipalities split into groups by a column of the master data (cohort, type, …).

A finding asked `by="cohort"` counts within each group and divides by the group's own size, so
"9 of 9 in Kohorte 2017" and "2 of 5 in Kohorte 2020" stand side by side. The group's label is
German and ready for a legend or a sentence ("Kohorte 2017", "Landkreise").
"""
from __future__ import annotations

import pandas as pd

# How a group of each column reads; a column without an entry reads as its value.
LABELS = {
    "cohort": lambda value: f"Kohorte {value}",
    "type": lambda value: TYPE_PLURALS.get(value, str(value)),
}
TYPE_PLURALS = {"kreisfreie Stadt": "kreisfreie Städte", "Landkreis": "Landkreise", "Region": "Region Hannover",
                "Stadt": "weitere Städte", "Samtgemeinde": "Samtgemeinden"}
# Groups in the report's order where it has one (types as in 3.1), otherwise sorted by value.
ORDERS = {"type": list(TYPE_PLURALS)}


def label(by: str, value) -> str:
    """The German label of one group: label("cohort", 2017) → 'Kohorte 2017'."""
    return LABELS.get(by, str)(value)


def groups(ds, by: str) -> list[tuple[str, frozenset[str]]]:
    """(label, municipality ids) per value of `by` in ds.municipalities, in the values' order."""
    municipalities = ds.municipalities
    if by not in municipalities.columns:
        raise ValueError(f"Unbekannte Gruppierung by={by!r}: ds.municipalities hat keine Spalte {by!r}. "
                         'Möglich sind zum Beispiel by="cohort" (Kohorte) und by="type" (Typ der Kommune).')
    keys = municipalities[by]
    if keys.isna().any():
        raise ValueError(f"Gruppierung by={by!r}: {int(keys.isna().sum())} Kommunen ohne Wert in der Spalte {by!r}.")
    ids = municipalities["municipality_id"]
    values = list(pd.unique(keys))
    order = ORDERS.get(by)
    try:
        values = sorted(values, key=(lambda v: (order.index(v) if v in order else len(order), str(v))) if order else None)
    except TypeError:  # mixed kinds of values: in the order of their text
        values = sorted(values, key=str)
    return [(label(by, value), frozenset(ids[keys == value])) for value in values]

"""3.4 Nachhaltigkeit: continuation decisions (latest documented status per municipality)."""
from __future__ import annotations

import pandas as pd

from evaluation.findings.base import Count, latest_value, n_municipalities

NO_DECISION = "keine Angabe"
STATUSES = ["beschlossen", "offen", NO_DECISION]


def continuation(ds) -> pd.DataFrame:
    """Status per municipality: 'beschlossen', 'offen' or 'keine Angabe'."""
    latest = latest_value(ds, "continuation")
    ids = ds.municipalities["municipality_id"]
    status = ids.map(latest).fillna(NO_DECISION)
    return pd.DataFrame({"municipality_id": ids, "status": status})


def continuation_share(ds, status: str) -> Count:
    table = continuation(ds)
    return Count(int((table["status"] == status).sum()), n_municipalities(ds))


def continuation_summary(ds, by: str | None = None) -> pd.DataFrame:
    """Municipalities per continuation status (beschlossen, offen, keine Angabe) with the share of all n.

    by="cohort" gives the same per cohort (n and share per cohort). Every status appears, with 0 if none.
    """
    table = continuation(ds)
    if by is None:
        counts = table["status"].value_counts().reindex(STATUSES, fill_value=0)
        n = len(table)
        result = counts.rename_axis("status").reset_index(name="count").assign(n=n)
    elif by == "cohort":
        cohorts = table["municipality_id"].map(ds.municipalities.set_index("municipality_id")["cohort"])
        counts = pd.crosstab(cohorts.rename("cohort"), table["status"]).reindex(columns=STATUSES, fill_value=0)
        result = counts.stack().rename("count").reset_index()
        result["n"] = result.groupby("cohort")["count"].transform("sum")
        result = result[["cohort", "status", "count", "n"]]
    else:
        raise ValueError(f"continuation_summary: by={by!r} (erlaubt: None, 'cohort')")
    result = result.astype({"count": "int64", "n": "int64"})
    return result.assign(share=[c / n if n else float("nan") for c, n in zip(result["count"], result["n"])])

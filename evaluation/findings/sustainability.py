"""3.4 Nachhaltigkeit: continuation decisions (latest documented status per municipality).

A municipality's documents can carry "offen" and, later, "beschlossen": the open question was decided. The
rule is the report's "Stand 03/2022": the latest-dated document decides; on one day a decision ("beschlossen")
supersedes "offen" (DECIDES_FIRST). The raw code count (Anlage B) counts every municipality ever coded and is
set beside the status by continuation_codes.
"""
from __future__ import annotations

import pandas as pd

from evaluation.findings.base import Count, n_municipalities, segments_of

INDICATOR = "continuation"
NO_DECISION = "keine Angabe"
STATUSES = ["beschlossen", "offen", NO_DECISION]
# On the same document date the first of these wins: a decision ends the open question.
DECIDES_FIRST = ["beschlossen", "offen"]


def _segments(ds, indicator: str = INDICATOR) -> pd.DataFrame:
    return segments_of(ds, indicator)


def latest_status(ds, indicator: str = INDICATOR) -> pd.Series:
    """Per municipality the value of its latest-dated segment of `indicator` (same day: DECIDES_FIRST first)."""
    seg = _segments(ds, indicator)
    rank = seg["value"].map({v: i for i, v in enumerate(DECIDES_FIRST)}).fillna(len(DECIDES_FIRST))
    seg = seg.assign(_rank=-rank).sort_values(["municipality_id", "document_date", "_rank"], kind="mergesort")
    return seg.groupby("municipality_id")["value"].last()


def continuation(ds) -> pd.DataFrame:
    """Status per municipality: 'beschlossen', 'offen' or 'keine Angabe'."""
    ids = ds.municipalities["municipality_id"]
    status = ids.map(latest_status(ds)).fillna(NO_DECISION)
    return pd.DataFrame({"municipality_id": ids, "status": status})


def continuation_codes(ds) -> pd.DataFrame:
    """Per status: municipalities whose documents carry its code by the date (`coded`, the raw count of the
    code matrix), those whose latest status it is (`latest`) and those superseded by a later status
    (`superseded` = coded − latest); `n` all programme municipalities."""
    seg = _segments(ds)
    ids = set(ds.municipalities["municipality_id"])
    seg = seg[seg["municipality_id"].isin(ids)]
    latest = continuation(ds)["status"].value_counts()
    rows = []
    for status in DECIDES_FIRST:
        coded = int(seg.loc[seg["value"] == status, "municipality_id"].nunique())
        now = int(latest.get(status, 0))
        rows.append({"status": status, "coded": coded, "latest": now, "superseded": coded - now, "n": len(ids)})
    return pd.DataFrame(rows, columns=["status", "coded", "latest", "superseded", "n"])


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

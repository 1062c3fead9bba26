"""3.4 Nachhaltigkeit: continuation decisions (latest documented status per municipality)."""
from __future__ import annotations

import pandas as pd

from evaluation.findings.base import Count, latest_value, n_municipalities

NO_DECISION = "keine Angabe"


def continuation(ds) -> pd.DataFrame:
    """Status per municipality: 'beschlossen', 'offen' or 'keine Angabe'."""
    latest = latest_value(ds, "continuation")
    ids = ds.municipalities["municipality_id"]
    status = ids.map(latest).fillna(NO_DECISION)
    return pd.DataFrame({"municipality_id": ids, "status": status})


def continuation_share(ds, status: str) -> Count:
    table = continuation(ds)
    return Count(int((table["status"] == status).sum()), n_municipalities(ds))

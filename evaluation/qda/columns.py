"""The one tidy coded-segments table every QDA import lands in, and the header mapping of
coded-segment exports (German and English MAXQDA headers), kept as data in metadata/."""
from __future__ import annotations

import pandas as pd

from .. import metadata_files

TIDY = ["document", "document_group", "municipality", "document_date", "code", "begin", "end",
        "start_char", "end_char", "text", "coder"]


def header_mapping() -> pd.DataFrame:
    return metadata_files.read("coded_segments_columns.csv")


def to_german(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename English (or differently cased) export headers to the German ones the schemas declare."""
    mapping = header_mapping()
    german = {h.casefold(): h for h in mapping["Deutsch"]}
    german.update({e.casefold(): d for e, d in zip(mapping["Englisch"], mapping["Deutsch"])})
    return frame.rename(columns=lambda c: german.get(str(c).casefold(), c))


def tidy(segments: pd.DataFrame) -> pd.DataFrame:
    """Processed segments (evaluation.Dataset) → the tidy table (missing columns as empty)."""
    out = segments.copy()
    if "municipality" not in out.columns:
        out["municipality"] = out.get("municipality_id")
    for column in ("start_char", "end_char"):
        if column not in out.columns:
            out[column] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out[TIDY].reset_index(drop=True)

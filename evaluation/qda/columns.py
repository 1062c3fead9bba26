"""The one tidy coded-segments table every QDA import lands in, and the header mapping of
coded-segment exports (German and English MAXQDA headers), kept as data in metadata/."""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from evaluation import metadata_files

TIDY = ["document", "document_group", "municipality", "document_date", "code", "begin", "end",
        "start_char", "end_char", "text", "coder"]
_NUMBERED = re.compile(r"^(?P<base>.+) (?P<n>\(\d+\))$")


def header_mapping() -> pd.DataFrame:
    return metadata_files.read("coded_segments_columns.csv")


@lru_cache(maxsize=1)
def _german() -> dict[str, str]:
    mapping = header_mapping()
    german = {h.casefold(): h for h in mapping["Deutsch"]}
    german.update({e.casefold(): d for e, d in zip(mapping["Englisch"], mapping["Deutsch"])})
    return german


def headings(german: str) -> set[str]:
    """Every heading an export may give the German column `german` (German and English)."""
    mapping = header_mapping()
    same = mapping[mapping["Deutsch"] == german]
    return {german, *same["Deutsch"], *same["Englisch"]}


def german_name(header) -> str:
    """The German heading for an export heading (English or differently cased); a repeat numbered
    by the reader keeps its number („Document name (2)“ → „Dokumentname (2)“)."""
    text = str(header)
    m = _NUMBERED.match(text)
    base, number = (m["base"], " " + m["n"]) if m else (text, "")
    return _german().get(base.casefold(), base) + number


def to_german(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename English (or differently cased) export headers to the German ones the schemas declare."""
    return frame.rename(columns=german_name)


def tidy(segments: pd.DataFrame) -> pd.DataFrame:
    """Processed segments (evaluation.Dataset) or an import → the tidy table (missing columns as empty)."""
    out = segments.copy()
    if "municipality" not in out.columns:
        out["municipality"] = out.get("municipality_id")
    for column in ("start_char", "end_char"):
        if column not in out.columns:
            out[column] = pd.array([pd.NA] * len(out), dtype="Int64")
    if "document_date" not in out.columns:
        out["document_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    for column in ("document_group", "coder"):
        if column not in out.columns:
            out[column] = None
    return out[TIDY].reset_index(drop=True)

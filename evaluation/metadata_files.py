"""The one reader of the data files beside the code (evaluation/metadata/): mappings, labels, rules.

Every file is UTF-8 text with a header line; the separator (`;` or `,`) is taken from that
line, every cell is read as text and an empty cell stays an empty string.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from evaluation.paths import METADATA_DIR


def path(name: str) -> Path:
    """metadata/<name>; a missing file is a programming error, named in the message."""
    target = METADATA_DIR / name
    if not target.is_file():
        raise FileNotFoundError(f"Metadatei fehlt: evaluation/metadata/{name}")
    return target


def read(name: str) -> pd.DataFrame:
    """metadata/<name> as a table of strings (a copy: callers may change it)."""
    return _read(name).copy()


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    """Read once per process: charts, audit and labels ask for the same small files again and again."""
    target = path(name)
    with target.open(encoding="utf-8") as handle:
        header = handle.readline()
    sep = ";" if header.count(";") >= header.count(",") and ";" in header else ","
    return pd.read_csv(target, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8")

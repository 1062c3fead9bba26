"""MAXQDA-style coded-segments exports (.xlsx or .csv, German or English headers) → the tidy table."""
from __future__ import annotations

from pathlib import Path

from .. import schemas
from ..codebook import normalise
from ..readers import read_table
from ..validation import conform
from .columns import tidy, to_german


def read_coded_segments(path: str | Path, name: str | None = None):
    """Read and validate an export; German DataError naming file, row, column and value."""
    path = Path(path)
    name = name or path.name
    frame = to_german(read_table(path, name))
    typed = conform(frame, schemas.CODED_SEGMENTS, name)
    typed["code"] = typed["code"].map(normalise)
    return tidy(typed)

"""`load(date)`: the cleaned Dataset of a reporting date, built when missing or stale."""
from __future__ import annotations

from pathlib import Path

from . import manifest, paths, reporting_date as rd
from .dataset import Dataset, is_current


def load(reporting_date: str = rd.DEFAULT, raw_dir: str | Path | None = None,
         processed_dir: str | Path | None = None) -> Dataset:
    """Return data/processed/<date>/ as a Dataset; (re)build it if absent or made from other raw data.

    `processed_dir` is the folder holding one subfolder per date (default data/processed).
    """
    date = rd.parse(reporting_date)
    raw = Path(raw_dir) if raw_dir else paths.raw_dir()
    base = Path(processed_dir) if processed_dir else paths.project_root() / "data" / "processed"
    target = base / date
    if not is_current(target, manifest.fingerprint(raw)):
        from . import clean  # validation (pandera) only when building
        clean.build(raw, date).write(target)
    return Dataset.read(target)

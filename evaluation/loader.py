"""`load(date)`: the cleaned Dataset of a reporting date, built when missing or stale.

Reading never changes a published state: the project's data/processed/<date> is used when it
was made from the present raw data; otherwise the dataset is built into the scratch folder
(or into `processed_dir` when given). Only the pipeline writes data/processed/<date>.
"""
from __future__ import annotations

from pathlib import Path

from . import paths, reporting_date as rd
from .dataset import Dataset, is_current
from .delivery import Delivery


def load(reporting_date: str = rd.DEFAULT, raw_dir: str | Path | None = None,
         processed_dir: str | Path | None = None) -> Dataset:
    """The Dataset of a date; `processed_dir` is a folder holding one subfolder per date."""
    date = rd.parse(reporting_date)
    delivery = Delivery(raw_dir or paths.raw_dir())
    fingerprint = delivery.fingerprint()
    if processed_dir is None:
        published = paths.project_root() / "data" / "processed" / date
        if is_current(published, fingerprint):
            return Dataset.read(published)
        base = paths.scratch_dir() / "data" / "processed"
    else:
        base = Path(processed_dir)
    target = base / date
    if not is_current(target, fingerprint):
        from . import clean  # validation (pandera) only when building
        paths.refuse_published(target)
        clean.build(delivery, date).write(target)
    return Dataset.read(target)

"""`load(date)`: the cleaned Dataset of a reporting date, built when missing or stale.

Reading never changes a published state: the project's data/processed/<date> is used when it
was made from the present raw data; otherwise the dataset is built into the scratch folder
(or into `processed_dir` when given). Only the pipeline writes data/processed/<date>.
"""
from __future__ import annotations

import copy
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
            return _read(published)
        base = paths.scratch_dir() / "data" / "processed"
    else:
        base = Path(processed_dir)
    target = base / date
    if not is_current(target, fingerprint):
        from . import clean  # validation (pandera) only when building
        paths.refuse_published(target)
        clean.build(delivery, date).write(target)
    return _read(target)


_last: tuple[tuple, Dataset] | None = None  # the dataset this process read last, and what its files were


def _read(folder: Path) -> Dataset:
    """Dataset.read, but the notebooks of a date on one warm kernel read the files once.

    Kept across IPython's reset (a module survives it) as long as no file of the folder changed (a write
    replaces the folder: new inodes); each caller gets its own copy, so one notebook cannot change another's data.
    """
    global _last
    stamps = tuple((p.name, s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
                   for p in sorted(Path(folder).iterdir()) for s in [p.stat()])
    key = (str(Path(folder).resolve()), stamps)
    if _last is None or _last[0] != key:
        _last = None  # the previous date's tables are released before the next are read
        _last = (key, Dataset.read(folder))
    cached = _last[1]
    return Dataset({name: frame.copy() for name, frame in cached.tables.items()}, copy.deepcopy(cached.meta))

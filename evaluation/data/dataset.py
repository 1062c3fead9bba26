"""The cleaned dataset of one reporting date, on disk as data/processed/<date>/.

Written to a temporary sibling folder and renamed into place only when complete, so a
failed or interrupted build never leaves a half-written date behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.paths import PACKAGE_DIR, normal_mode

FORMAT_VERSION = 1
# Text columns are read as pandas' Arrow-backed string dtype with NaN for missing values (the default of
# pandas 3): one buffer per column instead of a Python object per cell – at 1000 × the reconstruction the
# activity log takes a third of the memory, reads several times faster and compares in Arrow, not in Python.
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def code_fingerprint() -> str:
    """Changes whenever the package's code or metadata change: stale caches are rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".csv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Dataset:
    """Tables (tidy pandas frames) plus `meta` (reporting date, raw file hashes)."""
    tables: dict[str, pd.DataFrame]
    meta: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.__dict__["tables"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def reporting_date(self) -> str:
        return self.meta["reporting_date"]

    @cached_property
    def coded_municipalities(self) -> pd.DataFrame:
        """Which programme municipality carries which indicator (and value) by the date – the code-matrix
        reading every structural finding asks, dozens of times per notebook.

        Derived once per Dataset from its segments (at 1000 × the reconstruction a scan of 870,000 rows each
        time otherwise). A Dataset's tables are not replaced after construction: a restricted or changed
        dataset is a new Dataset (findings.profile.restrict), which derives its own.
        """
        seg, ids = self.tables["document_segments"], self.tables["municipalities"]["municipality_id"]
        known = seg["municipality_id"].isin(ids) & seg["indicator"].notna()
        pairs = seg.loc[known, ["indicator", "value", "municipality_id"]].drop_duplicates()
        return pairs.sort_values(["indicator", "value", "municipality_id"], kind="mergesort").reset_index(drop=True)

    def write(self, target: Path) -> Path:
        """Write atomically: temporary folder beside `target`, then rename."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = normal_mode(Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent)))
        try:
            for name, frame in sorted(self.tables.items()):
                frame.to_parquet(staging / f"{name}.parquet", index=False)
            meta = {**self.meta, "format_version": FORMAT_VERSION, "code": code_fingerprint(),
                    "tables": sorted(self.tables)}
            (staging / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                                               encoding="utf-8")
            replace_dir(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    @classmethod
    def read(cls, folder: Path) -> "Dataset":
        """The dataset in `folder`; each table is read when first used (see _tables_on_disk)."""
        folder = Path(folder)
        meta_text = (folder / "meta.json").read_text(encoding="utf-8")
        meta = json.loads(meta_text)
        return cls(_tables_on_disk(folder, meta["tables"], meta_text), meta)


class OnUse(dict):
    """A mapping of known table names whose values are made by `make(name)` on first use, then kept."""

    def __init__(self, names, make):
        super().__init__()
        self._names, self._make = list(names), make

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        frame = self[name] = self._make(name)
        return frame

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name) -> bool:
        return name in self._names

    def keys(self):
        return list(self._names)

    def values(self):
        return [self[name] for name in self._names]

    def items(self):
        return [(name, self[name]) for name in self._names]

    def get(self, name, default=None):
        return self[name] if name in self._names else default


def _tables_on_disk(folder: Path, names: list[str], meta_text: str) -> OnUse:
    """The tables of a dataset on disk, each read from its Parquet file on first use.

    A notebook holds only what it shows: the one drawing Abb. 2 never reads the activity log, which at
    1000 × the reconstruction is most of the dataset. A table read after the folder was replaced (a new
    run of the date) would mix two states, so that is refused.
    """
    def read(name: str) -> pd.DataFrame:
        meta = folder / "meta.json"
        if not meta.is_file() or meta.read_text(encoding="utf-8") != meta_text:
            from evaluation.errors import EvaluationError
            raise EvaluationError(f"Der Datenstand in {folder} wurde inzwischen ersetzt – bitte den "
                                  "Datensatz neu laden (ev.load).")
        return _read_parquet(folder / f"{name}.parquet")
    return OnUse(names, read)


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq
    return pq.read_table(path).to_pandas(types_mapper={pa.string(): TEXT, pa.large_string(): TEXT}.get)


def replace_dir(new: Path, target: Path) -> None:
    """Move `new` to `target`, replacing an existing folder with as short a gap as possible."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / "x")
    os.replace(new, target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def is_current(folder: Path, raw_files: dict[str, str]) -> bool:
    meta_path = Path(folder) / "meta.json"
    if not meta_path.is_file():
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return (meta.get("format_version") == FORMAT_VERSION and meta.get("code") == code_fingerprint()
            and meta.get("raw_files") == raw_files)

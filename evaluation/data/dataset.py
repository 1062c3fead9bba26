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

    def columns(self, name: str, columns: list[str], categorical: bool = False) -> pd.DataFrame:
        """Only `columns` of table `name`, in the given order – what a finding reads of the large tables.

        A dataset on disk reads just these columns (at 1000 × the reconstruction the activity log's titles
        and the segments' texts are most of their tables, and most findings never look at them); a table
        already in memory gives its columns. `categorical`: text as pandas categoricals – for counting a few
        kinds or formats over millions of rows (the activity log's four text-free columns: 45 MB instead of
        200 MB); whoever groups them passes observed=True and turns the small result back into text.
        """
        tables = self.__dict__["tables"]
        if isinstance(tables, OnUse):
            return tables.columns(name, columns, categorical)
        frame = tables[name][list(columns)]
        if categorical:
            text = [c for c in frame.columns if _is_text(frame[c])]
            frame = frame.astype({c: "category" for c in text})
        return frame

    @cached_property
    def coded_municipalities(self) -> pd.DataFrame:
        """Which programme municipality carries which indicator (and value) by the date – the code-matrix
        reading every structural finding asks, dozens of times per notebook.

        Derived once per Dataset from its segments (at 1000 × the reconstruction a scan of 870,000 rows each
        time otherwise). A Dataset's tables are not replaced after construction: a restricted or changed
        dataset is a new Dataset (findings.profile.restrict), which derives its own.
        """
        columns = ["indicator", "value", "municipality_id"]
        seg = self.columns("document_segments", columns, categorical=True)  # codes: no string per segment
        ids = self.tables["municipalities"]["municipality_id"]
        known = seg["municipality_id"].isin(ids) & seg["indicator"].notna()
        pairs = seg.loc[known].drop_duplicates().astype({c: TEXT for c in columns})
        return pairs.sort_values(columns, kind="mergesort").reset_index(drop=True)

    def write(self, target: Path) -> Path:
        """Write atomically: temporary folder beside `target`, then rename."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = normal_mode(Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent)))
        try:
            for name, frame in sorted(self.tables.items()):
                _write_parquet(frame, staging / f"{name}.parquet")
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
    """A mapping of known table names whose values are made on first use, then kept.

    `read(name, columns, categorical)` gives a table's columns (None: all, in the table's order `order(name)`)
    as a frame. Columns asked for through `columns` are kept one by one, and the whole table, read later, reads
    only the others: a text column is read at most once and held once (its categorical form apart).
    """

    def __init__(self, names, read, order):
        super().__init__()
        self._names, self._read, self._order = list(names), read, order
        self._parts: dict[str, dict[str, pd.Series]] = {}   # table → column → values, until the whole is read
        self._codes: dict[str, dict[str, pd.Series]] = {}   # table → column → categorical values

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        parts = self._parts.pop(name, {})
        if parts:
            order = self._order(name)
            rest = self._read(name, [c for c in order if c not in parts])
            frame = _frame({c: parts[c] if c in parts else rest[c] for c in order})
        else:
            frame = self._read(name, None)
        self[name] = frame
        return frame

    def columns(self, name: str, columns: list[str], categorical: bool = False) -> pd.DataFrame:
        """Only `columns` of table `name` (see Dataset.columns); categorical columns are kept apart from text ones."""
        if name not in self._names:
            raise KeyError(name)
        if dict.__contains__(self, name) and not categorical:
            return self[name][list(columns)]
        parts = (self._codes if categorical else self._parts).setdefault(name, {})
        missing = [c for c in dict.fromkeys(columns) if c not in parts]
        if missing:
            frame = self._read(name, missing, categorical)
            parts.update({c: frame[c] for c in missing})
        return _frame({c: parts[c] for c in columns})

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
    def read(name: str, columns: list[str] | None, categorical: bool = False) -> pd.DataFrame:
        meta = folder / "meta.json"
        if not meta.is_file() or meta.read_text(encoding="utf-8") != meta_text:
            from evaluation.errors import EvaluationError
            raise EvaluationError(f"Der Datenstand in {folder} wurde inzwischen ersetzt – bitte den "
                                  "Datensatz neu laden (ev.load).")
        return _read_parquet(folder / f"{name}.parquet", columns, categorical)
    return OnUse(names, read, lambda name: _schema_names(folder / f"{name}.parquet"))


ROWS_PER_SLICE = 500_000


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """`frame.to_parquet(path, index=False)` slice by slice: a table's texts are copied into Arrow a slice at a
    time, not whole (at 1000 × the reconstruction the activity log alone would be 400 MB more at once)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, max(len(frame), 1), ROWS_PER_SLICE):
            piece = frame.iloc[start:start + ROWS_PER_SLICE]
            writer.write_table(pa.Table.from_pandas(piece, schema=schema, preserve_index=False))


def _schema_names(path: Path) -> list[str]:
    import pyarrow.parquet as pq
    return pq.read_schema(path).names


def _read_parquet(path: Path, columns: list[str] | None = None, categorical: bool = False) -> pd.DataFrame:
    """The table in `path` (only `columns` when given); text as Arrow-backed strings (TEXT), or with
    `categorical` as pandas categoricals (read dictionary-encoded, never as one string per row)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = pq.read_schema(path)
    if columns is not None:
        unknown = [c for c in columns if c not in schema.names]
        if unknown:
            raise KeyError(f"{path.name}: keine Spalte {', '.join(unknown)}")
    wanted = schema.names if columns is None else columns
    text = [f.name for f in schema if f.type in (pa.string(), pa.large_string()) and f.name in wanted]
    table = pq.read_table(path, columns=columns, read_dictionary=text if categorical and text else None)
    return table.to_pandas(types_mapper={pa.string(): TEXT, pa.large_string(): TEXT}.get)


def _is_text(values: pd.Series) -> bool:
    """Arrow strings as read, or Python strings (and None) as clean.build makes them."""
    return isinstance(values.dtype, pd.StringDtype) or (values.dtype == object
                                                         and pd.api.types.is_string_dtype(values))


def _frame(columns: dict[str, pd.Series]) -> pd.DataFrame:
    """One frame of columns read separately (of one table, same rows in the same order)."""
    if not columns:
        return pd.DataFrame()
    return pd.concat(columns.values(), axis=1, keys=list(columns), copy=False)


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

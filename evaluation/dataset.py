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
from pathlib import Path

import pandas as pd

from .paths import PACKAGE_DIR

FORMAT_VERSION = 1


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

    def write(self, target: Path) -> Path:
        """Write atomically: temporary folder beside `target`, then rename."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
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
        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in meta["tables"]}
        return cls(tables, meta)


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

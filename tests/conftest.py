"""Shared fixtures: a writable copy of data/raw, helpers to break it, the published reference values."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ENCODINGS = {"municipalities.csv": "utf-8-sig", "model_areas.csv": "cp1252", "offers_families.csv": "cp1252",
             "survey_coordinators_2021-03.csv": "cp1252", "activities.csv": "utf-8",
             "coding/codebook.csv": "utf-8", "reference/niedersachsen_kreise.csv": "utf-8"}


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def edit_csv(raw: Path, name: str, edit) -> None:
    """Apply `edit(lines) -> lines` to a raw CSV, keeping its encoding."""
    path = raw / name
    encoding = ENCODINGS[name]
    lines = path.read_bytes().decode(encoding).splitlines()
    path.write_bytes(("\n".join(edit(lines)) + "\n").encode(encoding))


def edit_xlsx(raw: Path, name: str, row: int, column: str, value) -> None:
    """Set one cell (spreadsheet row number, header name) of a raw workbook."""
    path = raw / name
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=value)
    wb.save(path)


@pytest.fixture(scope="session")
def published() -> pd.DataFrame:
    """The printed values of Werkreport 1 – the one reference table tests compare with."""
    return pd.read_csv(ROOT / "evaluation" / "metadata" / "published_figures.csv", dtype=str).set_index("id")

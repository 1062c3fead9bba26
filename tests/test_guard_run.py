"""What a run writes (processed data, figures, reports, executed notebooks) holds neither the person register
nor a registered name; a delivery carrying the attacker's strings is refused before anything is written."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from conftest import RAW, edit_csv, edit_xlsx
from evaluation.cli import main

ATTACK = {"Mustermann, Erika", "Frau Mustermann", "hanna.eta (at) example.org", "Tel. 0511-12 34 56",
          "E. Mustermann", "0511 / 123456", "+49 (0)511 123456"}


def _text(path: Path) -> str:
    """A file's readable text: PDF and DOCX extracted, Parquet as its values, everything else decoded."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if path.suffix in (".docx", ".xlsx", ".qdpx"):
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".qde")))
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype(str).to_csv()
    return path.read_bytes().decode("utf-8", "replace")


def _registered() -> list[str]:
    return pd.read_csv(RAW / "persons.csv", sep=";", encoding="utf-8")["Name"].tolist()


def test_no_output_holds_the_register_or_a_registered_name(pipeline_run):
    root = pipeline_run["reports"].parents[1]
    files = [p for p in root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".parquet" for p in files) and any(p.suffix == ".pdf" for p in files)
    assert not [p for p in files if "person" in p.name.lower()]
    names = [n.casefold() for n in _registered()] + [n.split()[-1].casefold() for n in _registered()]
    for path in files:
        text = " ".join(_text(path).split()).casefold()
        assert not [n for n in names if n in text], f"{path.relative_to(root)}: Name aus dem Personenregister"


def test_attacker_strings_reach_no_output(tmp_path, raw_copy, capsys):
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 3, "Segment",
              "„Mustermann, Erika und Frau Mustermann sind erreichbar: hanna.eta (at) example.org, Tel. 0511-12 34 56“")
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 2, "Kommentar", "E. Mustermann, 0511 / 123456")
    edit_csv(raw_copy, "survey_coordinators_2021-03.csv",
             lambda lines: lines[:2] + [lines[2] + "+49 (0)511 123456"] + lines[3:])
    out = tmp_path / "out"
    assert main(["run", "--reporting-date", "2022-03-31", "--raw-dir", str(raw_copy), "--output-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Personenbezogene Daten" in err and "coding/interviews.xlsx" in err
    assert not [s for s in ATTACK if s in err]
    files = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    for path in files:
        text = _text(path)
        assert not [s for s in ATTACK if s in text], path

"""MAXQDA „Codierte Segmente“ exports as MAXQDA writes them → the tidy table.

`.xlsx` on whichever sheet holds the export (a workbook may start with a pivot sheet), `.csv` in
MAXQDA's and Excel's encodings and separators, German or English headers. Columns beyond the
segment's own (Farbe, Gewicht, Fläche, Abdeckungsgrad, memos, further codes …) are ignored.

MAXQDA writes the segment's columns first and appends the document variables when they are exported;
its system variables repeat headings such as „Dokumentname“ or „Erstellt am“. The first heading is the
segment's own, a repeat is dropped – and refused only where it contradicts the segment on which
document it belongs to.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from evaluation.intake import schemas
from evaluation.intake.codebook import normalise
from evaluation.errors import DataError
from evaluation.intake.readers import read_table
from evaluation.intake.validation import conform
from evaluation.qda import document_register
from evaluation.qda.columns import german_name, tidy, to_german

IDENTIFYING = ("Dokumentname", "Dokumentgruppe")
_REPEAT = re.compile(r"^(?P<base>.+) \((?P<n>\d+)\)$")


def is_export(header: list[str]) -> bool:
    """A header row of a coded-segments export: it names the document and the code."""
    names = {german_name(h) for h in header}
    return {"Dokumentname", "Code"} <= names


EXPORT_SHEET = (is_export, "eines MAXQDA-Exports „Codierte Segmente“ (u. a. „Dokumentname“/„Document name“ "
                           "und „Code“)")


def _drop_repeats(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    repeats = [(c, m["base"]) for c in frame.columns if (m := _REPEAT.match(str(c))) and m["base"] in frame]
    for column, base in repeats:
        if base not in IDENTIFYING:
            continue
        both = frame[column].notna() & frame[base].notna()
        differs = both & (frame[column].astype(str) != frame[base].astype(str))
        if differs.any():
            row = differs.idxmax()
            raise DataError(name, f"die Spalte kommt zweimal vor (etwa als Dokumentvariable), die zweite sagt "
                            f"„{frame.at[row, column]}“ – welche gilt, ist nicht zu entscheiden",
                            row=row, column=base, value=frame.at[row, base], more=int(differs.sum()) - 1)
    return frame.drop(columns=[c for c, _ in repeats])


def _coder(frame: pd.DataFrame) -> pd.DataFrame:
    """„Bearbeitet von“, where empty the segment's „Erstellt von“."""
    if "Erstellt von" not in frame:
        return frame
    created = frame["Erstellt von"]
    edited = frame["Bearbeitet von"] if "Bearbeitet von" in frame else created
    return frame.assign(**{"Bearbeitet von": edited.where(edited.notna(), created)})


def read_export(path: str | Path, name: str | None = None, sheet: str | None = None) -> pd.DataFrame:
    """The export's cells under German headings, one column per heading."""
    path = Path(path)
    name = name or path.name
    frame = to_german(read_table(path, name, sheet, number_repeats=True, holds=EXPORT_SHEET))
    return _coder(_drop_repeats(frame, name))


def read_coded_segments(path: str | Path, name: str | None = None, register: str | Path | None = None):
    """Read and validate an export; municipality, date and type of each document from the export's
    document variables or, with `register`, from the document register. German DataError naming
    file, row, column and value."""
    path = Path(path)
    name = name or path.name
    typed = conform(read_export(path, name), schemas.CODED_SEGMENTS, name)
    typed["code"] = typed["code"].map(normalise)
    if register is not None:
        documents = document_register.read(register)
        document_register.require_listed({name: typed}, documents, Path(register).name)
        typed = document_register.attach(typed, documents, fields=("municipality", "document_date", "document_type"))
    return tidy(typed)

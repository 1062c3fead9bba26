"""What a delivered QDA file is, by its content: users rename files, and an extension may lie (a
.qdpx saved as .xlsx, an Excel 97–2003 workbook called .xlsx, an .xlsx called .csv)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from evaluation.errors import DataError

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # Compound File: Excel 97–2003 .xls, or an encrypted .xlsx


def kind(path: str | Path) -> str:
    """'qdpx', 'xlsx', 'ole2', 'qde', 'qdc', 'zip' (another archive), 'text' or 'empty'."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        return "empty"
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n.lower() for n in archive.namelist()]
        except (zipfile.BadZipFile, OSError):
            return "zip"
        if any(n.endswith(".qde") for n in names):
            return "qdpx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        if b"urn:QDA-XML:project" in head:
            return "qde"
        if b"urn:QDA-XML:codebook" in head:
            return "qdc"
    return "text"


def refuse(path: Path, name: str, found: str) -> DataError:
    """The German refusal of a file no maintained reader here reads, with the step that converts it."""
    steps = {
        "ole2": "ist eine Excel-Datei im alten Format (.xls, Excel 97–2003, wie MAXQDA bis Version 11 sie schreibt) "
                "oder eine verschlüsselte Excel-Datei – in Excel öffnen und über „Speichern unter“ als "
                "„Excel-Arbeitsmappe (.xlsx)“ speichern (Kennwortschutz vorher aufheben) oder in der QDA-Software "
                "erneut als .xlsx exportieren",
        "zip": "ist ein ZIP-Archiv, aber weder eine Excel-Arbeitsmappe (.xlsx) noch ein REFI-QDA-Projekt (.qdpx) – "
               "die Datei aus der QDA-Software erneut exportieren",
        "empty": "ist leer (0 Byte) – die Datei erneut exportieren oder übertragen",
        "qdc": "ist ein REFI-QDA-Codebuch (.qdc), keine Codierung – mit „qda import DATEI.qdc“ als Codesystem lesen",
    }
    return DataError(name, steps.get(found, f"hat einen unerwarteten Inhalt ({found})"))

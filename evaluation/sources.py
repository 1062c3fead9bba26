"""Reading raw files as evaluators receive them.

German Excel CSV (`;`, cp1252) or UTF-8 (with or without BOM, `,`), and `.xlsx`.
Every reader returns a frame of the file's cells (text as delivered, stripped of
blanks; Excel dates as datetimes) indexed by the row number a spreadsheet shows,
so that any later error can name the row.
"""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pandas as pd

from .errors import DataError

ROW = "Zeile"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not) first, then Windows-1252 as German Excel writes it."""
    if b"\x00" in data:
        raise DataError(name, "enthält Binärdaten (NUL-Bytes) – keine Textdatei; Datei beschädigt oder falsches Format?")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError(name, "Zeichenkodierung weder UTF-8 noch Windows-1252 "
                        f"(unlesbares Byte an Position {exc.start})") from None


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _frame(header: list, rows: list[list], first_row: int, name: str) -> pd.DataFrame:
    columns = [" ".join(str(h).split()) if h is not None else "" for h in header]
    while columns and columns[-1] == "":
        columns.pop()
    if not columns or all(c == "" for c in columns):
        raise DataError(name, "keine Kopfzeile mit Spaltennamen gefunden", row=first_row - 1)
    seen = set()
    for col in columns:
        if col == "":
            raise DataError(name, "Kopfzeile enthält eine leere Spaltenüberschrift", row=first_row - 1)
        if col in seen:
            raise DataError(name, "Spaltenüberschrift kommt doppelt vor", row=first_row - 1, column=col)
        seen.add(col)
    width = len(columns)
    index, records = [], []
    for offset, cells in enumerate(rows):
        cells = [c.strip() if isinstance(c, str) else c for c in cells]
        if all(c in ("", None) for c in cells):
            continue
        if len(cells) > width and all(c in ("", None) for c in cells[width:]):
            cells = cells[:width]
        if len(cells) != width:
            raise DataError(name, f"Zeile hat {len(cells)} statt {width} Felder – Datei abgeschnitten "
                            "oder Trennzeichen im Text nicht in Anführungszeichen?", row=first_row + offset)
        index.append(first_row + offset)
        records.append(cells)
    frame = pd.DataFrame(records, columns=columns, index=pd.Index(index, name=ROW), dtype=object)
    return frame.where(frame.notna() & (frame != ""), None)


def read_csv(path: Path, name: str | None = None) -> pd.DataFrame:
    name = name or Path(path).name
    text = decode(Path(path).read_bytes(), name)
    lines = text.splitlines()
    if not lines:
        raise DataError(name, "Datei ist leer")
    sep = _separator(lines[0])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise DataError(name, f"kein lesbares CSV ({exc})") from None
    if not rows:
        raise DataError(name, "Datei ist leer")
    return _frame(rows[0], rows[1:], 2, name)


def read_xlsx(path: Path, name: str | None = None, sheet: str | None = None) -> pd.DataFrame:
    from openpyxl import load_workbook
    name = name or Path(path).name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise DataError(name, "keine lesbare Excel-Datei (.xlsx) – beschädigt oder unvollständig "
                        f"übertragen? ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises assorted errors on corrupt archives
        raise DataError(name, f"keine lesbare Excel-Datei (.xlsx): {exc}") from None
    try:
        if sheet and sheet in workbook.sheetnames:
            ws = workbook[sheet]
        else:
            ws = workbook[workbook.sheetnames[0]]
        try:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
            raise DataError(name, f"Tabellenblatt „{ws.title}“ ist beschädigt ({type(exc).__name__})") from None
    finally:
        workbook.close()
    if not rows:
        raise DataError(name, "Tabellenblatt ist leer")
    return _frame(rows[0], rows[1:], 2, name)


def read_table(path: Path, name: str | None = None, sheet: str | None = None) -> pd.DataFrame:
    """Read `.csv` or `.xlsx` by extension; German DataError on anything unreadable."""
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise DataError(name, f"Datei fehlt (erwartet unter {path.parent.name}/{path.name})")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, name)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, name, sheet)
    raise DataError(name, f"Dateiformat „{suffix}“ wird nicht unterstützt (erwartet .csv oder .xlsx)")

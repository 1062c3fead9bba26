"""Reading raw files as evaluators receive them.

German Excel CSV (`;`, cp1252) or UTF-8 (with or without BOM, `,`), UTF-16 with BOM (tab-separated
"Unicode text"), and `.xlsx`. Every reader returns a frame of the file's cells (text as delivered,
stripped of blanks; Excel dates as datetimes) indexed by the row number a spreadsheet shows, so that
any later error can name the row.

A repeated column heading is refused in the project's own files; exports of other programs repeat
headings by design (MAXQDA appends document variables such as „Dokumentname“ again), so their
readers ask for the repeats to be numbered instead: „Dokumentname (2)“.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.errors import DataError

ROW = "Zeile"


def decode(data: bytes, name: str) -> str:
    """UTF-16 by its BOM, else UTF-8 (BOM or not), then Windows-1252 as German Excel writes it.

    A byte neither reads is named by row and column (as an editor shows the line), not by its offset; a file
    that is UTF-8 but for some lines (a row pasted from another program) is refused at the first such line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            row = data[:exc.start].decode("utf-16", errors="replace").count("\n") + 1
            raise DataError(name, "UTF-16-Text mit unlesbarem Zeichen – Datei beschädigt?", row=row) from None
    if b"\x00" in data:
        raise DataError(name, "enthält Binärdaten (NUL-Bytes) – keine Textdatei; Datei beschädigt oder "
                        "falsches Format?")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(data):
            raise _undecodable(data, exc.start, name, "Zeile ist nicht UTF-8 kodiert wie der Rest der Datei "
                               "(wohl Windows-1252, aus einem anderen Programm eingefügt?) – Datei einheitlich "
                               "als UTF-8 speichern") from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, name, "Zeichen weder UTF-8 noch Windows-1252 – Datei in einer anderen "
                           "Kodierung gespeichert (etwa DOS/cp850)? Bitte als UTF-8 oder Windows-1252 (Excel: "
                           "„CSV (Trennzeichen-getrennt)“) speichern") from None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _undecodable(data: bytes, start: int, name: str, problem: str) -> DataError:
    """The error for an unreadable byte at `start`: its line, the column its field is under, the byte."""
    line_start = data.rfind(b"\n", 0, start) + 1
    row = data.count(b"\n", 0, start) + 1
    header_line = data.split(b"\n", 1)[0].decode("cp1252", errors="replace").rstrip("\r")
    sep = _separator(header_line)
    header = next(csv.reader([header_line], delimiter=sep), [])
    before = data[line_start:start].decode("cp1252", errors="replace")
    field = len(next(csv.reader([before + "x"], delimiter=sep))) - 1 if row > 1 else None
    column = header[field].strip() if field is not None and field < len(header) else None
    line_end = data.find(b"\n", start)
    cell = data[line_start:line_end if line_end >= 0 else len(data)].decode("cp1252", errors="replace")
    cells = next(csv.reader([cell.rstrip("\r")], delimiter=sep), [])
    value = cells[field] if field is not None and field < len(cells) else None
    return DataError(name, f"{problem} (Byte 0x{data[start]:02X})", row=row, column=column, value=value)


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _columns(header: list, name: str, number_repeats: bool = False) -> list[str]:
    """Column names of a header row: blanks collapsed, trailing empty columns dropped; a repeated
    name is refused, or numbered („Code (2)“) with `number_repeats`."""
    columns = [" ".join(str(h).split()) if h is not None else "" for h in header]
    while columns and columns[-1] == "":
        columns.pop()
    if not columns:
        raise DataError(name, "keine Kopfzeile mit Spaltennamen gefunden", row=1)
    seen: set[str] = set()
    for position, col in enumerate(columns):
        if col == "":
            raise DataError(name, "Kopfzeile enthält eine leere Spaltenüberschrift", row=1)
        if col in seen:
            if not number_repeats:
                raise DataError(name, "Spaltenüberschrift kommt doppelt vor", row=1, column=col)
            n = 2
            while f"{col} ({n})" in seen or f"{col} ({n})" in columns:
                n += 1
            col = columns[position] = f"{col} ({n})"
        seen.add(col)
    return columns


def _tidy(frame: pd.DataFrame, all_text: bool = False, keep=()) -> pd.DataFrame:
    """Trailing blanks off, empty cells to None, empty rows dropped (`all_text`: every cell is a str);
    columns in `keep` keep their text exactly (only a cell of nothing but blanks becomes None)."""
    for column in frame.columns:
        values = frame[column]
        if column in keep:
            blank = values.map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)
            frame[column] = values.where(values.notna() & ~blank, None)
            continue
        if all_text:
            text = values.str.strip()
        else:
            text = values.map(lambda v: v.strip() if isinstance(v, str) else v, na_action="ignore")
        frame[column] = text.where(text.notna() & (text != ""), None)
    return frame[~frame.isna().all(axis=1)]


def _short_row(name: str, row: int, fields: int, width: int) -> DataError:
    return DataError(name, f"Zeile hat {fields} statt {width} Felder – Datei abgeschnitten "
                     "oder Trennzeichen im Text nicht in Anführungszeichen?", row=row)


def _frame(rows: list[list], name: str, number_repeats: bool = False, keep=()) -> pd.DataFrame:
    """Frame of a sheet's rows (row 1 = header; calamine gives every row the sheet's width) indexed by their
    row number. Cells right of the last heading must be empty: a filled one is a row too long."""
    columns = _columns(rows[0], name, number_repeats)
    width = len(columns)
    grid = pd.DataFrame(rows[1:], columns=range(len(rows[0])), dtype=object)
    grid.index = pd.Index(np.arange(2, len(grid) + 2), name=ROW)
    for column in grid.columns:  # as openpyxl gave them: empty → None, a date-only cell → datetime, 3.0 → 3
        values = grid[column]
        kinds = values.map(type)
        grid[column] = values.where(values != "", None)
        dates = kinds == dt.date
        if dates.any():
            grid.loc[dates, column] = [dt.datetime.combine(d, dt.time()) for d in values[dates]]
        floats = values[kinds == float]
        whole = floats[floats.map(float.is_integer).astype(bool)]
        if len(whole):
            grid.loc[whole.index, column] = [int(v) for v in whole]
    if grid.shape[1] > width:
        extra = grid.iloc[:, width:]
        filled = extra.map(lambda c: not _is_blank(c)).any(axis=1)
        if filled.any():
            raise _short_row(name, int(filled.idxmax()), grid.shape[1], width)
        grid = grid.iloc[:, :width]
    grid.columns = columns
    return _tidy(grid, keep=keep)


def _refuse_open_quote(text: str, name: str, row: int, always: bool = False) -> None:
    """Refuse a quote left open on or before `row` (the parser only notices where the pairing it shifted
    runs out – at the end of the file, or as a row with too many fields): the first line with an odd number
    of quote marks is where it was opened; `always`: refuse at `row` if no line is odd."""
    odd = pd.Series(text.split("\n")).str.count('"') % 2 == 1
    first = int(odd.idxmax()) + 1 if odd.any() else None
    if first is None or first > row:
        if not always:
            return
        first = row
    raise DataError(name, f"Anführungszeichen in Zeile {first} nicht geschlossen – Datei abgeschnitten oder ein "
                    "\" im Text nicht verdoppelt?", row=first)


def read_csv(path: Path, name: str | None = None, number_repeats: bool = False, keep=(),
             categories: bool = False) -> pd.DataFrame:
    """Every cell as text; rows numbered as a spreadsheet shows them.

    A clean UTF-8 file is read by pyarrow (`_fast_csv`); anything else – other encodings, NUL bytes, a row
    with too few or too many fields, an open quote, a blank line – by pandas' C parser and the checks below,
    which name file, row, column and value. `categories`: text columns as pandas Categoricals (a large
    delivery repeats its values; callers that parse each distinct value once ask for them).
    """
    name = name or Path(path).name
    fast = _fast_csv(Path(path), name, number_repeats, keep)
    if fast is not None:
        return fast if categories else plain(fast)
    text = decode(Path(path).read_bytes(), name)
    if not text.strip():
        raise DataError(name, "Datei ist leer")
    sep = _separator(text.split("\n", 1)[0])
    try:
        raw = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                          na_filter=False, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            _refuse_open_quote(text, name, int(m[2]))
            raise _short_row(name, int(m[2]), int(m[3]), int(m[1])) from None
        m = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if m:
            _refuse_open_quote(text, name, int(m[1]) + 1, always=True)
        raise DataError(name, f"kein lesbares CSV ({exc})") from None
    except (ValueError, UnicodeError) as exc:
        raise DataError(name, f"kein lesbares CSV ({exc})") from None
    columns = _columns(raw.iloc[0].tolist(), name, number_repeats)
    width = len(columns)
    # pandas pads short records silently; the csv module counts each record's fields exactly.
    lengths = [len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    for record, fields in enumerate(lengths):
        if 0 < fields < width:
            _refuse_open_quote(text, name, record + 1)
            raise _short_row(name, record + 1, fields, width)
    extra = raw.iloc[1:, width:]
    if extra.size and (extra.notna() & (extra != "")).to_numpy().any():
        row = int(extra.index[(extra.notna() & (extra != "")).any(axis=1)][0]) + 1
        _refuse_open_quote(text, name, row)
        raise _short_row(name, row, raw.shape[1], width)
    data = raw.iloc[1:, :width].copy()
    data.columns = columns
    data.index = pd.Index(data.index + 1, name=ROW)
    blank_line = ((data == "") | data.isna()).all(axis=1)
    return _tidy(data[~blank_line].astype(object), all_text=True, keep=keep)


def _fast_csv(path: Path, name: str, number_repeats: bool, keep) -> pd.DataFrame | None:
    """A clean UTF-8 file through pyarrow's multi-threaded reader, each column a Categorical: blanks trimmed
    and empty cells made missing once per distinct value, not per cell. None whenever the file needs the
    careful reader (it never raises): that one then finds and names the fault."""
    import pyarrow as pa
    from pyarrow import csv as pa_csv
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
        if first.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None
        quotes, buffer = 0, bytearray(1 << 24)
        with open(path, "rb", buffering=0) as handle:
            while size := handle.readinto(buffer):
                chunk = buffer if size == len(buffer) else buffer[:size]
                if b"\x00" in chunk:
                    return None
                quotes += chunk.count(b'"')
        if quotes % 2:  # a quote left open: pyarrow would take the rest of the file as its cell
            return None
        line = first.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n")
        if not line.strip() or line.count('"') % 2:
            return None
        sep = _separator(line)
        header = next(csv.reader([line], delimiter=sep))
        columns = _columns(header, name, number_repeats)
        names = [f"c{i}" for i in range(len(header))]
        table = pa_csv.read_csv(
            path, read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 20),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.dictionary(pa.int32(), pa.string())),
                strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=True))
    except (DataError, OSError, UnicodeError, pa.ArrowException):
        return None
    if not table.num_rows:
        return None
    cells = table.to_pandas()
    del table
    pa.default_memory_pool().release_unused()  # the parser's buffers: without this they stay in the process
    for extra in names[len(columns):]:  # trailing columns without a heading must be empty
        if (cells[extra].cat.categories != "").any():
            return None
    frame = pd.DataFrame({column: _trimmed(cells[n], column in keep) for column, n in zip(columns, names)})
    frame.index = pd.Index(np.arange(2, len(frame) + 2), name=ROW)
    filled = np.logical_or.reduce([frame[c].cat.codes.to_numpy() >= 0 for c in columns])
    return frame[filled]


def _trimmed(values: pd.Series, verbatim: bool) -> pd.Series:
    """`_tidy` on a Categorical's distinct values: blanks off (`verbatim`: kept), empty → missing."""
    distinct = values.cat.categories.to_series().astype(object)
    stripped = distinct.str.strip()
    text = (distinct if verbatim else stripped).where(stripped != "", None).to_numpy(dtype=object)
    codes, uniques = pd.factorize(text)
    rows = np.append(codes, -1)[values.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical.from_codes(rows, categories=pd.Index(uniques, dtype=object)))


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as object columns of str and None, as the careful reader returns them."""
    out = frame.copy(deep=False)
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            lookup = np.append(values.cat.categories.to_numpy(dtype=object), None)
            out[column] = pd.Series(lookup[values.cat.codes.to_numpy()], index=values.index, dtype=object)
    return out


def _sheet(workbook, sheet: str | None, holds, name: str):
    """The named sheet, else the first – or, with `holds` = (test, description), the first sheet (the
    named one first) whose header row passes `test`: a workbook may start with a pivot or notes sheet."""
    names = workbook.sheet_names
    if holds is None:
        return workbook.get_sheet_by_name(sheet if sheet and sheet in names else names[0])
    test, description = holds
    for title in sorted(names, key=lambda title: title != sheet):
        ws = workbook.get_sheet_by_name(title)
        header = next(iter(ws.iter_rows()), [])
        if test([" ".join(str(h).split()) for h in header if h not in (None, "")]):
            return ws
    raise DataError(name, f"kein Tabellenblatt hat in Zeile 1 die Spaltenüberschriften {description} "
                    f"(Blätter: {', '.join(f'„{title}“' for title in names)})")


def read_xlsx(path: Path, name: str | None = None, sheet: str | None = None, number_repeats: bool = False,
              holds=None, keep=()) -> pd.DataFrame:
    """A sheet through calamine (Rust): 90,600 coded segments in about 3 s where openpyxl took 13.5 s."""
    from python_calamine import CalamineWorkbook
    name = name or Path(path).name
    try:
        with open(path, "rb") as handle:  # by content, not by extension (a workbook saved as .csv)
            workbook = CalamineWorkbook.from_filelike(handle)
    except Exception as exc:  # calamine raises its own errors (zip, XML, password) on corrupt archives
        raise DataError(name, "keine lesbare Excel-Datei (.xlsx) – beschädigt oder unvollständig "
                        f"übertragen? ({type(exc).__name__})") from None
    try:
        ws = _sheet(workbook, sheet, holds, name)
        try:
            rows = ws.to_python(skip_empty_area=False)
        except Exception as exc:
            raise DataError(name, f"Tabellenblatt „{ws.name}“ ist beschädigt ({type(exc).__name__})") from None
    finally:
        workbook.close()
    if not rows:
        raise DataError(name, "Tabellenblatt ist leer")
    return _frame(rows, name, number_repeats, keep)


def read_table(path: Path, name: str | None = None, sheet: str | None = None, number_repeats: bool = False,
               holds=None, keep=(), categories: bool = False) -> pd.DataFrame:
    """Read `.csv` or `.xlsx` by extension; German DataError on anything unreadable.

    `number_repeats` numbers repeated column headings instead of refusing them; `holds` = (test,
    description) picks the workbook sheet whose header row passes the test (see `_sheet`); columns
    named in `keep` keep their cells' text exactly; `categories`: a CSV's columns as Categoricals (read_csv).
    """
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise DataError(name, f"Datei fehlt (erwartet unter {path.parent.name}/{path.name})")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, name, number_repeats, keep, categories)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, name, sheet, number_repeats, holds, keep)
    raise DataError(name, f"Dateiformat „{suffix}“ wird nicht unterstützt (erwartet .csv oder .xlsx)")

"""Turning a frame of delivered cells into typed, validated columns.

The schemas (schemas.py) are pandera declarations whose column metadata say which
English name and which kind (text, integer, decimal, date) a German column becomes.
This module parses the kinds (German dates and decimal commas included), runs pandera
lazily and turns the first failure into one German DataError naming row, column, value.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from evaluation.errors import DataError

_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_PAGE = re.compile(r"^\D{0,5}?(\d+)\s*:\s*\d+$")

KIND_TEXT = {"date": "kein gültiges Datum (erwartet TT.MM.JJJJ)",
             "integer": "keine ganze Zahl",
             "position": "keine Stelle im Dokument (erwartet eine Absatznummer oder bei PDF „Seite: Zeichen“)",
             "decimal": "keine Zahl (erwartet z. B. 1,5)"}


def _date(value):
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value.date())
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    text = str(value).strip()
    m = _DATE_DE.match(text)
    try:
        if m:
            return pd.Timestamp(dt.date(int(m[3]), int(m[2]), int(m[1])))
        m = _DATE_ISO.match(text)
        if m:
            return pd.Timestamp(dt.date(int(m[1]), int(m[2]), int(m[3])))
    except ValueError:
        return None
    return None


def _integer(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if _INT.match(text) else None


def _position(value):
    """A coded segment's place: the paragraph number MAXQDA writes for texts, or the page of
    the „page: offset“ it writes for PDF documents."""
    number = _integer(value)
    if number is not None:
        return number
    m = _PAGE.match(str(value).strip())
    return int(m[1]) if m else None


def _decimal(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if not _DEC.match(text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _verbatim(value):
    """Text exactly as delivered: a quoted segment's line breaks and blanks are part of the quote."""
    return value if isinstance(value, str) else _text(value)


PARSERS = {"date": _date, "integer": _integer, "position": _position, "decimal": _decimal, "text": _text,
           "verbatim": _verbatim}


def distinct(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code (-1 where empty) and the distinct values present, in order of first appearance
    for object columns; a Categorical's own codes (its unused categories dropped) need no hashing."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        used = np.zeros(len(series.cat.categories), dtype=bool)
        used[codes[codes >= 0]] = True
        renumber = np.full(len(used) + 1, -1)
        renumber[np.flatnonzero(used)] = np.arange(used.sum())
        return renumber[codes], series.cat.categories.to_numpy(dtype=object)[used]
    return pd.factorize(series.to_numpy(dtype=object))


def _parse_column(series: pd.Series, kind: str):
    """Parsed series plus the (row, value) pairs that did not parse.

    Each distinct cell is parsed once: large deliveries repeat the same values a lot.
    """
    parser = PARSERS[kind]
    codes, values = distinct(series)
    parsed = [parser(v) for v in values]
    failed = np.array([p is None for p in parsed] + [False])
    bad = []
    if failed.any():
        mask = failed[codes]
        bad = list(zip(series.index[mask], values[codes[mask]]))
    if kind == "date":
        lookup = pd.to_datetime(pd.Series(parsed + [None], dtype=object)).to_numpy()
    elif kind in ("integer", "position"):
        lookup = pd.array(parsed + [None], dtype="Int64")
    elif kind == "decimal":
        lookup = pd.array(parsed + [None], dtype="Float64")
    elif isinstance(series.dtype, pd.CategoricalDtype):  # text stays categorical: it is parsed per category
        texts = np.empty(len(parsed), dtype=object)
        texts[:] = parsed
        renumber, categories = pd.factorize(texts)
        rows = np.append(renumber, -1)[codes]
        return pd.Series(pd.Categorical.from_codes(rows, categories=pd.Index(categories, dtype=object)),
                         index=series.index), bad
    else:
        lookup = np.empty(len(parsed) + 1, dtype=object)
        lookup[:-1] = parsed
    return pd.Series(lookup[codes], index=series.index), bad


def _describe(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _rows(rows: list[int]) -> str:
    """„4 und 9“, „4, 9 und 12“ (at most five, then „…“)."""
    shown = [str(r) for r in rows[:5]]
    if len(rows) > 5:
        return ", ".join(shown) + " …"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " und " + shown[-1]


def _repeated(values: pd.Series, row: int) -> str:
    """A uniqueness failure naming every row that holds the value of `row`."""
    rows = sorted(int(r) for r in values.index[values == values.at[row]])
    return f"Wert kommt mehrfach vor (Zeilen {_rows(rows)}), muss eindeutig sein"


def conform(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> pd.DataFrame:
    """Parse, validate and rename `frame` after `schema`; raise one German DataError. Text columns that come
    as Categoricals (readers.read_csv with `categories`) stay Categoricals; `readers.plain` turns them into
    the str/None columns of the dataset."""
    findings = []  # (order, row, column, value, problem)
    parsed_columns = {}
    for column_name, column in schema.columns.items():
        kind = column.metadata["kind"]
        if column_name not in frame.columns:
            if column.required:
                findings.append((0, None, column_name, None, "Pflichtspalte fehlt"))
            continue
        parsed, bad = _parse_column(frame[column_name], kind)
        for row, value in bad:
            findings.append((1, row, column_name, value, KIND_TEXT[kind]))
        parsed_columns[column_name] = parsed.array
    typed = pd.DataFrame(parsed_columns, index=frame.index, copy=False)  # fresh arrays: not stacked into one block
    if not findings:
        try:
            schema.validate(typed, lazy=True, inplace=True)  # no coercion: a copy would only cost memory
        except pa.errors.SchemaErrors as exc:
            for case in exc.failure_cases.itertuples(index=False):
                row = None if pd.isna(case.index) else int(case.index)
                problem = {"not_nullable": "Pflichtfeld ist leer",
                           "field_uniqueness": "Wert kommt mehrfach vor, muss eindeutig sein",
                           "column_in_dataframe": "Pflichtspalte fehlt"}.get(case.check, case.check)
                if case.schema_context == "DataFrameSchema" and case.column is not None \
                        and not str(case.check).startswith(str(case.column)):
                    continue  # wide check: keep only the column the message is about
                value = None if row is None or case.column is None else frame.at[row, case.column] \
                    if case.column in frame.columns else None
                if case.check == "field_uniqueness" and row is not None:
                    problem = _repeated(typed[case.column], row)
                findings.append((2, row, case.column, value, problem))
    if findings:
        findings.sort(key=lambda f: (f[0], f[1] if f[1] is not None else -1))
        order, row, column, value, problem = findings[0]
        raise DataError(file, problem, row=row, column=column,
                        value=None if value is None else _describe(value), more=len(findings) - 1)
    typed.columns = [schema.columns[c].metadata["name"] for c in typed.columns]
    return typed

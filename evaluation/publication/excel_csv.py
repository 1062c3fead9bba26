"""CSV files for people, in the form German Excel opens with a double click: columns split, umlauts right.

German Excel reads a CSV with the list separator of the German locale (`;`), the decimal comma and – to
recognise UTF-8 at all – a byte order mark at the start (`utf-8-sig`); dates it shows as TT.MM.JJJJ. A file
for people therefore has German column names, numbers as numbers with a decimal comma (not '54,5 %' text
where a number is meant), dates as 31.03.2022, „ja“/„nein“ for yes/no, and '–' where nothing is, never
'nan' or 'None'. A text German Excel would turn into a date ('3.1' → 3. Januar) needs a word before it
(the findings write 'Kap. 3.1'). Machine-readable twins (findings.json, audit.json) keep the English names and full precision.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from evaluation import formatting as fmt

SEPARATOR = ";"
DECIMAL = ","
ENCODING = "utf-8-sig"
MISSING = "–"


def _cell(value):
    """One value as German Excel should read it: numbers stay numbers, with the decimal comma, no thousands mark."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "ja" if value else "nein"
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return fmt.date(value.strftime("%Y-%m-%d"))
    if isinstance(value, str):
        return value.strip() or MISSING
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        if float(value).is_integer():
            return int(value)  # a count stored as float (a column with gaps) is written 22, not 22,0
        return repr(float(value)).replace(".", DECIMAL)  # in an object column pandas would write the point
    return value


def german(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the file holds it: every cell converted by `_cell`, index (if named) as first column."""
    if frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    return pd.DataFrame({str(c): [_cell(v) for v in frame[c].tolist()] for c in frame.columns})


GERMAN_NUMBER = re.compile(r"^(-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)(\s?%)?$")  # 1.234,5 · 54,5 % · 22


def _german_number(text: str) -> tuple[float, bool] | None:
    """'1.234,5' → (1234.5, False), '54,5 %' → (54.5, True); None if the text is no German number."""
    match = GERMAN_NUMBER.match(text.replace("\u00a0", " ").strip())
    if not match:
        return None
    return float(Decimal(match[1].replace(".", "").replace(",", "."))), bool(match[2])


def numbers_from_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame formatted for reading ('54,5 %', '1.234') with those columns as numbers again: a column whose every
    value is a German number becomes numeric; if they all carry '%', its name says „in %“ instead."""
    out = {}
    for column in frame.columns:
        values = frame[column].tolist()
        present = [v for v in values if not (v is None or (isinstance(v, float) and math.isnan(v)))]
        texts = [v for v in present if isinstance(v, str) and v.strip() not in ("", MISSING)]
        parsed = [_german_number(v) for v in texts]
        if not texts or len(texts) != sum(not isinstance(v, str) or v.strip() not in ("", MISSING) for v in present) \
                or None in parsed or len({p[1] for p in parsed}) != 1:
            out[column] = values
            continue
        numbers = iter(p[0] for p in parsed)
        name = f"{column} in %" if parsed[0][1] else column
        out[name] = [next(numbers) if isinstance(v, str) and v.strip() not in ("", MISSING) else None for v in values]
    return pd.DataFrame(out, index=frame.index)


def write(frame: pd.DataFrame, path: Path) -> Path:
    """Write `frame` as a German Excel CSV (`;`, decimal comma, UTF-8 with BOM)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    german(frame).to_csv(path, sep=SEPARATOR, encoding=ENCODING, index=False)
    return path


def read(path: Path, **kwargs) -> pd.DataFrame:
    """A file written by `write`, read back as German Excel would: '–' is empty, numbers are numbers."""
    return pd.read_csv(path, sep=SEPARATOR, decimal=DECIMAL, encoding=ENCODING, na_values=[MISSING],
                       keep_default_na=False, **kwargs)

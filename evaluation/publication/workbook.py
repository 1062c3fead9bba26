"""reports/<date>/befunde.xlsx: the findings as an evaluator opens them first, in Excel.

Sheets Befunde, Prüfbefunde and Herkunft with German headers; numbers are numbers (shares as fractions in
percent format, a range '2-3' as the two numbers „von“ and „bis“, the interval of a sampled value as two
bounds), long texts wrapped, frozen header rows and autofilters. Title, subject, keywords, author and the
reporting date stand in the workbook's properties. The file is byte-identical for the same data (office_file.py).
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd

from evaluation import formatting as fmt
from evaluation.data import quality
from evaluation.publication import office_file
from evaluation.publication.findings_table import (COMPLETE, HIGH, LOW, TEXT_COLUMNS, german_audit, people_findings,
                                                   printed_decimals)

FILE = "befunde.xlsx"
PERCENT = "0.0%"
INTEGER = "#,##0"
DECIMAL = "#,##0.0##"
DATE = "DD.MM.YYYY"
WIDEST = 60      # characters: wider texts wrap inside the cell
NARROWEST = 8


def _percent(decimals: int) -> str:
    return "0" + ("." + "0" * decimals if decimals else "") + "%"


def _findings_sheet(table: pd.DataFrame, reporting_date: str) -> tuple[pd.DataFrame, dict]:
    """The sheet Befunde (numbers only, no wording columns) and the number format per row of the share columns:
    a share shows with the decimals the report printed (62,5 % as „63 %“ where the report printed 63)."""
    frame = people_findings(table, reporting_date).drop(columns=list(TEXT_COLUMNS))
    frame[COMPLETE] = frame[COMPLETE].map({True: "ja", False: "nein"})
    units = table["unit"].tolist() if "unit" in table else ["percent"] * len(table)
    shares = [_percent(d) if u == "percent" else None for d, u in zip(printed_decimals(table), units)]
    return frame, {"Anteil": shares, "Werkreport Wert": shares, LOW: [PERCENT] * len(frame),
                   HIGH: [PERCENT] * len(frame)}


def _format(sheet, frame: pd.DataFrame, formats: dict | None = None) -> None:
    """Header frozen and filtered; per column a width from its texts, long texts wrapped, a number format
    (`formats`: column → format per row, None for the default of the value)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    header = Font(bold=True)
    for cell in sheet[1]:
        cell.font = header
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(i)
        values = frame[column]
        longest = max([max((len(w) for w in str(column).split()), default=0)]
                      + [len(str(v)) for v in values.head(500) if v is not None and not pd.isna(v)])
        sheet.column_dimensions[letter].width = min(WIDEST, max(NARROWEST, longest + 2))
        rows = (formats or {}).get(column)
        for row, cell in enumerate(sheet[letter][1:]):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, bool) or cell.value is None:
                continue
            if isinstance(cell.value, (dt.datetime, dt.date)):
                cell.number_format = DATE
            elif rows is not None and rows[row]:
                cell.number_format = rows[row]
            elif isinstance(cell.value, int) or (isinstance(cell.value, float) and cell.value.is_integer()):
                cell.number_format = INTEGER
            elif isinstance(cell.value, float):
                cell.number_format = DECIMAL


def _properties(wb, reporting_date: str) -> None:
    """Title, subject, author and the reporting date as Excel shows them under „Eigenschaften“."""
    stamp = dt.datetime.fromisoformat(reporting_date)
    props = wb.properties
    props.title = f"Befunde zum Stichtag {fmt.date(reporting_date)} – {office_file.PROGRAMME}"
    props.subject = office_file.subject(reporting_date)
    props.creator = props.lastModifiedBy = office_file.AUTHOR
    props.keywords = ", ".join(office_file.keywords(reporting_date))
    props.description = ("Befunde, Prüfbefunde und Herkunft der Daten; Intervalle nur bei Stichproben "
                         "(Koordinator*innen-Befragung), sonst Vollerhebung.")
    props.language = office_file.LANGUAGE
    props.category = "Auswertung"
    props.created = props.modified = stamp


def write(ds, table: pd.DataFrame, checks: pd.DataFrame, folder: Path) -> Path:
    """befunde.xlsx beside findings.csv (the pipeline's staging folder)."""
    findings, formats = _findings_sheet(table, ds.reporting_date)
    sheets = {"Befunde": (findings, formats), "Prüfbefunde": (german_audit(checks), None),
              "Herkunft": (quality.raw_files(ds), None)}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, (frame, number_formats) in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _format(writer.sheets[name], frame, number_formats)
        _properties(writer.book, ds.reporting_date)
    target = Path(folder) / FILE
    target.write_bytes(office_file.fixed_dates(buffer.getvalue(), ds.reporting_date))
    return target

"""reports/<date>/befunde.xlsx: the findings as an evaluator opens them first, in Excel.

Sheets Befunde, Prüfbefunde and Herkunft with German headers, shares as percent number format,
frozen header rows and autofilters. The file is byte-identical for the same data (office_file.py).
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from evaluation.data import quality
from evaluation.publication.findings_table import german_audit, german_findings
from evaluation.publication.office_file import fixed_dates

FILE = "befunde.xlsx"
PERCENT = "0.0%"


def _findings_sheet(table: pd.DataFrame) -> pd.DataFrame:
    shown = german_findings(table)
    share = pd.to_numeric(table["share"], errors="coerce")
    return pd.DataFrame({
        "Kennzahl": shown["Kennzahl"], "Abschnitt": shown["Abschnitt"], "Fundstelle": shown["Fundstelle"],
        "berechnet": shown["berechnet"], "Zähler": pd.to_numeric(table["numerator"], errors="coerce").astype("Int64"),
        "Nenner": pd.to_numeric(table["denominator"], errors="coerce").astype("Int64"), "Anteil": share,
        "95-%-Intervall": shown["95-%-Intervall (Wilson)"], "Werkreport": shown["Werkreport"],
        "Status": shown["Status"], "Hinweis": shown["Hinweis"]})


def _format(sheet, frame: pd.DataFrame, percent_columns: tuple[str, ...] = ()) -> None:
    from openpyxl.utils import get_column_letter
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for i, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(i)
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
        sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
        if column in percent_columns:
            for cell in sheet[letter][1:]:
                cell.number_format = PERCENT


def write(ds, table: pd.DataFrame, checks: pd.DataFrame, folder: Path) -> Path:
    """befunde.xlsx beside findings.csv (the pipeline's staging folder)."""
    sheets = {"Befunde": (_findings_sheet(table), ("Anteil",)),
              "Prüfbefunde": (german_audit(checks), ()),
              "Herkunft": (quality.raw_files(ds), ())}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, (frame, percent) in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _format(writer.sheets[name], frame, percent)
    target = Path(folder) / FILE
    target.write_bytes(fixed_dates(buffer.getvalue(), ds.reporting_date))
    return target

"""reports/<date>/befunde.xlsx: the findings as an evaluator opens them first, in Excel.

Sheets Befunde, Prüfbefunde and Herkunft with German headers, shares as percent number format,
frozen header rows and autofilters. The file is byte-identical for the same data: openpyxl's
time stamps and the zip members' dates are set to the reporting date.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from .. import quality
from .findings_table import german_audit, german_findings

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


def _fixed_dates(data: bytes, reporting_date: str) -> bytes:
    """Same data, same bytes: document properties and zip member dates set to the reporting date."""
    stamp = f"{reporting_date}T00:00:00Z"
    year, month, day = (int(p) for p in reporting_date.split("-"))
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 lambda m: m[1] + stamp.encode() + m[2], content)
            member = zipfile.ZipInfo(info.filename, date_time=(year, month, day, 0, 0, 0))
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            out.writestr(member, content)
    return target.getvalue()


def write(ds, table: pd.DataFrame, checks: pd.DataFrame, folder: Path) -> Path:
    """befunde.xlsx beside findings.csv (the pipeline's staging folder)."""
    sheets = {"Befunde": (_findings_sheet(table), ("Anteil",)),
              "Prüfbefunde": (german_audit(checks), ()),
              "Herkunft": (quality.provenance(ds), ())}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, (frame, percent) in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _format(writer.sheets[name], frame, percent)
    target = Path(folder) / FILE
    target.write_bytes(_fixed_dates(buffer.getvalue(), ds.reporting_date))
    return target

"""befunde.xlsx as an evaluator opens it: German headers, every value of findings.csv, percent formats,
frozen header and filter, the audit and the provenance – and the same bytes for the same data."""
from __future__ import annotations

import hashlib

import pandas as pd
from openpyxl import load_workbook

from evaluation.publication import findings_table as ft, registry

HEADERS = ["Kennzahl", "Abschnitt", "Fundstelle", "berechnet", "Zähler", "Nenner", "Anteil", "95-%-Intervall",
           "Werkreport", "Status", "Hinweis"]


def test_befunde_sheet_holds_findings_csv(pipeline_run):
    reports = pipeline_run["reports"]
    table, checks = ft.read(reports)
    wb = load_workbook(reports / "befunde.xlsx")
    assert wb.sheetnames == ["Befunde", "Prüfbefunde", "Herkunft"]
    sheet = wb["Befunde"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    labels = registry.labels()
    col = {h: i for i, h in enumerate(HEADERS)}
    for values, row, cells in zip(rows[1:], table.itertuples(), list(sheet.iter_rows(min_row=2))):
        assert values[col["Kennzahl"]] == labels[row.id]
        assert values[col["berechnet"]] == row.display and values[col["Werkreport"]] == row.printed_value
        assert values[col["Status"]] == row.status
        if pd.notna(row.share):
            assert abs(values[col["Anteil"]] - row.share) < 1e-12
            assert cells[col["Anteil"]].number_format == "0.0%"
        if pd.notna(row.numerator):
            assert values[col["Zähler"]] == int(row.numerator)
    assert len(rows) - 1 == len(table)
    audit = list(wb["Prüfbefunde"].iter_rows(values_only=True))
    assert [r[0] for r in audit[1:]] == checks["rule"].tolist()
    provenance = list(wb["Herkunft"].iter_rows(values_only=True))
    assert "SHA-256" in provenance[0] and all(r[provenance[0].index("SHA-256")] for r in provenance[1:])


def test_same_data_same_bytes(pipeline_run, tmp_path):
    from evaluation import load
    from evaluation.publication import reconciliation, workbook
    ds = load(pipeline_run["processed"].name, processed_dir=pipeline_run["processed"].parent)
    table, checks = reconciliation.reconcile(ds)
    first = workbook.write(ds, table, checks, tmp_path).read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256((pipeline_run["reports"] / "befunde.xlsx").read_bytes()).digest()

"""befunde.xlsx as an evaluator opens it, read with openpyxl independently of the writer: German headers, every
value of findings.json as a number (not '63 %' or '2-3' text), percent formats, interval bounds only where a
value rests on a sample, long texts wrapped, frozen header and filter, title and reporting date in the
properties (not „openpyxl“) – and the same bytes for the same data."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from openpyxl import load_workbook

from evaluation.publication import findings_table as ft, office_file, registry

HEADERS = ["Kennzahl", "Abschnitt", "Fundstelle", "Stichtag", "Art der Angabe", "Zähler", "Nenner", "Anteil",
           "Spanne berechnet von", "Spanne berechnet bis", "Werkreport Wert", "Werkreport Spanne von",
           "Werkreport Spanne bis", ft.COMPLETE, ft.LOW, ft.HIGH, "Status", "Hinweis"]
NUMERIC = ["Zähler", "Nenner", "Anteil", "Spanne berechnet von", "Spanne berechnet bis", ft.LOW, ft.HIGH,
           "Werkreport Wert", "Werkreport Spanne von", "Werkreport Spanne bis"]
TEXT_AS_PRINTED = ["Abschnitt"]  # section numbers ('3.1') are labels, text on purpose
NUMBER_AS_TEXT = re.compile(r"^\s*[<>]?\s*-?\d+([.,]\d+)?\s*(%|-\s*\d+([.,]\d+)?)?\s*$")


@pytest.fixture(scope="module")
def workbook(pipeline_run):
    return load_workbook(pipeline_run["reports"] / "befunde.xlsx")


@pytest.fixture(scope="module")
def machine(pipeline_run):
    """findings.json, the machine twin, read as plain JSON (not through the package)."""
    return json.loads((pipeline_run["reports"] / "findings.json").read_text(encoding="utf-8"))["findings"]


def _rows(sheet) -> tuple[list[str], list[dict]]:
    header = [c.value for c in sheet[1]]
    return header, [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)]


def test_befunde_sheet_holds_every_finding_as_numbers(workbook, machine):
    assert workbook.sheetnames == ["Befunde", "Prüfbefunde", "Herkunft"]
    sheet = workbook["Befunde"]
    header, rows = _rows(sheet)
    assert header == HEADERS
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert len(rows) == len(machine)
    labels = registry.labels()
    for finding, row in zip(machine, rows):
        assert row["Kennzahl"].value == labels[finding["id"]]
        assert row["Status"].value == finding["status"]
        assert row["Stichtag"].is_date and row["Stichtag"].number_format == "DD.MM.YYYY"
        for column in NUMERIC:
            cell = row[column]
            assert cell.value is None or cell.data_type == "n", (finding["id"], column, cell.value)
        for column in set(HEADERS) - set(NUMERIC) - set(TEXT_AS_PRINTED) - {"Stichtag"}:
            value = row[column].value
            assert not (isinstance(value, str) and NUMBER_AS_TEXT.match(value)), (finding["id"], column, value)
        if finding["numerator"] is not None:
            assert row["Zähler"].value == finding["numerator"]
        if finding["unit"] == "percent" and finding["share"] is not None:
            assert row["Anteil"].value == pytest.approx(finding["share"], abs=1e-9)  # findings.json keeps ten digits
            printed = finding["printed_value"].lstrip(">").strip()
            decimals = len(printed.split(",")[1]) if "," in printed else 0
            shown = "0" + ("." + "0" * decimals if decimals else "") + "%"  # as many decimals as the report printed
            assert row["Anteil"].number_format == row["Werkreport Wert"].number_format == shown, finding["id"]
        if finding["unit"] == "range":
            low, high = (float(v) for v in finding["display"].split("-"))
            assert (row["Spanne berechnet von"].value, row["Spanne berechnet bis"].value) == (low, high)
            p_low, p_high = (float(v) for v in finding["printed_value"].split("-"))
            assert (row["Werkreport Spanne von"].value, row["Werkreport Spanne bis"].value) == (p_low, p_high)
            assert row["Anteil"].value is None


def test_interval_bounds_only_for_a_sample(workbook, machine):
    """Two numeric bounds in percent format where the value rests on the survey; none on a complete count."""
    _, rows = _rows(workbook["Befunde"])
    sampled = {f["id"] for f in machine} & set(ft.SURVEY_IDS)
    assert sampled, "the survey's values are among the findings"
    for finding, row in zip(machine, rows):
        if finding["id"] in sampled:
            assert row[ft.COMPLETE].value == "nein"
            assert row[ft.LOW].value == pytest.approx(finding["ci_low"])
            assert row[ft.HIGH].value == pytest.approx(finding["ci_high"])
            assert row[ft.LOW].number_format == row[ft.HIGH].number_format == "0.0%"
            assert row[ft.LOW].value <= row["Anteil"].value <= row[ft.HIGH].value
        else:
            assert row[ft.COMPLETE].value == "ja"
            assert row[ft.LOW].value is None and row[ft.HIGH].value is None, finding["id"]
    assert "nur bei Stichprobe" in ft.LOW and "untere Grenze" in ft.LOW and "obere Grenze" in ft.HIGH


def test_long_texts_wrap_in_sensible_columns(workbook):
    for sheet in workbook.worksheets:
        for i, cell in enumerate(sheet[1], start=1):
            letter = cell.column_letter
            width = sheet.column_dimensions[letter].width
            assert 8 <= width <= 60, (sheet.title, cell.value, width)
            longest = max(len(str(c.value)) for c in sheet[letter] if c.value is not None)
            if longest > 60:
                assert all(c.alignment.wrap_text for c in sheet[letter][1:]), (sheet.title, cell.value)


def test_audit_and_provenance_sheets(workbook, pipeline_run):
    _, checks = ft.read(pipeline_run["reports"])
    audit = list(workbook["Prüfbefunde"].iter_rows(values_only=True))
    assert [r[0] for r in audit[1:]] == checks["rule"].tolist()
    ids = set(registry.labels())
    assert not ids & {w for r in audit[1:] for w in str(r[2]).replace(";", " ").split()}, "labels, not ids"
    provenance = list(workbook["Herkunft"].iter_rows(values_only=True))
    assert "SHA-256" in provenance[0] and all(r[provenance[0].index("SHA-256")] for r in provenance[1:])


def test_properties_name_programme_and_date(workbook, pipeline_run):
    props = workbook.properties
    date = pipeline_run["reports"].name
    german = dt.date.fromisoformat(date).strftime("%d.%m.%Y")
    assert office_file.PROGRAMME in props.title and german in props.title
    assert office_file.PROGRAMME in props.subject and german in props.subject
    assert props.creator == props.lastModifiedBy == office_file.AUTHOR
    assert "openpyxl" not in f"{props.creator} {props.lastModifiedBy}".lower()
    assert props.created == props.modified == dt.datetime.fromisoformat(date)
    assert props.language == "de-DE" and german in props.keywords


def test_no_empty_nan_or_none_cells_where_text_is(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.strip() in {"", "nan", "NaN", "None", "<NA>"}), \
                    (sheet.title, row)


def test_same_data_same_bytes(pipeline_run, tmp_path):
    from evaluation import load
    from evaluation.publication import appendix, workbook
    ds = load(pipeline_run["processed"].name, processed_dir=pipeline_run["processed"].parent)
    table, checks = appendix.reconciled(ds)
    first = workbook.write(ds, table, checks, tmp_path).read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256((pipeline_run["reports"] / "befunde.xlsx").read_bytes()).digest()

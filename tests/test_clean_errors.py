"""Broken raw data is refused with one German message naming file, row, column and value;
nothing is written for that date and the raw files stay as they were."""
from __future__ import annotations

import pytest

from conftest import RAW, edit_csv, edit_xlsx, tree_hash
from evaluation.cli import main


def run_cli(raw, out, date="2022-03-31"):
    return main(["run", "--reporting-date", date, "--raw-dir", str(raw), "--output-dir", str(out)])


def assert_refused(capsys, raw, tmp_path, *expected):
    before_repo, before_copy = tree_hash(RAW), tree_hash(raw)
    out = tmp_path / "out"
    assert run_cli(raw, out) == 2
    message = capsys.readouterr().err
    assert "Traceback" not in message
    for part in expected:
        assert part in message, message
    assert not [p for p in out.rglob("*") if p.is_file()], "outputs left behind"
    assert tree_hash(RAW) == before_repo and tree_hash(raw) == before_copy, "raw data changed"
    return message


def test_missing_column(raw_copy, tmp_path, capsys):
    edit_csv(raw_copy, "municipalities.csv",
             lambda lines: [";".join(c for i, c in enumerate(l.split(";")) if i != 2) for l in lines])
    assert_refused(capsys, raw_copy, tmp_path, "municipalities.csv", "Spalte „Typ“", "Pflichtspalte fehlt")


def test_unknown_municipality(raw_copy, tmp_path, capsys):
    def edit(lines):
        cells = lines[3].split(";")
        cells[1] = "Landkreis Harburg"
        lines[3] = ";".join(cells)
        return lines
    edit_csv(raw_copy, "offers_families.csv", edit)
    assert_refused(capsys, raw_copy, tmp_path, "offers_families.csv", "Zeile 4", "Spalte „Kommune“",
                   "Wert „Landkreis Harburg“", "unbekannte Kommune")


def test_ambiguous_municipality(raw_copy, tmp_path, capsys):
    def edit(lines):
        cells = lines[5].split(";")
        cells[1] = "Oldenburg"  # the document register's Kommune
        lines[5] = ";".join(cells)
        return lines
    edit_csv(raw_copy, "coding/documents.csv", edit)
    assert_refused(capsys, raw_copy, tmp_path, "documents.csv", "Zeile 6", "Spalte „Kommune“", "mehrdeutig")


def test_code_missing_from_codebook(raw_copy, tmp_path, capsys):
    edit_xlsx(raw_copy, "coding/document_analysis.xlsx", 5, "Code", "Strategie\\Erfundener Code")
    assert_refused(capsys, raw_copy, tmp_path, "document_analysis.xlsx", "Zeile 5", "Spalte „Code“",
                   "Erfundener Code", "Codesystem")


def test_unparseable_date(raw_copy, tmp_path, capsys):
    def edit(lines):
        cells = lines[9].split(",")
        cells[0] = "31.02.2021"
        lines[9] = ",".join(cells)
        return lines
    edit_csv(raw_copy, "activities.csv", edit)
    assert_refused(capsys, raw_copy, tmp_path, "activities.csv", "Zeile 10", "Spalte „Datum“",
                   "Wert „31.02.2021“", "kein gültiges Datum")


def test_end_before_start(raw_copy, tmp_path, capsys):
    def edit(lines):
        header = lines[0].split(";")
        cells = lines[2].split(";")
        cells[header.index("Ende")] = "01.01.2000"
        lines[2] = ";".join(cells)
        return lines
    edit_csv(raw_copy, "model_areas.csv", edit)
    assert_refused(capsys, raw_copy, tmp_path, "model_areas.csv", "Zeile 3", "Spalte „Ende“", "01.01.2000",
                   "liegt vor Beginn")


def test_segment_end_before_begin(raw_copy, tmp_path, capsys):
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 4, "Anfang", 50)
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 4, "Ende", 3)
    assert_refused(capsys, raw_copy, tmp_path, "interviews.xlsx", "Zeile 4", "Spalte „Ende“", "liegt vor Anfang")


def test_truncated_file_is_caught_by_the_manifest(raw_copy, tmp_path, capsys):
    path = raw_copy / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")
    assert_refused(capsys, raw_copy, tmp_path, "activities.csv", "Lieferverzeichnis")


@pytest.mark.parametrize("name", ["coding/document_analysis.xlsx", "municipalities.csv", "MANIFEST.csv"])
def test_garbage_file(raw_copy, tmp_path, capsys, name):
    (raw_copy / name).write_bytes(b"\x00\xff garbage \x00" * 40)
    assert_refused(capsys, raw_copy, tmp_path, name.split("/")[-1])


@pytest.mark.parametrize("date, expected", [("2030-01-01", "Zukunft"), ("2016-06-30", "Programmbeginn"),
                                            ("2022-13-01", "kein gültiges Datum")])
def test_reporting_date_refused(raw_copy, tmp_path, capsys, date, expected):
    out = tmp_path / "out"
    assert run_cli(raw_copy, out, date) == 2
    assert expected in capsys.readouterr().err
    assert not [p for p in out.rglob("*") if p.is_file()]

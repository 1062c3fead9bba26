"""One delivery check: what `run` refuses, `manifest` (make delivery) refuses with the same German message;
MANIFEST.csv is checked on its own terms; each diagnostic names the file, row and column at fault."""
from __future__ import annotations

import pytest

from conftest import RAW, edit_csv, edit_xlsx, tree_hash
from evaluation.cli import main

DATE = "2022-03-31"


def refused_alike(raw, tmp_path, capsys, *expected) -> str:
    """`manifest` and `run` both refuse with rc 2 and the same first line; nothing is written."""
    manifest_before = (raw / "MANIFEST.csv").read_bytes() if (raw / "MANIFEST.csv").exists() else None
    capsys.readouterr()
    assert main(["manifest", "--raw-dir", str(raw)]) == 2
    by_manifest = capsys.readouterr().err
    after = (raw / "MANIFEST.csv").read_bytes() if (raw / "MANIFEST.csv").exists() else None
    assert after == manifest_before, "Lieferverzeichnis trotz Ablehnung geschrieben"
    out = tmp_path / "out"
    assert main(["run", "--reporting-date", DATE, "--raw-dir", str(raw), "--output-dir", str(out)]) == 2
    by_run = capsys.readouterr().err
    assert "Traceback" not in by_manifest + by_run
    first = [m.strip().splitlines()[-1] for m in (by_manifest, by_run)]
    assert first[0] == first[1], (by_manifest, by_run)
    for part in expected:
        assert part in first[0], first[0]
    assert not [p for p in out.rglob("*") if p.is_file()]
    return first[0]


def _cell(lines, row, column, value, sep=";"):
    header = lines[0].split(sep)
    cells = lines[row - 1].split(sep)
    cells[header.index(column)] = value
    lines[row - 1] = sep.join(cells)
    return lines


def test_unknown_municipality(raw_copy, tmp_path, capsys):
    edit_csv(raw_copy, "offers_families.csv", lambda lines: _cell(lines, 4, "Kommune", "Landkreis Harburg"))
    refused_alike(raw_copy, tmp_path, capsys, "offers_families.csv", "Zeile 4", "Landkreis Harburg",
                  "unbekannte Kommune")


def test_unknown_code(raw_copy, tmp_path, capsys):
    edit_xlsx(raw_copy, "coding/document_analysis.xlsx", 5, "Code", "Strategie\\Erfundener Code")
    refused_alike(raw_copy, tmp_path, capsys, "document_analysis.xlsx", "Zeile 5", "Erfundener Code")


def test_unknown_life_situation(raw_copy, tmp_path, capsys):
    edit_csv(raw_copy, "offers_families.csv", lambda lines: _cell(lines, 3, "Lebenslagen", "sozial,kosmisch"))
    refused_alike(raw_copy, tmp_path, capsys, "offers_families.csv", "Zeile 3", "Spalte „Lebenslagen“",
                  "Wert „kosmisch“", "unbekannte Lebenslage")


def test_personal_data_in_an_interview(raw_copy, tmp_path, capsys):
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 4, "Segment", "Das hat Erika Mustermann so gesagt.")
    message = refused_alike(raw_copy, tmp_path, capsys, "Name aus dem Personenregister")
    assert "Erika" not in message


def test_truncated_municipalities_are_blamed_on_that_file(raw_copy, tmp_path, capsys):
    edit_csv(raw_copy, "municipalities.csv", lambda lines: lines[:15])
    message = refused_alike(raw_copy, tmp_path, capsys, "Datei „municipalities.csv“", "fehl")
    assert not message.startswith("Datei „model_areas.csv“")


def test_truncated_municipalities_without_manifest(raw_copy, tmp_path, capsys):
    (raw_copy / "MANIFEST.csv").unlink()
    edit_csv(raw_copy, "municipalities.csv", lambda lines: lines[:15])
    capsys.readouterr()
    assert main(["manifest", "--raw-dir", str(raw_copy)]) == 2
    err = capsys.readouterr().err
    assert "Datei „municipalities.csv“" in err and "model_areas.csv" in err, err


@pytest.mark.parametrize("name", ["activities.csv", "survey_coordinators_2021-03.csv", "model_areas.csv"])
def test_file_shrunk_to_its_header(raw_copy, tmp_path, capsys, name):
    edit_csv(raw_copy, name, lambda lines: lines[:1])
    refused_alike(raw_copy, tmp_path, capsys, f"Datei „{name}“", "keine Datensätze")


def test_manifest_is_checked_on_its_own_terms(raw_copy, tmp_path, capsys):
    path = raw_copy / "MANIFEST.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[10].split(";")
    cells[1] = "-5"
    lines[10] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--reporting-date", DATE, "--raw-dir", str(raw_copy), "--output-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Datei „MANIFEST.csv“, Zeile 11, Spalte „Datensätze“, Wert „-5“" in err and "negativ" in err, err


@pytest.mark.parametrize("edit, expected", [
    (lambda lines: lines + ["extra.csv;3;" + "0" * 64], ["Zeile 14", "extra.csv", "nicht in der Lieferung"]),
    (lambda lines: [l for l in lines if not l.startswith("persons.csv")], ["persons.csv", "nicht aufgeführt"]),
    (lambda lines: ["Datei;Anzahl;SHA-256"] + lines[1:], ["Kopfzeile", "Datensätze"]),
    (lambda lines: lines[:3] + [lines[3].replace(";", ";;", 1)[:-10]] + lines[4:], ["Zeile 4"]),
])
def test_manifest_structure(raw_copy, tmp_path, capsys, edit, expected):
    path = raw_copy / "MANIFEST.csv"
    path.write_text("\n".join(edit(path.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--reporting-date", DATE, "--raw-dir", str(raw_copy), "--output-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert "MANIFEST.csv" in err and "Traceback" not in err
    for part in expected:
        assert part in err, err


def test_manifest_renewal_says_what_changed(raw_copy, capsys):
    edit_csv(raw_copy, "activities.csv", lambda lines: lines[:-100])
    assert main(["manifest", "--raw-dir", str(raw_copy)]) == 0
    said = capsys.readouterr().out
    assert "activities.csv" in said and "3958" in said and "4058" in said, said


def test_one_cp1252_line_in_utf8_names_its_row_and_column(raw_copy, tmp_path, capsys):
    path = raw_copy / "activities.csv"
    lines = path.read_bytes().decode("utf-8").splitlines()
    assert "Osnabrück" in lines[11]
    data = "\n".join(lines[:11]).encode() + b"\n" + lines[11].encode("cp1252") + b"\n" + \
        "\n".join(lines[12:]).encode() + b"\n"
    path.write_bytes(data)
    refused_alike(raw_copy, tmp_path, capsys, "activities.csv", "Zeile 12", "Spalte „Kommune“", "UTF-8")


def test_cp850_names_row_and_column(raw_copy, tmp_path, capsys):
    path = raw_copy / "municipalities.csv"
    path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("cp850", errors="replace"))
    message = refused_alike(raw_copy, tmp_path, capsys, "municipalities.csv", "Zeile 6", "Spalte „Kommune“")
    assert "Position" not in message


@pytest.mark.parametrize("row", [21, 4059])
def test_unclosed_quote_is_named_in_german(raw_copy, tmp_path, capsys, row):
    edit_csv(raw_copy, "activities.csv", lambda lines: lines[:row - 1] + [lines[row - 1][:-1]] + lines[row:])
    message = refused_alike(raw_copy, tmp_path, capsys, "activities.csv",
                            f"Anführungszeichen in Zeile {row} nicht geschlossen")
    assert "EOF" not in message


def test_duplicate_ids_name_both_rows(raw_copy, tmp_path, capsys):
    edit_csv(raw_copy, "offers_families.csv", lambda lines: _cell(lines, 9, "Nr", "3"))
    refused_alike(raw_copy, tmp_path, capsys, "offers_families.csv", "Spalte „Nr“", "Wert „3“", "Zeilen 4 und 9")


def test_missing_raw_dir_is_named(tmp_path, capsys):
    missing = tmp_path / "gibt-es-nicht"
    for command in (["manifest", "--raw-dir", str(missing)],
                    ["run", "--reporting-date", DATE, "--raw-dir", str(missing), "--output-dir", str(tmp_path / "o")]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"Rohdatenordner „{missing}“ existiert nicht" in err, err
    assert not missing.exists()


def test_a_misspelling_in_two_files_is_not_blamed_on_intact_master_data(raw_copy, tmp_path, capsys):
    edit_csv(raw_copy, "offers_families.csv", lambda lines: _cell(lines, 4, "Kommune", "Landkreis Harburg"))
    edit_csv(raw_copy, "activities.csv", lambda lines: _cell(lines, 10, "Kommune", "Landkreis Harburg", sep=","))
    refused_alike(raw_copy, tmp_path, capsys, "Datei „offers_families.csv“, Zeile 4", "unbekannte Kommune")


def test_broken_utf16_names_the_row_not_the_byte():
    from evaluation.errors import DataError
    from evaluation.intake.readers import decode
    data = "Nr;Kommune\n1;Peine\n2;Celle\n".encode("utf-16")
    broken = data[:-4] + b"\x00\xd8" + data[-2:]  # a lone surrogate in the last row
    with pytest.raises(DataError) as refused:
        decode(broken, "offers_families.csv")
    assert refused.value.row == 3 and "Byte" not in str(refused.value)


def test_accepting_replaces_a_broken_manifest_and_says_so(raw_copy, capsys):
    path = raw_copy / "MANIFEST.csv"
    good = path.read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace(";45;", ";-45;", 1), encoding="utf-8")
    assert main(["manifest", "--raw-dir", str(raw_copy)]) == 0
    said = capsys.readouterr().out
    assert "bisheriges Lieferverzeichnis nicht verwendbar" in said and "negative Zahl" in said, said
    assert path.read_bytes() == good

"""A partner's delivery is taken as the partner writes it: coding files with only MAXQDA's columns (on any
sheet, in any of MAXQDA's encodings, with or without document variables) plus the document register,
and no reconstruction bookkeeping (Belegstatus, Quelle). The published numbers stay the same."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from lxml import html as lxml_html
from openpyxl import Workbook, load_workbook

from conftest import ENCODINGS, RAW, html_tables
from evaluation.data import clean
from evaluation.intake import manifest
from evaluation.publication.reconciliation import reconcile

DATE = "2022-03-31"
ENGLISH = {"Farbe": "Color", "Kommentar": "Comment", "Dokumentgruppe": "Document group",
           "Dokumentname": "Document name", "Anfang": "Beginning", "Ende": "End", "Gewicht": "Weight score",
           "Bearbeitet von": "Modified by", "Bearbeitet am": "Modified", "Erstellt von": "Created by",
           "Erstellt am": "Created", "Fläche": "Area", "Abdeckungsgrad %": "Coverage %"}


def _accept(raw):
    (raw / "MANIFEST.csv").write_text(manifest.render(raw, clean.count_records(raw)), encoding="utf-8")


def _numbers(dataset) -> pd.DataFrame:
    table, _ = reconcile(dataset)
    return table.set_index("id")[["numerator", "denominator"]].astype("string").fillna("")


def _drop_columns(raw, name, drop, delimiter=";"):
    path = raw / name
    text = path.read_bytes().decode(ENCODINGS[name])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    keep = [i for i, h in enumerate(rows[0]) if h not in drop]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    path.write_bytes(out.getvalue().encode(ENCODINGS[name]))


def _without_bookkeeping(raw):
    """Every raw file (csv and xlsx) without the reconstruction's columns Belegstatus and Quelle."""
    drop = {"Belegstatus", "Quelle"}
    for name in ENCODINGS:
        header = (raw / name).read_bytes().decode(ENCODINGS[name]).splitlines()[0]
        delimiter = ";" if header.count(";") >= header.count(",") else ","
        if drop & set(next(csv.reader([header], delimiter=delimiter))):
            _drop_columns(raw, name, drop, delimiter)
    for path in raw.rglob("*.xlsx"):
        book = load_workbook(path)
        for sheet in book.worksheets:
            for column in reversed(range(1, sheet.max_column + 1)):
                if sheet.cell(1, column).value in drop:
                    sheet.delete_cols(column)
        book.save(path)


def test_a_delivery_without_reconstruction_bookkeeping_is_accepted(raw_copy):
    for name in ("municipalities.csv", "model_areas.csv", "offers_families.csv"):
        _drop_columns(raw_copy, name, {"Belegstatus", "Quelle"})
    _accept(raw_copy)
    pd.testing.assert_frame_equal(_numbers(clean.build(raw_copy, DATE)), _numbers(clean.build(RAW, DATE)))


def test_a_delivery_as_maxqda_writes_it_gives_the_same_numbers(raw_copy):
    """Document analysis: a workbook whose first sheet is a pivot table, the export with document variables
    (MAXQDA's repeated system variables and the project's Kommune, Dokumentdatum) and no register rows.
    Interviews: an English export as UTF-16 tab-separated text."""
    register = pd.read_csv(raw_copy / "coding/documents.csv", sep=";", encoding="utf-8-sig", dtype=str,
                           keep_default_na=False).set_index("Dokumentname")
    export = pd.read_excel(raw_copy / "coding/document_analysis.xlsx", dtype=object)
    variables = ["Dokumentgruppe", "Dokumentname", "Erstellt von", "Erstellt am", "Kommune", "Dokumentdatum"]
    wb = Workbook()
    wb.active.title = "Pivot"
    wb.active.append(["Anzahl von Code", "Dokumentgruppe"])
    for group, n in export["Dokumentgruppe"].value_counts().items():
        wb.active.append([group, n])
    sheet = wb.create_sheet("Codierte Segmente")
    sheet.append(list(export.columns) + variables)
    for row in export.itertuples(index=False):
        doc = register.loc[row.Dokumentname]
        sheet.append([None if pd.isna(v) else v for v in row]
                     + [row.Dokumentgruppe, row.Dokumentname, "Projektleitung", pd.Timestamp("2022-03-01"),
                        doc["Kommune"], pd.to_datetime(doc["Dokumentdatum"], dayfirst=True)])
    wb.save(raw_copy / "coding/document_analysis.xlsx")
    analysed = set(export["Dokumentname"])
    rest = register[~register.index.isin(analysed)].reset_index()
    rest.to_csv(raw_copy / "coding/documents.csv", sep=";", index=False, encoding="utf-8-sig")

    interviews = pd.read_excel(raw_copy / "coding/interviews.xlsx", dtype=object).rename(columns=ENGLISH)
    text = interviews.to_csv(sep="\t", index=False, lineterminator="\r\n", date_format="%d.%m.%Y %H:%M:%S")
    (raw_copy / "coding/interviews.csv").write_bytes(text.encode("utf-16"))
    (raw_copy / "coding/interviews.xlsx").unlink()
    _accept(raw_copy)

    built, reference = clean.build(raw_copy, DATE), clean.build(RAW, DATE)
    pd.testing.assert_frame_equal(_numbers(built), _numbers(reference))
    key = ["document", "code", "begin", "end", "coder", "municipality_id", "document_date"]
    for table in ("document_segments", "interview_segments"):
        pd.testing.assert_frame_equal(built.tables[table][key], reference.tables[table][key], check_dtype=False)


def test_accepting_a_delivery_names_every_document_missing_from_the_register(raw_copy, capsys):
    from conftest import edit_csv
    from evaluation.cli import main
    lines = (raw_copy / "coding/documents.csv").read_text(encoding="utf-8-sig").splitlines()
    interview = next(i for i, line in enumerate(lines) if line.startswith("Leitfadeninterview"))
    doomed = (3, 40, interview)
    gone = [lines[i].split(";")[0] for i in doomed]
    edit_csv(raw_copy, "coding/documents.csv", lambda rows: [r for i, r in enumerate(rows) if i not in doomed])
    assert main(["manifest", "--raw-dir", str(raw_copy)]) == 2
    err = capsys.readouterr().err
    assert "Datei „coding/documents.csv“, Spalte „Dokumentname“: 3 Dokument(e) der Codierung fehlen" in err
    assert all(f"„{name}“ (document_analysis.xlsx, Zeile " in err for name in gone[:2]), err
    assert f"„{gone[2]}“ (interviews.xlsx, Zeile " in err


@pytest.mark.run
@pytest.mark.parametrize("date", ["2022-03-31", "2019-12-31"])
def test_a_run_of_a_delivery_without_bookkeeping_writes_every_page(raw_copy, tmp_path, date):
    """Belegstatus and Quelle are optional in every notebook: the run writes the report and all profiles; the
    profiles name no Belegstatus (the index has no column „Beleg“) and keep the marks the texts carry."""
    from evaluation.run import pipeline
    _without_bookkeeping(raw_copy)
    _accept(raw_copy)
    for path in [raw_copy / n for n in ENCODINGS] + list(raw_copy.rglob("*.xlsx")):
        head = pd.read_excel(path, nrows=0) if path.suffix == ".xlsx" else None
        assert head is None or not {"Belegstatus", "Quelle"} & set(head.columns), path
    folders = pipeline.run(date, raw_dir=raw_copy, output_dir=tmp_path, echo=lambda m: None, jobs=2)[date]
    reports = folders["reports"]
    assert (reports / "werkreport.html").is_file()
    pages = sorted((reports / "kommunen").glob("P*.html"))
    assert pages
    index = lxml_html.fromstring((reports / "kommunen" / "index.html").read_text(encoding="utf-8"))
    assert "Beleg" not in [th.text_content().strip() for th in index.iter("th")]
    for page in pages:
        text = " ".join(lxml_html.fromstring(page.read_text(encoding="utf-8")).text_content().split())
        facts = [row[0] for row in html_tables(page)["Förderung und Stammdaten"]]
        assert "Beleg der Teilnahme" not in facts and "Quelle" not in facts, page.name
        assert "keine Spalten „Belegstatus“ und „Quelle“" in text, page.name

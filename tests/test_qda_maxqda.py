"""MAXQDA „Codierte Segmente“ exports as MAXQDA writes them, on small fixtures written here.

Column order and headings follow MAXQDA's export (German: Farbe, Kommentar, Dokumentgruppe, Dokumentname,
Code, Anfang, Ende, Gewicht, Segment, Bearbeitet von/am, Erstellt von/am, Fläche, Abdeckungsgrad %;
English likewise). Municipality, date and type of a document come from the document register or from
document variables the export carries – never from a column MAXQDA does not write.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook

from evaluation.errors import DataError
from evaluation.qda import columns, maxqda
from evaluation.intake.readers import read_table

GERMAN = ["Farbe", "Kommentar", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
          "Bearbeitet von", "Bearbeitet am", "Erstellt von", "Erstellt am", "Fläche", "Abdeckungsgrad %"]
ENGLISH = ["Color", "Comment", "Document group", "Document name", "Code", "Beginning", "End", "Weight score",
           "Segment", "Modified by", "Modified", "Created by", "Created", "Area", "Coverage %"]
INTERVIEW = "Interview Leitungsebene, Kommune B"
PROTOCOL = "Protokoll Steuerungsgruppe, LK Peine, 12.05.2021"
REPORT = "Jahresdokumentation 2021, Landkreis Peine"
ON = dt.datetime(2022, 2, 20, 14, 5)
ROWS = [  # the segment's own cells, in MAXQDA's column order
    ["#17A589", None, "Interviews", INTERVIEW, "Bewertung > Prozessbegleitung", 22, 22, 0,
     "Die Begleitung war hilfreich.", "EV1", ON, "EV1", ON, 0, 0.41],
    ["#2471A3", "zweite Sichtung", "Protokolle", PROTOCOL, "Struktur\\Steuerungsgruppe eingerichtet", 3, 4, 0,
     "Die Steuerungsgruppe tagt.", None, None, "EV2", ON, 0, 1.2],
    ["#C0392B", None, None, REPORT, "Strategie\\Politischer Beschluss", "3: 120", "3: 410", 50,
     "Der Rat hat beschlossen.", "EV1", ON, "EV1", ON, 0, 0.05],
]
REGISTER = ("Dokumentname;Kommune;Dokumentdatum;Dokumenttyp\n"
            f"{INTERVIEW};Kommune B;15.02.2022;Leitfadeninterview\n"
            f"{PROTOCOL};LK Peine;12.05.2021;Protokoll\n"
            f"{REPORT};Peine, Landkreis;31.01.2022;Jahresdokumentation\n")


def workbook(path, sheets):
    """Write `sheets` ({title: rows}) in order; the first row of each is its header."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def register(tmp_path, text=REGISTER):
    path = tmp_path / "documents.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def text_cells(rows):
    """Cells as MAXQDA writes them into a CSV: dates as German text, decimals with a comma."""
    def cell(v):
        if isinstance(v, dt.datetime):
            return v.strftime("%d.%m.%Y %H:%M:%S")
        if isinstance(v, float):
            return str(v).replace(".", ",")
        return "" if v is None else str(v)
    return [[cell(v) for v in row] for row in rows]


@pytest.fixture
def german(tmp_path):
    path = workbook(tmp_path / "Codierte Segmente.xlsx", {"Codierte Segmente": [GERMAN, *ROWS]})
    return maxqda.read_coded_segments(path, register=register(tmp_path))


def test_an_export_with_only_maxqdas_columns_takes_the_documents_from_the_register(german):
    assert list(german.columns) == columns.TIDY
    by_document = german.set_index("document")
    assert by_document.loc[PROTOCOL, "municipality"] == "LK Peine"
    assert by_document.loc[INTERVIEW, "document_date"] == pd.Timestamp("2022-02-15")
    assert by_document.loc[PROTOCOL, "coder"] == "EV2"  # „Bearbeitet von“ empty: who created the segment
    assert pd.isna(by_document.loc[REPORT, "document_group"])  # a document outside any document group
    assert (by_document.loc[REPORT, "begin"], by_document.loc[REPORT, "end"]) == (3, 3)  # PDF: „page: offset“
    assert by_document.loc[INTERVIEW, "code"] == "Bewertung\\Prozessbegleitung"


def test_an_english_export_lands_in_the_same_table(tmp_path, german):
    path = workbook(tmp_path / "Coded Segments.xlsx", {"Coded segments": [ENGLISH, *ROWS]})
    english = maxqda.read_coded_segments(path, register=register(tmp_path))
    pd.testing.assert_frame_equal(english, german)


@pytest.mark.parametrize("encoding, sep", [("utf-16", "\t"), ("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", ";")])
def test_a_csv_in_maxqdas_encodings_and_separators(tmp_path, german, encoding, sep):
    lines = [sep.join(f'"{c}"' if sep in c or "," in c else c for c in row)
             for row in text_cells([ENGLISH if encoding == "utf-16" else GERMAN, *ROWS])]
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    from_csv = maxqda.read_coded_segments(path, register=register(tmp_path))
    pd.testing.assert_frame_equal(from_csv, german)


def test_repeated_document_variable_columns_are_read_not_refused(tmp_path):
    """With document variables exported, MAXQDA appends them after the segment's columns; its system
    variables repeat headings (Dokumentgruppe, Dokumentname, Erstellt von/am – the document's, not the
    segment's). The project's own variables Kommune and Dokumentdatum then need no register row."""
    variables = ["Dokumentgruppe", "Dokumentname", "Erstellt von", "Erstellt am", "Kommune", "Dokumentdatum"]
    values = {INTERVIEW: ["Interviews", INTERVIEW, "admin", dt.datetime(2022, 1, 3), "Kommune B",
                          dt.datetime(2022, 2, 15)],
              PROTOCOL: ["Protokolle", PROTOCOL, "admin", dt.datetime(2021, 6, 1), "LK Peine", "12.05.2021"],
              REPORT: [None, REPORT, "admin", dt.datetime(2022, 2, 2), "Peine, Landkreis", "31.01.2022"]}
    rows = [row + values[row[3]] for row in ROWS]
    path = workbook(tmp_path / "mit_variablen.xlsx", {"Codierte Segmente": [GERMAN + variables, *rows]})
    assert "Dokumentname (2)" in read_table(path, number_repeats=True).columns
    table = maxqda.read_coded_segments(path)  # no register: the variables say it all
    assert table.set_index("document").loc[REPORT, "municipality"] == "Peine, Landkreis"
    assert table.set_index("document").loc[PROTOCOL, "document_date"] == pd.Timestamp("2021-05-12")
    assert list(table["coder"]) == ["EV1", "EV2", "EV1"]  # the segment's „Erstellt von“, not the document's


def test_a_repeat_that_contradicts_the_segment_is_refused(tmp_path):
    rows = [row + [row[3]] for row in ROWS]
    rows[1][-1] = "Protokoll Steuerungsgruppe, LK Peine, 13.05.2021"
    path = workbook(tmp_path / "widerspruch.xlsx", {"Codierte Segmente": [GERMAN + ["Dokumentname"], *rows]})
    with pytest.raises(DataError) as err:
        maxqda.read_coded_segments(path, register=register(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (3, "Dokumentname", PROTOCOL)
    assert "widerspruch.xlsx" in str(err.value) and "13.05.2021" in str(err.value)


def test_a_workbook_whose_first_sheet_is_a_pivot_table(tmp_path, german):
    pivot = [["Anzahl von Code", "Spaltenbeschriftungen"], ["Zeilenbeschriftungen", "Interviews", "Protokolle"],
             ["EV1", 1, None], ["EV2", None, 1], ["Gesamtergebnis", 1, 1]]
    path = workbook(tmp_path / "mit_pivot.xlsx", {"Pivot": pivot, "Tabelle1": [GERMAN, *ROWS]})
    pd.testing.assert_frame_equal(maxqda.read_coded_segments(path, register=register(tmp_path)), german)
    notes = workbook(tmp_path / "ohne_export.xlsx", {"Pivot": pivot, "Notizen": [["Notiz"], ["bitte prüfen"]]})
    with pytest.raises(DataError, match="„Pivot“, „Notizen“"):
        maxqda.read_coded_segments(notes)


def test_a_register_missing_several_documents_names_them_all(tmp_path):
    path = workbook(tmp_path / "export.xlsx", {"Codierte Segmente": [GERMAN, *ROWS, ROWS[0]]})
    partial = "Dokumentname;Kommune;Dokumentdatum;Dokumenttyp\n" + REGISTER.splitlines()[2] + "\n"
    with pytest.raises(DataError) as err:
        maxqda.read_coded_segments(path, register=register(tmp_path, partial))
    message = str(err.value)
    assert message.startswith("Datei „documents.csv“, Spalte „Dokumentname“: 2 Dokument(e) der Codierung fehlen")
    assert f"„{INTERVIEW}“ (export.xlsx, Zeile 2)" in message and f"„{REPORT}“ (export.xlsx, Zeile 4)" in message
    assert PROTOCOL not in message


def test_an_export_without_a_segment_column_is_named(tmp_path):
    path = tmp_path / "kurz.csv"
    path.write_text("Dokumentname;Code;Anfang;Ende\nA;X;1;1\n", encoding="utf-8")
    with pytest.raises(DataError, match="kurz.csv.*Spalte „Segment“: Pflichtspalte fehlt"):
        maxqda.read_coded_segments(path)

"""The pseudonymisation guard against an attacker's list: registered names in the forms German texts use,
obfuscated e-mail addresses and phone numbers, in every text field of the delivery – refused in German,
naming file, row, column and form, never the personal data; the register is never part of the dataset."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW, edit_csv, edit_xlsx
from evaluation.data import clean
from evaluation.qda import guard

REGISTER = ["Erika Mustermann", "Hanna Eta", "Anna-Lena von Test Beispiel"]

NAMES = [
    ("Wie Erika Mustermann sagte", "Vorname Nachname"),
    ("ERIKA MUSTERMANN", "Vorname Nachname"),
    ("Erika\u00a0Mustermann", "Vorname Nachname"),
    ("Eri\u00adka Mustermann", "Vorname Nachname"),
    ("Mustermann, Erika", "Nachname, Vorname"),
    ("mustermann,erika", "Nachname, Vorname"),
    ("Frau Mustermann hat gesagt", "Anrede/Titel + Nachname"),
    ("mit Herrn Mustermann", "Anrede/Titel + Nachname"),
    ("Dr. Mustermann", "Anrede/Titel + Nachname"),
    ("Frau Prof. Dr. Mustermann", "Anrede/Titel + Nachname"),
    ("Fr. Mustermann", "Anrede/Titel + Nachname"),
    ("Frau Mustermanns Bericht", "Anrede/Titel + Nachname"),
    ("E. Mustermann", "Initiale Nachname"),
    ("Mustermann, E.", "Nachname, Initiale"),
    ("Erika Mustermanns Vorschlag", "Vorname Nachname"),
    ("Frau Eta", "Anrede/Titel + Nachname"),
    ("Eta, Hanna", "Nachname, Vorname"),
    ("Frau Muster\u00admann", "Anrede/Titel + Nachname"),
    ("Test Beispiel, Anna-Lena", "Nachname, Vorname"),
    ("von Test Beispiel, Anna-Lena", "Nachname, Vorname"),
    ("Frau von Test Beispiel", "Anrede/Titel + Nachname"),
    ("A.-L. von Test Beispiel", "Initiale Nachname"),
    ("Anna-Lena von Test Beispiel", "Vorname Nachname"),
    ("\uff2d\uff55\uff53\uff54\uff45\uff52\uff4d\uff41\uff4e\uff4e, Erika", "Nachname, Vorname"),
    ("Frau\u00a0Dr.\u00a0Mustermann", "Anrede/Titel + Nachname"),
]
CONTACTS = [
    ("hanna.eta (at) example.org", "E-Mail-Adresse"),
    ("hanna.eta(at)example(dot)org", "E-Mail-Adresse"),
    ("hanna.eta [at] example.org", "E-Mail-Adresse"),
    ("hanna.eta at example dot org", "E-Mail-Adresse"),
    ("hanna.eta{at}example[punkt]de", "E-Mail-Adresse"),
    ("hanna.eta@example.org", "E-Mail-Adresse"),
    ("Tel. 0511-12 34 56", "Telefonnummer"),
    ("0511 / 123456", "Telefonnummer"),
    ("+49 (0)511 123456", "Telefonnummer"),
    ("+49 511 123456", "Telefonnummer"),
    ("(0511) 12 34 56", "Telefonnummer"),
    ("0049 511 123456", "Telefonnummer"),
    ("Telefon: 12 34 56 78", "Telefonnummer"),
    ("Rufen Sie 0511 1234567 an", "Telefonnummer"),
]
CLEAN = ["Die Koordinierungsstelle traf sich am 01.03.2021 mit 12 Fachkräften.",
         "Im Jahr 2019/2020 wurden 0,5 Stellen geschaffen (Kohorte 2017).",
         "Die Mustermappe liegt vor.", "Erika sagte, es sei gut.", "Herr Müller", "Telefonate 2019 bis 2021",
         "Beschlussvorlage Fortführung der Präventionskette, Garbsen, 07.08.2019",
         "Leitfadeninterview Evaluation, Leitungsebene, Kommune A", "at the meeting. Thanks",
         "Beschlussvorlage 0815/2019 des Jugendhilfeausschusses"]


@pytest.mark.parametrize("text, form", NAMES)
def test_every_name_form_is_found(text, form):
    assert f"„{form}“" in " ".join(guard.findings(text, REGISTER))


@pytest.mark.parametrize("text, kind", CONTACTS)
def test_obfuscated_contacts_are_found(text, kind):
    assert kind in guard.findings(text, REGISTER)


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_passes(text):
    assert guard.findings(text, REGISTER) == []


@pytest.mark.parametrize("text", [t for t, _ in NAMES + CONTACTS])
def test_screen_names_file_row_column_and_form_but_not_the_value(text):
    frame = pd.DataFrame({"title": ["Netzwerktreffen", text]}, index=[2, 3])
    with pytest.raises(guard.PersonalDataError) as err:
        guard.screen(frame, guard.Register(REGISTER), "activities.csv", {"title": "Titel"})
    message = str(err.value)
    assert "activities.csv, Zeile 3, Spalte „Titel“" in message and "Personenbezogene Daten" in message
    assert text not in message and "Mustermann" not in message and "example" not in message


def test_the_real_delivery_passes_and_keeps_no_register():
    ds = clean.build(RAW, "2022-03-31")
    assert "persons" not in ds.tables
    assert "pseudonym" not in ds.municipalities.columns  # the key from „Kommune A“ back to the municipality
    register = guard.read_register(RAW)
    for key, frame in ds.tables.items():
        guard.screen(frame, register, key)


def _refused(raw, capsys) -> str:
    with pytest.raises(guard.PersonalDataError) as err:
        clean.build(raw, "2022-03-31")
    return str(err.value)


@pytest.mark.parametrize("file, row, column, value", [
    ("coding/interviews.xlsx", 3, "Segment", "„Das hat Mustermann, Erika so entschieden.“"),
    ("coding/interviews.xlsx", 4, "Segment", "Frau Mustermann meinte, Tel. 0511-12 34 56"),
    ("coding/interviews.xlsx", 2, "Kommentar", "Rückfrage bei E. Mustermann"),
    ("coding/interviews.xlsx", 2, "Bearbeitet von", "Mustermann, Erika"),
    ("coding/document_analysis.xlsx", 5, "Segment", "Kontakt: hanna.eta (at) example.org"),
])
def test_every_field_of_the_coding_is_screened(raw_copy, capsys, file, row, column, value):
    edit_xlsx(raw_copy, file, row, column, value)
    message = _refused(raw_copy, capsys)
    assert f"{file}, Zeile {row}, Spalte „{column}“" in message
    assert value not in message and "Mustermann" not in message and "example" not in message


@pytest.mark.parametrize("file, column, edit", [
    ("activities.csv", "Titel",
     lambda lines: lines[:2] + [lines[2].replace("[rekonstruiert] Prozessberatung", "Beratung mit Frau Mustermann")]
     + lines[3:]),
    ("survey_coordinators_2021-03.csv", "Freitext",
     lambda lines: lines[:2] + [lines[2] + "Bitte rufen Sie an: 0511 / 123456"] + lines[3:]),
    ("coding/documents.csv", "Dokumentname",
     lambda lines: lines + ["Interview Erika Mustermann;;01.02.2020;Leitfadeninterview"]),
])
def test_free_text_titles_and_document_names_are_screened(raw_copy, capsys, file, column, edit):
    edit_csv(raw_copy, file, edit)
    message = _refused(raw_copy, capsys)
    assert file in message and f"Spalte „{column}“" in message and "Mustermann" not in message


def _segments(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({"document": ["Interview 1", "Interview 1"], "document_group": ["Interviews"] * 2,
                          "text": ["Gute Zusammenarbeit.", "Wir planen weiter."], "comment": [None, None],
                          "coder": ["Erika Mustermann", "Hanna Eta"]})
    for column, value in changes.items():
        frame.loc[1, column] = value
    return frame


def test_qda_export_pseudonymises_coders():
    from evaluation.qda import refi_export
    out = refi_export.protect(_segments(), REGISTER)
    assert out["coder"].tolist() == ["Codierende*r 1", "Codierende*r 2"]


@pytest.mark.parametrize("column, value", [("comment", "laut Frau Mustermann"), ("text", "hanna.eta@example.org"),
                                           ("document", "Interview Mustermann, Erika")])
def test_qda_export_refuses_personal_data(column, value):
    from evaluation.qda import refi_export
    with pytest.raises(guard.PersonalDataError) as err:
        refi_export.protect(_segments(**{column: value}), REGISTER)
    assert "REFI-QDA-Export, Segment 2, Spalte" in str(err.value) and "Mustermann" not in str(err.value)


def test_qda_export_writes_no_coder_name_and_refuses_a_delivery_with_personal_data(tmp_path, raw_copy, capsys):
    import zipfile

    from evaluation.cli import main
    out = tmp_path / "a.qdpx"
    assert main(["qda", "export", str(out), "--reporting-date", "2022-03-31", "--raw-dir", str(raw_copy)]) == 0
    project = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    coders = set(clean.build(RAW, "2022-03-31").interview_segments["coder"].dropna())
    assert coders and not any(c in project for c in coders) and "Codierende*r 1" in project
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 2, "Kommentar", "Rückfrage bei Erika Mustermann")
    bad = tmp_path / "b.qdpx"
    assert main(["qda", "export", str(bad), "--reporting-date", "2022-03-31", "--raw-dir", str(raw_copy)]) == 2
    assert not bad.exists() and "Personenbezogene Daten" in capsys.readouterr().err

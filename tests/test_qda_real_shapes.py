"""QDA exports in the shapes real tools write (issue 17), built here from the formats' public descriptions and
texts of our own: NVivo's REFI export (coder on the selection, project creator on every coding, cases repeated as
codes, UTF-16/CRLF sources), MAXQDA 12 English and German „Coded segments“, ATLAS.ti's quotation manager, REFI
codebooks (.qdc), files whose extension lies, and agreement among more than two coders."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from evaluation.cli import main
from evaluation.qda.refi import read_qdpx

NS = "urn:QDA-XML:project:1.0"
CREATOR, ANNA, BEN = ("C0000000-0000-0000-0000-000000000001", "C0000000-0000-0000-0000-000000000002",
                      "C0000000-0000-0000-0000-000000000003")
CASE, SOURCE, PICTURE = ("CA000000-0000-0000-0000-000000000001", "50000000-0000-0000-0000-000000000001",
                         "50000000-0000-0000-0000-000000000002")
CODE_NET, CODE_SCHOOL = "C0DE0000-0000-0000-0000-000000000001", "C0DE0000-0000-0000-0000-000000000002"
# NVivo stores sources as UTF-16 with CRLF and counts positions in UTF-16 code units
NVIVO_TEXT = "I: Wie arbeiten Sie zusammen?\r\nB: Das Netzwerk 🤝 trifft sich monatlich.\r\nB: Schulen und Kitas planen gemeinsam."


def _at(text: str, part: str) -> tuple[int, int]:
    """Start and end of `part` in UTF-16 code units, CRLF counted as two."""
    start = len(text[:text.index(part)].encode("utf-16-le")) // 2
    return start, start + len(part.encode("utf-16-le")) // 2


def nvivo_project(path: Path) -> Path:
    """A .qdpx as NVivo (Windows 20) writes it: `Coding@creatingUser` is the project's creator on every coding,
    the coder is on the selection; the case „Kommune X“ is repeated as a code and coded like one."""
    net = _at(NVIVO_TEXT, "Das Netzwerk 🤝 trifft sich monatlich.")
    school = _at(NVIVO_TEXT, "Schulen und Kitas planen gemeinsam.")
    turn = _at(NVIVO_TEXT, "B: Das Netzwerk 🤝 trifft sich monatlich.\r\nB: Schulen")

    def selection(guid, span, user, code, description=""):
        return (f'<PlainTextSelection guid="{guid}" name="" startPosition="{span[0]}" endPosition="{span[1]}" '
                f'creatingUser="{user}" creationDateTime="2024-05-14T09:12:44Z">{description}'
                f'<Coding guid="{guid[:-1]}F" creatingUser="{CREATOR}" creationDateTime="2024-05-14T09:12:44Z">'
                f'<CodeRef targetGUID="{code}" /></Coding></PlainTextSelection>')

    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Netzwerk" origin="NVivo 20.1.0.1234" creatingUserGUID="{CREATOR}" xmlns="{NS}">
  <Users><User guid="{CREATOR}" name="Projektleitung" /><User guid="{ANNA}" name="Anna" /><User guid="{BEN}" name="Ben" /></Users>
  <CodeBook><Codes>
    <Code guid="{CODE_NET}" name="Vernetzung" isCodable="true" color="#2E86C1" />
    <Code guid="{CODE_SCHOOL}" name="Schule und Kita" isCodable="true" />
    <Code guid="{CASE}" name="Kommune X" isCodable="true" />
  </Codes></CodeBook>
  <Variables><Variable guid="7A000000-0000-0000-0000-000000000001" name="Kommune" typeOfVariable="Text" /></Variables>
  <Cases><Case guid="{CASE}" name="Kommune X">
    <VariableValue><VariableRef targetGUID="7A000000-0000-0000-0000-000000000001" /><TextValue>LK Peine</TextValue></VariableValue>
  </Case></Cases>
  <Sources>
    <TextSource guid="{SOURCE}" name="Interview X" plainTextPath="internal://{SOURCE}.txt" creatingUser="{CREATOR}">
      {selection("5E000000-0000-0000-0000-000000000010", net, ANNA, CODE_NET)}
      {selection("5E000000-0000-0000-0000-000000000020", net, BEN, CODE_NET)}
      {selection("5E000000-0000-0000-0000-000000000030", school, BEN, CODE_SCHOOL)}
      {selection("5E000000-0000-0000-0000-000000000040", turn, ANNA, CASE)}
    </TextSource>
    <PictureSource guid="{PICTURE}" name="Foto" path="internal://{PICTURE}.png" creatingUser="{CREATOR}">
      <PictureSelection guid="5E000000-0000-0000-0000-000000000050" name="" firstX="1" firstY="1" secondX="9" secondY="9" creatingUser="{BEN}">
        <Coding guid="5E000000-0000-0000-0000-00000000005F" creatingUser="{CREATOR}"><CodeRef targetGUID="{CODE_NET}" /></Coding>
      </PictureSelection>
    </PictureSource>
  </Sources>
</Project>
"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml.replace("\n", "\r\n").encode("utf-8"))
        archive.writestr(f"sources/{SOURCE}.txt", "\ufeff".encode("utf-16-le") + NVIVO_TEXT.encode("utf-16-le"))
    return path


# ---------------------------------------------------------------- 1. NVivo coders, 6. cases

def test_nvivo_coder_comes_from_the_selection_not_the_project_creator(tmp_path, capsys):
    path = nvivo_project(tmp_path / "nvivo.qdpx")
    table, info = read_qdpx(path)
    assert sorted(table["coder"].unique()) == ["Anna", "Ben"]
    assert info["coders"] == 2 and info["coder_source"] == "selection"
    assert info["media_coders"] == ["Ben"]
    assert main(["qda", "import", str(path)]) == 0
    said = capsys.readouterr().out
    assert "2 Codierende (Anna, Ben)" in said and "PlainTextSelection@creatingUser" in said
    assert main(["qda", "agreement", str(path)]) == 0  # two coders share the document


def test_without_selection_users_the_coding_names_the_coder(tmp_path):
    path = nvivo_project(tmp_path / "nvivo.qdpx")
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    xml = members["project.qde"].decode()
    for user in (ANNA, BEN):
        xml = xml.replace(f'creatingUser="{user}" creationDateTime', 'creationDateTime')
    members["project.qde"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    table, info = read_qdpx(path)
    assert set(table["coder"]) == {"Projektleitung"} and info["coder_source"] == "coding"
    xml = members["project.qde"].decode().replace(f'creatingUser="{CREATOR}" creationDateTime', 'creationDateTime')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr(f"sources/{SOURCE}.txt", members[f"sources/{SOURCE}.txt"])
    table, info = read_qdpx(path)
    assert set(table["coder"]) == {""} and any("keine Codierenden" in w for w in info["warnings"])


def test_nvivo_case_codings_are_reported_and_give_cases_their_members(tmp_path, capsys):
    path = nvivo_project(tmp_path / "nvivo.qdpx")
    table, info = read_qdpx(path)
    assert "Kommune X" not in set(table["code"])
    codings = info["case_codings"]
    assert codings[["case", "document", "coder"]].values.tolist() == [["Kommune X", "Interview X", "Anna"]]
    assert codings.loc[0, "text"] == "B: Das Netzwerk 🤝 trifft sich monatlich.\nB: Schulen"
    members = info["cases"]
    assert {("Kommune X", "Dokument", "Interview X"), ("Kommune X", "Textstelle",
            "Interview X: 5E000000-0000-0000-0000-000000000040")} <= set(map(tuple, members[["case", "member_kind",
                                                                                          "member"]].values))
    assert set(table["municipality"]) == {"LK Peine"}  # the case's variable reaches the source it codes
    main(["qda", "import", str(path)])
    assert "1 Codierung eines Falls" in capsys.readouterr().out


# ---------------------------------------------------------------- 2.–5. MAXQDA 12 and MAXQDA 2020–24 exports

MAXQDA12_EN = ["Color", "Comment", "Document group", "Document name", "Code", "Begin", "End", "Weight score",
               "Segment", "Area", "Coverage %", "Author", "Creation date"]
MAXQDA_DE = ["Farbe", "Kommentar", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
             "Fläche", "Abdeckungsgrad %", "Erstellt von", "Erstellt am"]
TURNS = "I: Wie läuft die Zusammenarbeit?\nB:  Gut –  wir treffen uns  monatlich.\n"


def workbook(path: Path, header: list, rows: list) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Codierte Segmente"
    for row in [header, *rows]:
        ws.append(row)
    wb.save(path)
    return path


def maxqda12(path: Path, rows=None) -> Path:
    """MAXQDA 12's English export: the coder is „Author“, the date „Creation date“."""
    rows = rows or [
        ["#FF0000", "KI-Zusammenfassung: Netzwerk", "Interviews", "Interview A", "Vernetzung", 2, 3, 0, TURNS, 71,
         "12,5", "Anna", "14.05.2018 09:12:44"],
        ["#FF0000", None, "Interviews", "Interview A", "Vernetzung", 2, 2, 0, "I: Wie läuft die Zusammenarbeit?", 31,
         "5,1", "Ben", "15.05.2018 10:00:00"],
    ]
    return workbook(path, MAXQDA12_EN, rows)


def test_maxqda12_english_author_is_the_coder(tmp_path, capsys):
    from evaluation.qda import maxqda
    table, info = maxqda.import_export(maxqda12(tmp_path / "segments.xlsx"))
    assert sorted(table["coder"]) == ["Anna", "Ben"] and info["warnings"] == []
    assert main(["qda", "import", str(tmp_path / "segments.xlsx")]) == 0
    assert "2 Codierende (Anna, Ben)" in capsys.readouterr().out


def test_an_export_without_coders_says_so(tmp_path, capsys):
    header = MAXQDA12_EN[:-2]
    rows = [["#FF0000", None, "Interviews", "Interview A", "Vernetzung", 2, 2, 0, "Text", 31, "5,1"]]
    path = workbook(tmp_path / "ohne.xlsx", header, rows)
    assert main(["qda", "import", str(path)]) == 0
    said = capsys.readouterr().out
    assert "Warnung" in said and "ohne.xlsx" in said and "keine Codierenden" in said


def test_segment_text_is_kept_byte_for_byte(tmp_path):
    from evaluation.qda import maxqda, quotes
    table, _ = maxqda.import_export(maxqda12(tmp_path / "segments.xlsx"))
    assert table.loc[0, "text"] == TURNS
    csv_text = "\r\n".join([";".join(MAXQDA_DE), ';;Interviews;Interview A;Vernetzung;2;3;0;"' + TURNS.replace(
        "\n", "\r\n") + '";71;12,5;Anna;14.05.2018 09:12:44']) + "\r\n"
    path = tmp_path / "segmente.csv"
    path.write_bytes(csv_text.encode("cp1252"))
    table, _ = maxqda.import_export(path)
    assert table.loc[0, "text"] == TURNS.replace("\n", "\r\n")
    boxes = quotes.markdown(table.assign(citation="Interview A, 2-3"))
    assert "> „I: Wie läuft die Zusammenarbeit?  \n> B:  Gut" in boxes


def test_comments_are_kept_and_counted(tmp_path, capsys):
    path = maxqda12(tmp_path / "segments.xlsx")
    out = tmp_path / "t.csv"
    assert main(["qda", "import", str(path), "--to-csv", str(out)]) == 0
    assert "1 Kommentar" in capsys.readouterr().out
    written = pd.read_csv(out)
    assert written["comment"].tolist()[0] == "KI-Zusammenfassung: Netzwerk"


def test_pdf_areas_and_zero_length_rows_are_set_aside_not_refused(tmp_path, capsys):
    rows = [["", None, "Berichte", "Bericht 2021", "Vernetzung", "1: 38|557", "1: 412|702", 0, None, 48230, "3,2",
             "Anna", "14.05.2018 09:12:44"],
            ["", None, "Berichte", "Bericht 2021", "Vernetzung", "2: 120", "2: 180", 0, "Ein Satz.", 60, "0,4",
             "Anna", "14.05.2018 09:12:44"],
            ["", None, "Berichte", "Bericht 2021", "Vernetzung", 3, 3, 0, None, 0, "0", "Ben",
             "14.05.2018 09:12:44"]]
    path = workbook(tmp_path / "pdf.xlsx", MAXQDA_DE, rows)
    from evaluation.qda import maxqda
    table, info = maxqda.import_export(path)
    assert len(table) == 1 and [r["row"] for r in info["set_aside"]] == [2, 4]
    assert main(["qda", "import", str(path)]) == 0
    said = capsys.readouterr().out
    assert "2 Zeilen beiseitegelegt" in said and "Zeile 2" in said and "1: 38|557" in said and "Zeile 4" in said


def test_set_aside_rows_reach_the_delivery_check(raw_copy):
    from openpyxl import load_workbook
    from evaluation.data import clean
    path = raw_copy / "coding" / "interviews.xlsx"
    wb = load_workbook(path)
    ws = wb["Codierte Segmente"]
    header = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    row[header.index("Segment")] = None
    row[header.index("Fläche")] = 0
    ws.append(row)
    wb.save(path)
    notes: list[str] = []
    clean.count_records(raw_copy, notes=notes)
    assert any("interviews.xlsx" in n and f"Zeile {ws.max_row}" in n for n in notes)


# ---------------------------------------------------------------- 7. REFI-QDA codebooks (.qdc)

QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1">
  <Codes>
    <Code guid="0F000000-0000-0000-0000-000000000001" name="Vernetzung" isCodable="true" color="#2E86C1">
      <Description>Zusammenarbeit im Netzwerk</Description>
      <Code guid="0F000000-0000-0000-0000-000000000002" name="Netzwerktreffen" isCodable="true" color="#5DADE2"/>
    </Code>
    <Code guid="0F000000-0000-0000-0000-000000000003" name="Kooperation::Schule" isCodable="true"/>
    <Code guid="0F000000-0000-0000-0000-000000000004" name="Oberthema" isCodable="false"/>
  </Codes>
  <Sets><Set guid="0F000000-0000-0000-0000-000000000005" name="Struktur">
    <MemberCode targetGUID="0F000000-0000-0000-0000-000000000001"/></Set></Sets>
</CodeBook>
"""


def test_qdc_codebook_is_read_as_a_code_system(tmp_path, capsys):
    from evaluation.intake.codebook import read_code_system
    path = tmp_path / "codebook.qdc"
    path.write_bytes(QDC.replace("\n", "\r\n").encode("utf-8-sig"))
    system = read_code_system(path)
    assert system["path"].tolist() == ["Vernetzung", "Vernetzung\\Netzwerktreffen", "Kooperation",
                                       "Kooperation\\Schule", "Oberthema"]
    row = system.set_index("path").loc["Vernetzung"]
    assert (row["colour"], row["description"], row["codable"]) == ("#2E86C1", "Zusammenarbeit im Netzwerk", True)
    assert not system.set_index("path").loc["Kooperation", "codable"]  # made from „Kooperation::Schule“
    out = tmp_path / "codebook.csv"
    assert main(["qda", "import", str(path), "--to-csv", str(out)]) == 0
    said = capsys.readouterr().out
    assert "codebook.qdc: Codesystem mit 5 Codes" in said
    skeleton = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert list(skeleton.columns) == ["Code", "Indikator", "Ausprägung", "Bezeichnung", "Definition"]
    assert skeleton.loc[0, "Definition"] == "Zusammenarbeit im Netzwerk"


def test_qda_import_checks_the_export_against_a_qdc_codebook(tmp_path, capsys):
    qdc = tmp_path / "codebook.qdc"
    qdc.write_text(QDC, encoding="utf-8")
    path = maxqda12(tmp_path / "segments.xlsx", rows=[
        ["", None, "Interviews", "Interview A", "Vernetzung\\Netzwerktreffen", 2, 2, 0, "Text", 1, "1", "Anna",
         "14.05.2018 09:12:44"],
        ["", None, "Interviews", "Interview A", "Finanzen", 3, 3, 0, "Text", 1, "1", "Anna", "14.05.2018 09:12:44"]])
    assert main(["qda", "import", str(path), "--codebook", str(qdc)]) == 0
    said = capsys.readouterr().out
    assert "„Finanzen“" in said and "fehlt im Codesystem codebook.qdc" in said


def test_a_codebook_that_is_no_qdc_is_refused_in_german(tmp_path):
    from evaluation.errors import DataError
    from evaluation.intake.codebook import read_code_system
    path = tmp_path / "codebook.qdc"
    path.write_text(QDC.replace("urn:QDA-XML:codebook:1.0", "urn:other"), encoding="utf-8")
    with pytest.raises(DataError, match="codebook.qdc.*Namensraum"):
        read_code_system(path)


def test_qdc_round_trip_through_the_writer(tmp_path):
    from evaluation.intake.codebook import read_code_system
    from evaluation.qda.refi_export import write_qdc
    system = pd.DataFrame({"path": ["Struktur\\Gremien", "Struktur"], "colour": ["#abc", None],
                           "description": ["Gremien der Kette", "Oberthema"]})
    write_qdc(system, tmp_path / "out.qdc")
    back = read_code_system(tmp_path / "out.qdc")
    assert back["path"].tolist() == ["Struktur\\Gremien", "Struktur"] or set(back["path"]) == {"Struktur",
                                                                                              "Struktur\\Gremien"}
    assert back.set_index("path").loc["Struktur\\Gremien", "colour"] == "#AABBCC"
    assert (tmp_path / "out.qdc").read_bytes() == write_qdc(system, tmp_path / "again.qdc").read_bytes()


# ---------------------------------------------------------------- 8. ATLAS.ti quotation exports, content sniffing

ATLAS_EN = ["Number", "Reference", "Name", "Text Content", "Document", "Codes", "Number of Codes", "Comment",
            "Initial Position", "Final Position", "Extent", "Created by", "Modified by", "Creation Date",
            "Modification Date"]
ATLAS_DE = ["Nummer", "Referenz", "Name", "Textinhalt", "Dokument", "Codes", "Anzahl Codes", "Kommentar",
            "Anfangsposition", "Endposition", "Ausdehnung", "Erstellt von", "Geändert von", "Erstellt am",
            "Geändert am"]
ATLAS_ROWS = [
    [1, "1:1 ¶ 2 – 3 in Interview A", None, TURNS, "Interview A", "Vernetzung\nKooperation::Schule", 2,
     "wichtig", 2, 3, 2, "Anna", "Anna", "14.05.2024 09:12", "14.05.2024 09:12"],
    [2, "1:2 ¶ 4 in Interview A", None, "Ein Satz.", "Interview A", "Vernetzung", 1, None, 4, 4, 1, "Ben", "Ben",
     "15.05.2024 10:00", "15.05.2024 10:00"],
    [3, "1:3 ¶ 5 in Interview A", None, "Noch ohne Code.", "Interview A", None, 0, None, 5, 5, 1, "Ben", "Ben",
     "15.05.2024 10:00", "15.05.2024 10:00"],
]


@pytest.mark.parametrize("header", [ATLAS_EN, ATLAS_DE], ids=["englisch", "deutsch"])
def test_atlas_quotation_export_reads_like_a_maxqda_export(tmp_path, header, capsys):
    from evaluation.qda import maxqda
    path = workbook(tmp_path / "Zitate.xlsx", header, ATLAS_ROWS)
    table, info = maxqda.import_export(path)
    got = list(zip(table["code"], table["begin"], table["end"], table["coder"]))
    assert got == [("Vernetzung", 2, 3, "Anna"), ("Kooperation\\Schule", 2, 3, "Anna"), ("Vernetzung", 4, 4, "Ben")]
    assert table.loc[0, "text"] == TURNS and table.loc[0, "comment"] == "wichtig"
    assert [a["row"] for a in info["set_aside"]] == [4]  # a quotation without code
    csv_path = tmp_path / "Zitate.csv"
    rows = [[("" if v is None else str(v)) for v in r] for r in ATLAS_ROWS]
    import csv
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    assert maxqda.import_export(csv_path)[0]["code"].tolist() == table["code"].tolist()


def test_files_are_recognised_by_content_not_by_extension(tmp_path, capsys):
    from evaluation.errors import DataError
    from evaluation.qda import maxqda
    renamed = nvivo_project(tmp_path / "projekt.xlsx")  # a .qdpx renamed .xlsx
    assert main(["qda", "import", str(renamed)]) == 0
    assert "REFI-QDA-Projekt" in capsys.readouterr().out
    old = tmp_path / "segmente.xlsx"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504)  # OLE2: Excel 97–2003 (.xls)
    with pytest.raises(DataError, match=r"segmente\.xlsx.*\.xls.*Excel-Arbeitsmappe \(\.xlsx\)"):
        maxqda.import_export(old)
    xlsx_as_csv = maxqda12(tmp_path / "x.xlsx").rename(tmp_path / "segmente.csv")
    assert len(maxqda.import_export(xlsx_as_csv)[0]) == 2


def test_a_header_only_export_says_it_found_no_segments(tmp_path, capsys):
    path = workbook(tmp_path / "leer.xlsx", MAXQDA_DE, [])
    assert main(["qda", "import", str(path)]) == 0
    assert "keine codierten Segmente" in capsys.readouterr().out


# ---------------------------------------------------------------- 9. agreement among more than two coders

def six_coders() -> pd.DataFrame:
    """Six coders; A–D share „Interview 1“, E and F share „Interview 2“, nobody shares across."""
    rows = []
    for coder, spans in {"A": [(1, 2)], "B": [(1, 2)], "C": [(1, 1)], "D": [(3, 4)],
                         "E": [(2, 3)], "F": [(2, 3)]}.items():
        document = "Interview 1" if coder in "ABCD" else "Interview 2"
        for begin, end in spans:
            rows.append({"document": document, "code": "Vernetzung", "begin": begin, "end": end, "coder": coder})
        rows.append({"document": document, "code": "Kooperation", "begin": 5, "end": 5, "coder": coder})
    return pd.DataFrame(rows)


def test_every_pair_sharing_documents_is_reported_with_pooled_values():
    from evaluation.qda import agreement
    table = agreement.pairwise_table(six_coders())
    pairs = sorted(set(zip(table["coder_a"], table["coder_b"])))
    assert pairs == [("A", "B"), ("A", "C"), ("A", "D"), ("B", "C"), ("B", "D"), ("C", "D"), ("E", "F")]
    pooled = table[table["code"] == agreement.POOLED].set_index(["coder_a", "coder_b"])
    assert pooled.loc[("A", "B"), "kappa"] == pytest.approx(1.0)
    ab = table[(table["coder_a"] == "A") & (table["coder_b"] == "B") & (table["code"] != agreement.POOLED)]
    assert pooled.loc[("A", "B"), "units"] == ab["units"].sum()


def test_multi_coder_alpha_uses_krippendorff_over_all_coders():
    import krippendorff
    import numpy as np
    from evaluation.qda import agreement
    result = agreement.multi_coder_alpha(six_coders()).set_index("code")
    assert result.loc[agreement.POOLED, "coders"] == 6
    # Vernetzung in Interview 1 (paragraphs 1–5) by A–D, in Interview 2 by E, F; unit = paragraph
    nan = np.nan
    data = np.array([[1, 1, 0, 0, 0, nan, nan, nan, nan, nan], [1, 1, 0, 0, 0, nan, nan, nan, nan, nan],
                     [1, 0, 0, 0, 0, nan, nan, nan, nan, nan], [0, 0, 1, 1, 0, nan, nan, nan, nan, nan],
                     [nan] * 5 + [0, 1, 1, 0, 0], [nan] * 5 + [0, 1, 1, 0, 0]])
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert result.loc["Vernetzung", "alpha"] == pytest.approx(expected)


def test_cli_agreement_names_coders_and_lets_the_user_choose_a_pair(tmp_path, capsys):
    path = tmp_path / "sechs.xlsx"
    rows = [["", None, "Interviews", r["document"], r["code"], r["begin"], r["end"], 0, "Text", 1, "1", r["coder"],
             "14.05.2018 09:12:44"] for r in six_coders().to_dict("records")]
    maxqda12(path, rows)
    assert main(["qda", "agreement", str(path)]) == 0
    said = capsys.readouterr().out
    assert "7 Paare" in said and "A und B" in said and "E und F" in said and "alle 6 Codierenden" in said
    assert main(["qda", "agreement", str(path), "--coders", "E", "F"]) == 0
    said = capsys.readouterr().out
    assert "E und F" in said and "A und B" not in said
    assert main(["qda", "agreement", str(path), "--coders", "A", "E"]) == 2
    assert "kein Dokument gemeinsam" in capsys.readouterr().err


def test_refi_warnings_reach_the_delivery_check(raw_copy):
    from evaluation.data import clean
    from evaluation.qda import maxqda
    from evaluation.qda.refi import write_qdpx
    xlsx = raw_copy / "coding" / "interviews.xlsx"
    segments = maxqda.read_coded_segments(xlsx, register=raw_copy / "coding" / "documents.csv")
    target = raw_copy / "coding" / "interviews.qdpx"
    write_qdpx(segments, target, codebook=pd.DataFrame({"path": [segments["code"].iloc[0]], "colour": ["#00AA00"]}))
    with zipfile.ZipFile(target) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["project.qde"] = members["project.qde"].replace(b'color="#00AA00"', b'color="gruen"')
    with zipfile.ZipFile(target, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    xlsx.unlink()
    notes: list[str] = []
    clean.count_records(raw_copy, notes=notes)
    assert any(n.startswith("interviews.qdpx: Farbe „gruen“") for n in notes)


def test_qda_export_writes_the_code_system_as_qdc_with_colours_from_a_given_one(tmp_path, capsys):
    from conftest import RAW
    from evaluation.intake.codebook import read_code_system
    codes = pd.read_csv(RAW / "coding" / "codebook.csv", dtype=str)["Code"]
    first = codes.iloc[0]
    given = tmp_path / "farben.qdc"
    given.write_text(QDC.replace('name="Vernetzung"', f'name="{first}"'), encoding="utf-8")
    out = tmp_path / "codesystem.qdc"
    assert main(["qda", "export", str(out), "--reporting-date", "2022-03-31", "--raw-dir", str(RAW),
                 "--codebook", str(given)]) == 0
    assert "REFI-QDA-Codebuch geschrieben" in capsys.readouterr().out
    system = read_code_system(out).set_index("path")
    assert len(system) >= len(codes)
    from evaluation.intake.codebook import normalise
    assert system.loc[normalise(first), "colour"] == "#2E86C1"


def test_a_delivery_with_a_qdc_instead_of_the_codebook_csv_says_how_to_convert_it(raw_copy):
    from evaluation.data import clean
    from evaluation.errors import DataError
    (raw_copy / "coding" / "codebook.csv").unlink()
    (raw_copy / "coding" / "codebook.qdc").write_text(QDC, encoding="utf-8")
    with pytest.raises(DataError, match=r"codebook\.qdc.*keine Indikatoren.*qda import .*codebook\.qdc --to-csv"):
        clean.count_records(raw_copy)


def test_atlas_codes_separated_otherwise_are_warned_of_and_the_reference_gives_positions(tmp_path):
    from evaluation.qda import maxqda
    header = ["Reference", "Text Content", "Document", "Codes", "Number of Codes", "Created by"]
    rows = [["1:1 ¶ 2 – 3 in Interview A", TURNS, "Interview A", "Vernetzung, Kooperation", 2, "Anna"],
            ["1:2 ¶ 4 in Interview A", "Ein Satz.", "Interview A", "Vernetzung", 1, "Ben"]]
    table, info = maxqda.import_export(workbook(tmp_path / "Zitate.xlsx", header, rows))
    assert list(zip(table["begin"], table["end"])) == [(2, 3), (4, 4)]
    assert any("Zeile 2: 2 laut „Anzahl Codes“, 1 gelesen" in w for w in info["warnings"])

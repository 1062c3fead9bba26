"""REFI-QDA (.qdpx): real exports of ATLAS.ti 8 and 23, a hand-written project, round trip, malformed files."""
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from evaluation.errors import DataError
from evaluation.qda.refi import COLUMNS, read_qdpx, validate_project_xml, write_qdpx

FIXTURES = Path(__file__).parent / "fixtures" / "qda"
NS = "urn:QDA-XML:project:1.0"
CRLF_TEXT = "\ufeffErste Zeile\r\nZweite Zeile über Kommune B\r\nDritte"

PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{ns}" name="Handarbeit">
  <Users><User guid="11111111-1111-1111-1111-111111111111" name="Kodiererin A"/></Users>
  <CodeBook><Codes>
    <Code guid="22222222-2222-2222-2222-222222222222" name="Struktur" isCodable="true">
      <Code guid="33333333-3333-3333-3333-333333333333" name="Gremien" isCodable="true"/>
    </Code>
    <Code guid="44444444-4444-4444-4444-444444444444" name="Kooperation::Schule" isCodable="true"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="55555555-5555-5555-5555-555555555555" name="Kommune" typeOfVariable="Text"/>
    <Variable guid="66666666-6666-6666-6666-666666666666" name="Dokumentdatum" typeOfVariable="Date"/>
  </Variables>
  <Cases><Case guid="77777777-7777-7777-7777-777777777777" name="Kommune C">
    <SourceRef targetGUID="99999999-9999-9999-9999-999999999999"/></Case></Cases>
  <Sources>
    <TextSource guid="88888888-8888-8888-8888-888888888888" name="Interview B"
                plainTextPath="internal://88888888-8888-8888-8888-888888888888.txt">
      <PlainTextSelection guid="AAAAAAAA-0000-0000-0000-000000000001" startPosition="{start}" endPosition="{end}"
                          creatingUser="11111111-1111-1111-1111-111111111111">
        <Coding guid="AAAAAAAA-0000-0000-0000-000000000002" creatingUser="11111111-1111-1111-1111-111111111111">
          <CodeRef targetGUID="{target}"/></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="55555555-5555-5555-5555-555555555555"/><TextValue>Kommune B</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="66666666-6666-6666-6666-666666666666"/><DateValue>2021-03-15</DateValue></VariableValue>
    </TextSource>
    <TextSource guid="99999999-9999-9999-9999-999999999999" name="Protokoll C">
      <PlainTextContent>Schule und Kita planen gemeinsam.</PlainTextContent>
      <PlainTextSelection guid="AAAAAAAA-0000-0000-0000-000000000003" startPosition="0" endPosition="6">
        <Coding guid="AAAAAAAA-0000-0000-0000-000000000004" creatingUser="11111111-1111-1111-1111-111111111111">
          <CodeRef targetGUID="44444444-4444-4444-4444-444444444444"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Sets><Set guid="BBBBBBBB-0000-0000-0000-000000000001" name="Interviews">
    <MemberSource targetGUID="88888888-8888-8888-8888-888888888888"/></Set></Sets>
</Project>
"""
RAW = CRLF_TEXT.removeprefix("\ufeff")
START = RAW.index("Kommune B")  # REFI counts the stored text: CRLF is two characters


def project(ns=NS, start=START, end=START + len("Kommune B"), target="33333333-3333-3333-3333-333333333333"):
    return PROJECT.format(ns=ns, start=start, end=end, target=target).replace("\n", "\r\n").encode()


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def hand_written(path: Path, **changes) -> Path:
    return make_zip(path, {"project.qde": project(**changes),
                           "sources/88888888-8888-8888-8888-888888888888.txt": CRLF_TEXT.encode("utf-8")})


def tidy(rows) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.astype({"begin": "int64", "end": "int64", "start_char": "Int64", "end_char": "Int64",
                         "document_date": "datetime64[ns]"})


# ---------------------------------------------------------------- real exports

def test_atlas8_test_project_reports_every_missing_source():
    table, info = read_qdpx(FIXTURES / "TestProject.qdpx")  # Project.qde (capital P), CRLF, empty Sources/
    assert table.empty and list(table.columns) == COLUMNS
    assert "Mabel.txt" in info["missing_sources"] and "Simon.docx" in info["missing_sources"]
    assert len(info["skipped_selections"]) == 8 and info["segments"] == 0
    assert info["codes"] == 14 and "Coke\\diet Coke" in info["code_paths"]  # ATLAS `::` names
    assert '"rushed"' in info["code_paths"] and info["schema_errors"] == []


def test_atlas8_project_qde_wrapped_with_one_source_text(tmp_path):
    quote = "Oh, that was great. See you tomorrow? Eleven thirty. Mm."
    text = "x" * 139 + quote + " Bye."
    path = make_zip(tmp_path / "atlas8.qdpx", {
        "Project.qde": (FIXTURES / "Project.qde").read_bytes(),
        "Sources/230B768E-5A3D-42B7-BE92-2A3721177944.txt": text.encode("utf-8")})
    table, info = read_qdpx(path)
    assert len(table) == 1 and len(info["missing_sources"]) == 7
    row = table.iloc[0]
    assert (row["document"], row["code"], row["coder"]) == (
        "1994 Diet Coke-Diet Coke Break.docx", "Coke\\diet Coke", "Friedrich Markgraf")
    assert (row["text"], row["start_char"], row["end_char"], row["begin"], row["end"]) == (quote, 139, 195, 1, 1)
    assert row["document_group"] == "Text files" and row["municipality"] is None and pd.isna(row["document_date"])


def test_atlas23_target_project_has_parent_with_two_children():
    table, info = read_qdpx(FIXTURES / "target-atlas-project.qdpx")
    assert table.empty and info["codes"] == 3
    assert info["code_paths"] == ["Commits", "Commits\\2022-02-11T10:39:25Z cdbfd92",
                                  "Commits\\2022-05-10T02:05:59Z 19e4dce"]


def test_atlas23_blank_project_gives_empty_table():
    table, info = read_qdpx(FIXTURES / "blank-atlas-project.qdpx")
    assert table.empty and list(table.columns) == COLUMNS
    assert (info["documents"], info["codes"], info["missing_sources"]) == (0, 0, [])
    assert info["users"] == ["ATLAS.ti", "Enric Llagostera"]


# ---------------------------------------------------------------- hand-written project

def test_hand_written_project(tmp_path):
    table, info = read_qdpx(hand_written(tmp_path / "hand.qdpx"))
    assert info["schema_errors"] == [] and info["missing_sources"] == []
    text = "Erste Zeile\nZweite Zeile über Kommune B\nDritte"
    start = text.index("Kommune B")  # one less than in the stored CRLF text
    expected = tidy([
        ["Interview B", "Interviews", "Kommune B", pd.Timestamp("2021-03-15"), "Struktur\\Gremien", 2, 2,
         start, start + 9, "Kommune B", "Kodiererin A"],
        ["Protokoll C", None, "Kommune C", pd.NaT, "Kooperation\\Schule", 1, 1, 0, 6, "Schule", "Kodiererin A"]])
    pd.testing.assert_frame_equal(table, expected)
    assert info["texts"]["Interview B"] == text


# ---------------------------------------------------------------- export and round trip

INTERVIEW = "Einleitung\r\nDie Präventionskette in Kommune B wächst.\r\nFrühe Hilfen und Schulen arbeiten zusammen.\r\nSchluss"
TWO_LINES = "Die Präventionskette in Kommune B wächst.\nFrühe Hilfen und Schulen arbeiten zusammen."
MEETING = "Netzwerktreffen monatlich.\nÖGD beteiligt."
TRANSITION = "Übergänge gestalten – Kita und Grundschule"


def segments(positions=(pd.NA,) * 8) -> pd.DataFrame:
    s = list(positions)
    b = ("Interview_Kommune_B.txt", "Interviews", "Kommune B", pd.Timestamp("2021-03-15"))
    c = ("Protokoll_Kommune_C.docx", None, "Kommune C", pd.NaT)
    return tidy([[*b, "Struktur\\Gremien", 2, 3, s[0], s[1], TWO_LINES, "Kodiererin A"],
                 [*b, "Kooperation\\Schule", 3, 3, s[2], s[3], "Schulen arbeiten zusammen", "Kodierer B"],
                 [*c, "Übergänge", 2, 2, s[4], s[5], TRANSITION, "Kodierer B"],
                 [*c, "Struktur\\Gremien\\ÖGD", 4, 5, s[6], s[7], MEETING, "Kodiererin A"]])


def expected_positions() -> list[int]:
    interview = INTERVIEW.replace("\r\n", "\n")
    protocol = f"\n{TRANSITION}\n\n{MEETING}"  # synthesised: paragraphs 1 and 3 empty
    found = [interview.index(TWO_LINES), interview.index("Schulen"), protocol.index(TRANSITION),
             protocol.index(MEETING)]
    lengths = [len(TWO_LINES), len("Schulen arbeiten zusammen"), len(TRANSITION), len(MEETING)]
    return [p for start, n in zip(found, lengths) for p in (start, start + n)]


def test_round_trip(tmp_path):
    path = tmp_path / "export.qdpx"
    filled = write_qdpx(segments(), path, texts={"Interview_Kommune_B.txt": INTERVIEW})
    expected = segments(expected_positions())
    pd.testing.assert_frame_equal(filled, expected)
    table, info = read_qdpx(path)
    pd.testing.assert_frame_equal(table, expected)
    assert (info["documents"], info["codes"], info["segments"], info["coders"]) == (2, 6, 4, 2)
    assert info["texts"]["Protokoll_Kommune_C.docx"] == f"\n{TRANSITION}\n\n{MEETING}"
    assert info["missing_sources"] == [] and info["schema_errors"] == []
    # a second export of the imported table with its texts changes nothing
    again = write_qdpx(table, tmp_path / "again.qdpx", texts=info["texts"])
    pd.testing.assert_frame_equal(again, expected)


def test_export_validates_against_the_schema(tmp_path):
    path = tmp_path / "export.qdpx"
    write_qdpx(segments(), path, texts={"Interview_Kommune_B.txt": INTERVIEW})
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde")
        assert len([n for n in archive.namelist() if n.startswith("sources/")]) == 2
    assert validate_project_xml(xml) == []
    assert b"praeventionsketten-evaluation" in xml and NS.encode() in xml
    broken = xml.replace(b' isCodable="true"', b"", 1)
    assert any("isCodable" in message for message in validate_project_xml(broken))


def test_export_is_deterministic(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        write_qdpx(segments(), tmp_path / folder / "export.qdpx", texts={"Interview_Kommune_B.txt": INTERVIEW})
    assert (tmp_path / "a" / "export.qdpx").read_bytes() == (tmp_path / "b" / "export.qdpx").read_bytes()


def test_synthesised_single_line_keeps_its_paragraph_range(tmp_path):
    table = segments().iloc[[2]].assign(begin=2, end=3).reset_index(drop=True)
    filled = write_qdpx(table, tmp_path / "one.qdpx")
    assert (filled.loc[0, "begin"], filled.loc[0, "end"]) == (2, 3)
    assert filled.loc[0, "text"].replace("\n", " ") == TRANSITION
    pd.testing.assert_frame_equal(read_qdpx(tmp_path / "one.qdpx")[0], filled)


def test_text_not_found_selects_its_whole_paragraphs(tmp_path):
    """Shortened quotes and overlapping codings of two coders must not stop the export."""
    table = segments()
    table.loc[1, "text"] = "Schulen (…) zusammen"  # not in the provided text
    table.loc[3, ["begin", "end", "text"]] = [2, 3, "Übergänge gestalten\nKita"]  # the other coder: paragraph 2
    filled = write_qdpx(table, tmp_path / "x.qdpx", texts={"Interview_Kommune_B.txt": INTERVIEW})
    assert filled.loc[1, "text"] == "Frühe Hilfen und Schulen arbeiten zusammen."
    assert filled.loc[3, "text"] == "Übergänge gestalten\nKita"  # the wider segment shapes the synthesised text
    assert filled.loc[2, "text"] == "Übergänge gestalten"  # the narrower one takes its whole paragraph
    assert list(filled["begin"]) == list(table["begin"]) and list(filled["end"]) == list(table["end"])
    pd.testing.assert_frame_equal(read_qdpx(tmp_path / "x.qdpx")[0], filled)


def test_export_refuses_positions_outside_the_text(tmp_path):
    table = segments([0, 5, 0, 500, pd.NA, pd.NA, pd.NA, pd.NA])
    with pytest.raises(DataError, match="außerhalb") as error:
        write_qdpx(table, tmp_path / "x.qdpx", texts={"Interview_Kommune_B.txt": INTERVIEW})
    assert "x.qdpx" in str(error.value)


# ---------------------------------------------------------------- malformed files

def broken_zip(path):
    path.write_bytes(b"PK\x03\x04 kein echtes Archiv")


def zip_without_project(path):
    make_zip(path, {"sources/a.txt": b"Text"})


def wrong_namespace(path):
    hand_written(path, ns="urn:QDA-XML:project:2.0")


def unknown_code(path):
    hand_written(path, target="CCCCCCCC-0000-0000-0000-000000000000")


def end_beyond_text(path):
    hand_written(path, end=999)


def not_well_formed(path):
    make_zip(path, {"project.qde": project()[:-20]})


@pytest.mark.parametrize("build, words", [
    (broken_zip, ["ZIP-Archiv"]),
    (zip_without_project, ["*.qde", "sources/a.txt"]),
    (wrong_namespace, ["urn:QDA-XML:project:2.0", NS]),
    (unknown_code, ["AAAAAAAA-0000-0000-0000-000000000001", "CCCCCCCC-0000-0000-0000-000000000000"]),
    (end_beyond_text, ["Interview B", f"{START}–999"]),
    (not_well_formed, ["wohlgeformt"]),
])
def test_malformed_projects_are_refused(tmp_path, build, words):
    path = tmp_path / "kaputt.qdpx"
    build(path)
    with pytest.raises(DataError) as error:
        read_qdpx(path)
    message = str(error.value)
    assert "kaputt.qdpx" in message
    for word in words:
        assert word in message

"""REFI-QDA (.qdpx): real exports of ATLAS.ti 8 and 23, a hand-written project, round trip, malformed files."""
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from evaluation.errors import DataError
from evaluation.qda.refi import COLUMNS, normalise_text, read_qdpx, validate_project_xml, write_qdpx

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


# ---------------------------------------------------------------- other tools' position counting

NVIVO = FIXTURES / "nvivo_emoji"          # NVivo-shaped: origin "NVivo 14", UTF-16 positions, CRLF, emoji
QC = FIXTURES / "qc_plain_path"           # qc-shaped: plainTextPath without internal://, no source name
CODEBOOK_ONLY = FIXTURES / "maxqda_codebook_only.qde"  # MAXQDA-24-shaped: codes with colours, no sources


def zipped(folder: Path, target: Path) -> Path:
    """A .qdpx as the tools write it: project.qde and the sources folder."""
    return make_zip(target, {str(p.relative_to(folder)): p.read_bytes()
                             for p in sorted(folder.rglob("*")) if p.is_file()})


def test_nvivo_positions_count_utf16_code_units(tmp_path):
    table, info = read_qdpx(zipped(NVIVO, tmp_path / "nvivo.qdpx"))
    assert info["origin"] == "NVivo 14" and info["warnings"] == [] and info["schema_errors"] == []
    assert info["position_counting"] == "UTF-16-Codeeinheiten, CRLF als zwei Zeichen"
    got = list(zip(table["code"], table["begin"], table["end"], table["text"], table["coder"]))
    both = "Das Netzwerk trifft sich monatlich.\nSchulen und Kitas 👍🏽 arbeiten eng zusammen."
    assert got == [("Vernetzung\\Netzwerktreffen", 2, 2, "Das Netzwerk trifft sich monatlich.", "Kodiererin A"),
                   ("Kooperation", 2, 3, both, "Kodiererin A"),
                   ("Vernetzung", 2, 3, both, "Kodiererin A"),
                   ("Kooperation\\Schule und Kita", 3, 3, "Schulen und Kitas", "Kodierer B"),
                   ("Kooperation", 3, 3, "arbeiten eng zusammen.", "Kodierer B")]
    text = info["texts"]["Interview Kommune X"]
    assert all(text[s:e] == t for s, e, t in zip(table["start_char"], table["end_char"], table["text"]))
    assert set(table["municipality"]) == {"Kommune X"}  # the NVivo case


def test_multi_paragraph_selection_gives_one_row_per_coding(tmp_path):
    table, info = read_qdpx(zipped(NVIVO, tmp_path / "nvivo.qdpx"))
    codings = sum(len(s.findall(f"{{{NS}}}Coding")) for s in _selections(NVIVO / "project.qde"))
    assert len(table) == codings == 5 and info["counts"]["selections_imported"] == 4
    spanning = table[(table["begin"] == 2) & (table["end"] == 3)]
    assert sorted(spanning["code"]) == ["Kooperation", "Vernetzung"]


def _selections(qde: Path):
    from lxml import etree
    return etree.parse(str(qde)).getroot().iter(f"{{{NS}}}PlainTextSelection")


def test_without_origin_word_boundaries_decide_the_counting(tmp_path):
    qde = (NVIVO / "project.qde").read_bytes().replace(b' origin="NVivo 14"', b"")
    folder = tmp_path / "ohne_herkunft"
    for p in NVIVO.rglob("*"):
        if p.is_file():
            (folder / p.relative_to(NVIVO)).parent.mkdir(parents=True, exist_ok=True)
            (folder / p.relative_to(NVIVO)).write_bytes(qde if p.name == "project.qde" else p.read_bytes())
    table, info = read_qdpx(folder / "project.qde")
    expected, _ = read_qdpx(zipped(NVIVO, tmp_path / "nvivo.qdpx"))
    pd.testing.assert_frame_equal(table, expected)
    assert info["position_basis"].startswith("aus dem Text bestimmt") and info["warnings"] == []


def one_text_project(text: str, start: int, end: int, origin: str | None = None) -> bytes:
    origin = f' origin="{origin}"' if origin else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Kurz"{origin}>
  <CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="K" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="99999999-9999-9999-9999-999999999999" name="Notiz">
    <PlainTextContent>{text}</PlainTextContent>
    <PlainTextSelection guid="AAAAAAAA-0000-0000-0000-000000000009" startPosition="{start}" endPosition="{end}">
      <Coding guid="AAAAAAAA-0000-0000-0000-000000000010"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
    </PlainTextSelection></TextSource></Sources>
</Project>""".encode()


def test_undecidable_counting_warns_and_names_the_selection(tmp_path):
    path = tmp_path / "x.qde"
    path.write_bytes(one_text_project("😀 A B C", 4, 6))  # "B " as characters, " B" as UTF-16 units
    table, info = read_qdpx(path)
    assert table.loc[0, "text"] == "B "  # characters, the default
    warning, nobody = info["warnings"]  # the project names no user: that is warned of too
    assert "keine Codierenden" in nobody
    assert "nicht entscheidbar" in warning and "AAAAAAAA-0000-0000-0000-000000000009" in warning
    assert "„Notiz“" in warning and info["position_basis"].startswith("nicht eindeutig")


def test_selection_that_would_split_an_emoji_is_read_another_way_with_a_warning(tmp_path):
    path = tmp_path / "x.qde"
    path.write_bytes(one_text_project("A😀B", 0, 2, origin="NVivo 14"))  # as UTF-16 units it ends inside 😀
    table, info = read_qdpx(path)
    assert table.loc[0, "text"] == "A😀"
    assert "passen nicht zur Zählweise UTF-16" in info["warnings"][0]
    assert "AAAAAAAA-0000-0000-0000-000000000009" in info["warnings"][0]


def test_atlas_counts_a_crlf_as_one_character(tmp_path):
    text = "Erste Zeile\r\nZweite Zeile über Kommune B\r\nDritte"
    start = normalise_text(text).index("Kommune B")  # ATLAS.ti counts CRLF once (QualCoder's importer notes this)
    path = make_zip(tmp_path / "atlas.qdpx", {
        "project.qde": project(start=start, end=start + 9).replace(b'name="Handarbeit"',
                                                                  b'name="Handarbeit" origin="ATLAS.ti 23.2.3"'),
        "sources/88888888-8888-8888-8888-888888888888.txt": text.encode()})
    table, info = read_qdpx(path)
    assert table.loc[0, "text"] == "Kommune B" and info["position_counting"] == "Unicode-Zeichen, CRLF als ein Zeichen"


# ---------------------------------------------------------------- paths, codebook-only, not imported

def test_plain_text_path_without_internal_scheme(tmp_path):
    table, info = read_qdpx(zipped(QC, tmp_path / "qc.qdpx"))
    assert info["missing_sources"] == [] and info["schema_errors"] == []
    assert set(table["document"]) == {"interviews/gruppe_a.txt"}  # qc writes no source name
    assert list(table["text"]) == ["Wir treffen uns jeden Monat im Netzwerk.\n", "Die Kita 🙂 macht jetzt mit.\n"]
    assert list(zip(table["begin"], table["end"])) == [(1, 1), (2, 2)]
    assert info["position_counting"] == "Unicode-Zeichen"


def test_codebook_only_project_keeps_colours_and_descriptions(tmp_path):
    path = make_zip(tmp_path / "maxqda.qdpx", {"project.qde": CODEBOOK_ONLY.read_bytes()})
    table, info = read_qdpx(path)
    assert table.empty and info["codes"] == 6 and info["documents"] == 0
    codebook = info["codebook"].set_index("path")
    assert codebook.loc["Strategie\\Politischer Beschluss", "colour"] == "#E74C3C"
    assert codebook.loc["Struktur", "description"] == "Strukturen der Zusammenarbeit"
    assert codebook["colour"].notna().all() and codebook["description"].notna().all()
    assert set(info["sets"]["member"]) == {"Strategie\\Politischer Beschluss", "Struktur\\Koordinierungsstelle"}


def test_cli_reads_a_bare_qde(capsys):
    from evaluation.cli import main
    assert main(["qda", "import", str(CODEBOOK_ONLY)]) == 0
    out = capsys.readouterr().out
    assert "0 Dokumente, 6 Codes (mit Farben und Beschreibungen)" in out and "1 Set" in out


def test_cli_reads_a_bare_qde_with_its_sources_folder(tmp_path, capsys):
    from evaluation.cli import main
    assert main(["qda", "import", str(NVIVO / "project.qde"), "--to-csv", str(tmp_path / "t.csv")]) == 0
    out = capsys.readouterr().out
    assert "4 Dokumente (1 Text, 1 PDF, 1 Bild, 1 Video), 4 Codes (mit Farben und Beschreibungen)" in out
    assert "5 codierte Segmente aus 4 Textstellen" in out
    assert "Positionen gezählt in UTF-16-Codeeinheiten, CRLF als zwei Zeichen (laut Herkunft „NVivo 14“)" in out
    assert "nicht übernommen: 1 PDF-Bereich, 1 Bildausschnitt, 1 Video-Abschnitt, 1 Verknüpfung" in out
    assert "1 Fall" in out and "3 Notizen/Memos" in out and "1 Kommentar zu Codierungen" in out
    assert len(pd.read_csv(tmp_path / "t.csv")) == 5
    assert main(["qda", "agreement", str(NVIVO / "project.qde")]) == 0


def test_notes_cases_and_comments_are_kept(tmp_path):
    _, info = read_qdpx(NVIVO / "project.qde")
    notes = info["notes"].set_index("note")
    assert notes.loc["Memo Interview X", "target_kind"] == "Dokument"
    assert notes.loc["Memo Interview X", "text"] == "Das Gespräch war offen; Termine im Netzwerk sind gesetzt."
    assert (notes.loc["Memo Vernetzung", "target_kind"], notes.loc["Memo Vernetzung", "target"]) == ("Code", "Vernetzung")
    assert notes.loc["", "target_kind"] == "Textstelle"  # NVivo annotation: a note linked to a selection
    assert info["comments"]["comment"].tolist() == ["Kernaussage zum Netzwerk"]
    assert info["cases"].loc[0, ["case", "member"]].tolist() == ["Kommune X", "Interview Kommune X"]
    assert info["not_imported"] | {} == {"pdf": 1, "picture": 1, "audio": 0, "video": 1, "transcript": 0,
                                        "source": 0, "missing_text": 0, "link": 1, "graph": 0}


def test_cases_repeated_as_codes_and_duplicate_source_names(tmp_path):
    xml = project().decode().replace(  # NVivo lists cases in the codebook too, under the case's GUID
        '<Code guid="44444444-4444-4444-4444-444444444444" name="Kooperation::Schule" isCodable="true"/>',
        '<Code guid="44444444-4444-4444-4444-444444444444" name="Kooperation::Schule" isCodable="true"/>'
        '<Code guid="77777777-7777-7777-7777-777777777777" name="Kommune C" isCodable="true"/>').replace(
        '<CodeRef targetGUID="44444444-4444-4444-4444-444444444444"/>',
        '<CodeRef targetGUID="77777777-7777-7777-7777-777777777777"/>').replace('name="Protokoll C"', 'name="Interview B"')
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": xml.encode(),
                                          "sources/88888888-8888-8888-8888-888888888888.txt": CRLF_TEXT.encode()})
    table, info = read_qdpx(path)
    assert info["codes"] == 3 and "Kommune C" not in info["code_paths"] and info["counts"]["case_assignments"] == 1
    assert list(table["document"]) == ["Interview B"] and "Interview B (2)" in info["texts"]


# ---------------------------------------------------------------- export: names, pseudonyms, round trip

def test_colours_descriptions_notes_and_comments_round_trip(tmp_path):
    table, info = read_qdpx(NVIVO / "project.qde", comments=True)
    options = {"texts": info["texts"], "codebook": info["codebook"], "notes": info["notes"]}
    filled = write_qdpx(table, tmp_path / "a.qdpx", **options)
    pd.testing.assert_frame_equal(filled, table)
    again, back = read_qdpx(tmp_path / "a.qdpx", comments=True)
    pd.testing.assert_frame_equal(again, table)
    pd.testing.assert_frame_equal(back["codebook"], info["codebook"])
    notes = info["notes"].assign(target_kind=info["notes"]["target_kind"].replace("Textstelle", "Projekt"))
    notes.loc[notes["target_kind"] == "Projekt", "target"] = None  # selection notes go to the project
    key = ["note", "target_kind"]
    pd.testing.assert_frame_equal(back["notes"].sort_values(key).reset_index(drop=True),
                                  notes.sort_values(key).reset_index(drop=True))
    pd.testing.assert_frame_equal(back["comments"], info["comments"])
    assert back["schema_errors"] == [] and back["warnings"] == []
    (tmp_path / "b").mkdir()
    write_qdpx(table, tmp_path / "b" / "a.qdpx", **options)
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b" / "a.qdpx").read_bytes()


def test_export_writes_source_names_other_tools_accept(tmp_path):
    """QualCoder copies each source to documents/<name>.<ext>: a "/" there breaks the import."""
    names = ["Protokoll Nr. 2/2022: JHA", 'Koordinator*innen-Befragung "03/2021"?']
    table = segments().assign(document=[names[0], names[0], names[1], names[1]])
    filled = write_qdpx(table, tmp_path / "x.qdpx")
    from lxml import etree
    with zipfile.ZipFile(tmp_path / "x.qdpx") as archive:
        xml = archive.read("project.qde")
    sources = etree.fromstring(xml).findall(f"{{{NS}}}Sources/{{{NS}}}TextSource")
    assert sorted(s.get("name") for s in sources) == ["Koordinator_innen-Befragung '03-2021'", "Protokoll Nr. 2-2022- JHA"]
    assert validate_project_xml(xml) == []
    back, info = read_qdpx(tmp_path / "x.qdpx")  # the original names come back from the variable „Dokumentname“
    pd.testing.assert_frame_equal(back, filled)
    assert sorted(set(back["document"])) == sorted(names)
    assert set(info["variable_values"]["variable"]) >= {"Dokumentname"}


def test_pseudonymise_names_documents_by_group_only_and_drops_the_municipality():
    from evaluation.qda.refi_export import pseudonymise
    municipalities = pd.DataFrame({"municipality_id": ["03401", "03405"], "name": ["Delmenhorst", "Wilhelmshaven"],
                                   "pseudonym": ["Kommune Q", "Kommune D"]})
    table = segments().assign(
        document=["Protokoll JHA Delmenhorst 2/2021", "Protokoll JHA Delmenhorst 2/2021", "Vorlage Wilhelmshaven",
                  "Befragung"],
        municipality=["03401", "03401", "03405", None], document_group=["Protokolle"] * 2 + [None, "Befragung"],
        text=["ok", "ok", "in Wilhelmshaven beschlossen", "ok"])
    out, clear = pseudonymise(table, municipalities)
    assert list(out["document"]) == ["Protokolle 1", "Protokolle 1", "Dokument 1", "Befragung 1"]
    assert out["municipality"].isna().all()
    assert clear == ["Dokument 1"]
    cited = table.assign(document=["Leitfadeninterview Evaluation, Leitungsebene, Kommune A"] * 2
                         + ["Leitfadeninterview Delmenhorst, Kommune B", "Befragung"])
    out = pseudonymise(cited, municipalities)[0]
    assert list(out["document"]) == ["Leitfadeninterview Evaluation, Leitungsebene, Kommune A"] * 2 + ["Dokument 1",
                                                                                                       "Befragung 1"]
    assert cited["document_date"].iloc[:2].notna().all() and out["document_date"].iloc[:2].isna().all(), \
        "a cited interview carries no date"


def test_cli_export_names_no_municipality_when_it_says_pseudonymised(tmp_path, capsys):
    from conftest import RAW
    from evaluation.cli import main
    out = tmp_path / "export.qdpx"
    assert main(["qda", "export", str(out), "--reporting-date", "2022-03-31", "--raw-dir", str(RAW)]) == 0
    message = capsys.readouterr().out
    assert "ohne Kommune, auch nicht als Pseudonym" in message
    municipalities = pd.read_csv(RAW / "municipalities.csv", sep=";", encoding="utf-8-sig", dtype=str)
    with zipfile.ZipFile(out) as archive:
        content = b"".join(archive.read(n) for n in archive.namelist()).decode()
        xml = archive.read("project.qde")
    named = [n for n in municipalities["Kommune"] if n in content]
    assert named == [] or "Achtung" in message, named
    table, info = read_qdpx(out)
    assert not table["document"].str.contains("/").any() and info["schema_errors"] == []
    assert table["document"].str.match(r"^(.+ \d+|Leitfadeninterview Evaluation, Leitungsebene, Kommune [A-Z])$").all()
    assert table["municipality"].isna().all() and b"Kommune Q" not in xml
    assert info["comments"]["comment"].notna().any() and info["codebook"]["description"].notna().any()
    assert validate_project_xml(xml) == []

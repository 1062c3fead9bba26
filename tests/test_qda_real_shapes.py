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


def test_nvivo_case_codings_are_reported_and_give_cases_their_members(tmp_path, capsys):
    path = nvivo_project(tmp_path / "nvivo.qdpx")
    table, info = read_qdpx(path)
    assert "Kommune X" not in set(table["code"])
    codings = info["case_codings"]
    assert codings[["case", "document", "coder"]].values.tolist() == [["Kommune X", "Interview X", "Anna"]]
    assert codings.loc[0, "text"] == "B: Das Netzwerk 🤝 trifft sich monatlich.\nB: Schulen"
    members = info["cases"]
    assert {("Kommune X", "Dokument", "Interview X")} <= set(map(tuple, members[["case", "member_kind", "member"]].values))
    assert set(table["municipality"]) == {"LK Peine"}  # the case's variable reaches the source it codes
    main(["qda", "import", str(path)])
    assert "1 Codierung eines Falls" in capsys.readouterr().out

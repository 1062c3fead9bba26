"""The attacker: take every output of a run (report, Anlagen, notebooks, profiles, xlsx, CSV, figures, REFI
export), collect every pseudonymous entity ("Kommune X") and every named municipality with all attributes found
anywhere, and join them. A pseudonym with exactly one consistent name is reversed – the test fails then.

What the attacker knows besides the outputs: the code system (codebook, code → label; it travels with every
REFI export and partners use it). Not part of the handed-on outputs: `data/raw` and `data/processed` (the
evaluator's working data; they hold the pseudonym key by design and are never forwarded).
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from lxml import etree

PSEUDONYM = re.compile(r"\bKommune [A-Z]\b")
MET = {"ja": True, "erfüllt": True, "nein": False, "nicht erfüllt": False}
MARK = re.compile(r"\s*\[[^\]]*\]\s*")  # „[rekonstruiert]“ and other marks beside a value
DATE = re.compile(r"\b(\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2})\b")
PROFILE_TITLE = re.compile(r"^Kommunensteckbrief\s+(.+)$")
REFI = "{urn:QDA-XML:project:1.0}"

Table = list[list[str]]


@dataclass
class Entity:
    """What the outputs say about one municipality (named) or one pseudonym."""
    counts: dict[str, int] = field(default_factory=dict)      # segments per code (a complete column: missing = 0)
    indicators: dict[str, bool] = field(default_factory=dict)  # structural indicator label → met
    linked: set[str] = field(default_factory=set)             # names seen in the same table row
    dates: set[str] = field(default_factory=set)              # dates beside it (an interview's, a page's timeline)


@dataclass
class Outputs:
    tables: list[tuple[str, str | None, Table]] = field(default_factory=list)  # (file, page's municipality, table)
    refi: dict[str, Entity] = field(default_factory=dict)                      # pseudonym → codes in a REFI export


# ---------------------------------------------------------------- reading every output

def _html(text: str) -> tuple[str | None, list[Table]]:
    soup = BeautifulSoup(text, "lxml")
    heading = soup.find("h1")
    title = PROFILE_TITLE.match(heading.get_text(" ", strip=True)) if heading else None
    tables = [[[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in t.find_all("tr")]
              for t in soup.find_all("table")]
    return (title.group(1) if title else None), tables


def _notebook(path: Path) -> list[Table]:
    tables = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                tables += _html("".join(data["text/html"]))[1]
            for kind in ("text/markdown", "text/plain"):
                if kind in data:
                    tables.append([line.split("|") for line in "".join(data[kind]).splitlines()])
            if "text" in output:
                tables.append([[line] for line in "".join(output["text"]).splitlines()])
    return tables


def _xlsx(path: Path) -> list[Table]:
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    return [[["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets]


def _csv(path: Path) -> list[Table]:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [list(csv.reader(io.StringIO(text), delimiter=delimiter))]


def _docx(path: Path) -> list[Table]:
    import docx
    document = docx.Document(str(path))
    tables = [[[c.text.strip() for c in row.cells] for row in t.rows] for t in document.tables]
    return tables + [[[p.text] for p in document.paragraphs]]


def _pdf(path: Path) -> list[Table]:
    from pypdf import PdfReader
    return [[[line] for page in PdfReader(str(path)).pages for line in (page.extract_text() or "").splitlines()]]


def _svg(path: Path) -> list[Table]:
    root = etree.parse(str(path))
    return [[[t] for t in root.xpath("//text()") if t.strip()]]


def _qdpx(path: Path) -> dict[str, Entity]:
    """Per pseudonym (document variable or name prefix): coded segments per code in its non-interview sources."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    codes = {}

    def walk(element, prefix):
        for code in element.findall(f"{REFI}Code"):
            name = f"{prefix}\\{code.get('name')}" if prefix else code.get("name")
            codes[code.get("guid")] = name
            walk(code, name)
    for codebook in root.iter(f"{REFI}Codes"):
        walk(codebook, "")
    entities: dict[str, Entity] = {}
    for source in root.iter(f"{REFI}TextSource"):
        values = [v.text or "" for v in source.iter(f"{REFI}TextValue")] + [source.get("name", "")]
        found = {m for v in values for m in PSEUDONYM.findall(v)}
        if len(found) != 1:
            continue
        entity = entities.setdefault(found.pop(), Entity())
        entity.dates |= {v.text for v in source.iter(f"{REFI}DateValue") if v.text}
        if "interview" in source.get("name", "").casefold():   # interviews are coded otherwise: dates only
            continue
        for ref in source.iter(f"{REFI}CodeRef"):
            code = codes.get(ref.get("targetGUID"))
            entity.counts[code] = entity.counts.get(code, 0) + 1
    return entities


def collect(folders: list[Path], exports: list[Path] = ()) -> Outputs:
    """Every table (and every line of text, as a one-cell row) of every file under `folders`."""
    out = Outputs()
    readers = {".ipynb": _notebook, ".xlsx": _xlsx, ".csv": _csv, ".docx": _docx, ".pdf": _pdf, ".svg": _svg}
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            name = str(path)
            if path.suffix == ".html":
                page, tables = _html(path.read_text(encoding="utf-8"))
                out.tables += [(name, page, t) for t in tables]
                soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
                out.tables.append((name, page, [[p.get_text(" ", strip=True)] for p in soup.find_all(["p", "li"])]))
            elif path.suffix == ".json":
                out.tables.append((name, None, [[line] for line in path.read_text(encoding="utf-8").splitlines()]))
            elif path.suffix in readers:
                out.tables += [(name, None, t) for t in readers[path.suffix](path)]
    for export in exports:
        for pseudonym, entity in _qdpx(export).items():
            out.refi[str(export) + pseudonym] = entity
            out.refi.setdefault(pseudonym, Entity()).counts.update(entity.counts)
            out.refi[pseudonym].dates |= entity.dates
        out.tables.append((str(export), None, [[line] for line in _qdpx_text(export).splitlines()]))
    return out


def _qdpx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist())


# ---------------------------------------------------------------- what the attacker extracts

def _bare(cell: str) -> str:
    return MARK.sub(" ", cell).strip()


def _count(cell: str) -> int | None:
    text = cell.replace(".", "").replace("\u202f", "").replace("\xa0", "").strip()
    return int(text) if text.isdigit() else None


def entities(outputs: Outputs, codebook: pd.DataFrame) -> tuple[dict[str, Entity], dict[str, Entity]]:
    """(pseudonyms, named municipalities) with every attribute the outputs carry."""
    names = {page for _, page, _ in outputs.tables if page}
    outputs = Outputs(tables=[(f, page, [[_bare(c) for c in row] for row in table]) for f, page, table in outputs.tables],
                      refi=outputs.refi)
    pseudonyms: dict[str, Entity] = {}
    named: dict[str, Entity] = {n: Entity() for n in names}
    for key, entity in outputs.refi.items():
        if PSEUDONYM.fullmatch(key):
            pseudonyms.setdefault(key, Entity()).counts.update(entity.counts)
            pseudonyms[key].dates |= entity.dates
    for _, page, table in outputs.tables:
        for row in table:
            cells = " ".join(row)
            seen_pseudonyms = set(PSEUDONYM.findall(cells))
            for p in seen_pseudonyms:
                pseudonyms.setdefault(p, Entity())
                pseudonyms[p].linked |= {n for n in names if re.search(rf"\b{re.escape(n)}\b", cells)}
                if len(seen_pseudonyms) == 1 and len(row) > 1:   # a table row about this pseudonym
                    pseudonyms[p].dates |= {_iso(d) for d in DATE.findall(cells)}
            if page:
                named[page].dates |= {_iso(d) for d in DATE.findall(cells)}
        if not table:
            continue
        header = [h.strip() for h in table[0]]
        columns = {i: h for i, h in enumerate(header) if PSEUDONYM.fullmatch(h)}
        for i, pseudonym in columns.items():   # a matrix column under a pseudonym: counts per row label
            entity = pseudonyms.setdefault(pseudonym, Entity())
            for row in table[1:]:
                if len(row) > i and _count(row[i]) is not None:
                    entity.counts[row[0].strip()] = _count(row[i])
        if page and header[:1] == ["Code"] and "Segmente" in header:   # a profile's segments per code
            at = header.index("Segmente")
            named[page].counts.update({r[0]: _count(r[at]) for r in table[1:] if len(r) > at and _count(r[at])})
        if page and page in header[1:]:                                   # a profile's indicators, met or not
            at = header.index(page)
            for r in table[1:]:
                value = _bare(r[at]) if len(r) > at else ""
                if value in MET:
                    named[page].indicators[_bare(r[0])] = MET[value]
    return pseudonyms, named


def _iso(date: str) -> str:
    return "-".join(reversed(date.split("."))) if "." in date else date


def consistent(pseudonym: Entity, name: str, municipality: Entity, codebook: pd.DataFrame) -> bool:
    """Could `name` be behind `pseudonym`, given everything both carry? A dated pseudonym (an interview's
    date) is assumed to show on its municipality's page too (a talk or visit of that day in the timeline)."""
    if pseudonym.linked:
        return name in pseudonym.linked
    if pseudonym.dates and not pseudonym.dates & municipality.dates:
        return False
    if pseudonym.counts and municipality.counts:
        if any(pseudonym.counts.get(c, 0) != municipality.counts.get(c, 0)
               for c in set(pseudonym.counts) | set(municipality.counts)):
            return False
    if pseudonym.counts and municipality.indicators:
        for label, met in municipality.indicators.items():
            codes = codebook.loc[codebook["Bezeichnung"] == label, "Code"].tolist()
            if codes and any(pseudonym.counts.get(c, 0) > 0 for c in codes) != met:
                return False
    return True


def attack(outputs: Outputs, codebook: pd.DataFrame) -> dict[str, list[str]]:
    """Pseudonym → the names consistent with all it carries."""
    pseudonyms, named = entities(outputs, codebook)
    return {p: sorted(n for n, m in named.items() if consistent(e, n, m, codebook)) for p, e in pseudonyms.items()}


def reversed_pseudonyms(candidates: dict[str, list[str]]) -> dict[str, str]:
    return {p: names[0] for p, names in candidates.items() if len(names) == 1}


# ---------------------------------------------------------------- the attack on synthetic outputs (unit)

CODEBOOK = pd.DataFrame({"Code": ["S\\Beschluss", "S\\Ziel", "S\\Modell"],
                         "Bezeichnung": ["Politischer Beschluss", "IMPACT-Ziel definiert", "Wirkungsmodell genutzt"]})
SEGMENTS = pd.DataFrame({  # Nordstadt: Beschluss+Ziel, Südheim: Beschluss, Westdorf: all, Ostkreis: Ziel
    "municipality_id": ["N", "N", "N", "S", "W", "W", "W", "O"],
    "code": ["S\\Beschluss", "S\\Beschluss", "S\\Ziel", "S\\Beschluss", "S\\Beschluss", "S\\Ziel", "S\\Modell",
             "S\\Ziel"]})
MUNICIPALITIES = pd.DataFrame({"municipality_id": ["N", "S", "W", "O"],
                               "name": ["Nordstadt", "Südheim", "Westdorf", "Ostkreis"],
                               "pseudonym": ["Kommune C", "Kommune A", "Kommune D", "Kommune B"],
                               "cohort": [2017, 2017, 2017, 2017], "type": ["Landkreis"] * 4})


def _profiles(indicators_only: bool) -> list[tuple[str, str | None, Table]]:
    """Named pages as the profile notebook writes them: indicators ja/nein, optionally segments per code."""
    tables = []
    for mid, name in zip(MUNICIPALITIES["municipality_id"], MUNICIPALITIES["name"]):
        own = SEGMENTS[SEGMENTS["municipality_id"] == mid]["code"].value_counts()
        tables.append((name, name, [["Merkmal", name]] + [[label, "ja" if own.get(code, 0) else "nein"]
                                                         for code, label in CODEBOOK.itertuples(index=False)]))
        if not indicators_only:
            tables.append((name, name, [["Code", "Bezeichnung", "Segmente"]] + [[c, c, str(n)] for c, n in own.items()]))
    return tables


def _as_table(frame: pd.DataFrame) -> Table:
    return [["Code", *map(str, frame.columns)]] + [[str(i), *map(str, r)] for i, r in zip(frame.index, frame.to_numpy())]


@pytest.mark.parametrize("indicators_only", [False, True])
def test_the_attacker_reverses_a_matrix_column_by_pseudonym(indicators_only):
    from evaluation.qda import matrix
    counts = matrix.code_matrix(SEGMENTS)
    columns = counts.rename(columns=dict(zip(MUNICIPALITIES["municipality_id"], MUNICIPALITIES["pseudonym"])))
    outputs = Outputs(tables=_profiles(indicators_only) + [("anlage", None, _as_table(columns))])
    found = reversed_pseudonyms(attack(outputs, CODEBOOK))
    # counts per code single out every municipality; the binary pattern (indicators only) does so too here
    assert found == {"Kommune A": "Südheim", "Kommune B": "Ostkreis", "Kommune C": "Nordstadt",
                     "Kommune D": "Westdorf"}


def test_the_attacker_joins_an_interview_date_to_the_one_page_showing_that_day():
    pages = _profiles(True) + [("Ostkreis", "Ostkreis", [["Datum", "Art"], ["23.11.2021", "Beratungskontakt"]])]
    quotes = [["code", "document", "document_date", "citation"],
              ["Corona", "Leitfadeninterview, Kommune B", "2021-11-23", "Leitfadeninterview, Kommune B, 16-16"]]
    outputs = Outputs(tables=pages + [("notebook", None, quotes)])
    assert reversed_pseudonyms(attack(outputs, CODEBOOK)) == {"Kommune B": "Ostkreis"}


def test_the_attacker_finds_a_pseudonym_beside_a_name_in_one_row():
    outputs = Outputs(tables=_profiles(True) + [("export", None, [["Dokument", "Kommune"],
                                                                  ["Kommune B – Protokolle 1", "Ostkreis"]])])
    assert reversed_pseudonyms(attack(outputs, CODEBOOK)) == {"Kommune B": "Ostkreis"}


def test_the_published_matrix_carries_no_pseudonym_and_suppresses_small_cells():
    from evaluation.qda import matrix
    table = matrix.published(SEGMENTS, MUNICIPALITIES)
    outputs = Outputs(tables=_profiles(False) + [("anlage", None, _as_table(table))])
    assert attack(outputs, CODEBOOK) == {}
    # every cell rests on at least three municipalities or is suppressed
    assert table.loc["S\\Modell"].isna().all() and table.loc["S\\Beschluss"].notna().all()


# ---------------------------------------------------------------- the attack on a real run (run)

@pytest.fixture(scope="module")
def run_outputs(pipeline_run, tmp_path_factory) -> Outputs:
    from conftest import RAW
    from evaluation.cli import main
    from evaluation.reporting_date import DEFAULT
    export = tmp_path_factory.mktemp("refi") / "export.qdpx"
    assert main(["qda", "export", str(export), "--reporting-date", DEFAULT, "--raw-dir", str(RAW)]) == 0
    return collect([pipeline_run["reports"], pipeline_run["figures"]], [export])


def _codebook() -> pd.DataFrame:
    from conftest import RAW
    return pd.read_csv(RAW / "coding" / "codebook.csv", dtype=str)


@pytest.mark.run
def test_no_pseudonym_of_a_run_can_be_joined_to_a_named_municipality(run_outputs):
    candidates = attack(run_outputs, _codebook())
    assert {"Kommune A", "Kommune B"} <= set(candidates), "die Zitat-Pseudonyme des Berichts fehlen in der Ausgabe"
    names = {page for _, page, _ in run_outputs.tables if page}
    assert len(names) >= 20, "der Angreifer liest die Steckbriefe nicht"
    _, named = entities(run_outputs, _codebook())
    assert all(len(m.indicators) >= 10 and m.dates for m in named.values()), "der Angreifer liest die Merkmale nicht"
    assert reversed_pseudonyms(candidates) == {}


@pytest.mark.run
def test_no_pseudonym_even_without_the_profiles_segments_per_code(run_outputs):
    """The merged state (profiles keep only their indicators): the binary pattern alone links nothing either."""
    kept = Outputs(tables=[t for t in run_outputs.tables if not (t[1] and t[2] and t[2][0][:1] == ["Code"])],
                   refi=run_outputs.refi)
    assert reversed_pseudonyms(attack(kept, _codebook())) == {}


# ---------------------------------------------------------------- the key itself: not derivable from an ordering

def test_the_delivered_pseudonyms_follow_no_ordering_of_key_name_or_ags():
    from conftest import RAW
    from evaluation.intake.municipalities import pseudonym_orderings
    raw = pd.read_csv(RAW / "municipalities.csv", sep=";", encoding="utf-8-sig", dtype=str)
    table = raw.rename(columns={"Kennung": "programme_key", "Kommune": "name", "AGS": "ags", "Pseudonym": "pseudonym"})
    assert pseudonym_orderings(table) == []
    alphabetical = table.sort_values("name").assign(pseudonym=[f"Kommune {chr(65 + i)}" for i in range(len(table))])
    assert pseudonym_orderings(alphabetical) == ["Name"]
    by_key = table.sort_values("programme_key").assign(pseudonym=[f"Kommune {chr(90 - i)}" for i in range(len(table))])
    assert "Kennung" in pseudonym_orderings(by_key)


def test_no_profile_can_be_asked_for_under_a_pseudonym():
    """`run --municipality "Kommune A"` once made the named profile of the cited interview's municipality."""
    from conftest import RAW
    from evaluation.data import clean
    from evaluation.findings import profile
    ds = clean.build(RAW, "2022-03-31")
    with pytest.raises(profile.MunicipalityNotFound, match="Kommune A"):
        profile.resolve(ds, ["Kommune A"])

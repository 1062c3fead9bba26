"""Every file a run writes for people opens in German Excel, read here independently of the writers:
CSVs with `;`, UTF-8 with BOM, decimal comma, German column names, dates as TT.MM.JJJJ, no 'nan', 'None',
empty cell or internal id, nothing German Excel would turn into a date; the report's Word, PDF and HTML
files name the programme and the reporting date in their properties, not a tool."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from evaluation.publication import excel_csv, findings_table as ft, office_file

BOM = b"\xef\xbb\xbf"
BAD_CELLS = {"", "nan", "NaN", "None", "<NA>", "NaT", "null"}
# what German Excel reads as a date: 3.1 → 3. Januar, 2-3 → 2. März, 1/2 → 1. Februar
LOOKS_LIKE_A_DATE = re.compile(r"^\s*\d{1,2}\s*[./-]\s*\d{1,2}([./-]\d{2,4})?\.?\s*$")
GERMAN_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")
WRITTEN_BY_NOTEBOOK_SOURCE = ("tab_01_leistungsrahmen.csv", "tab_02_meilensteine.csv")


def _rows(path: Path) -> list[list[str]]:
    """The file as the csv module reads it with German Excel's settings."""
    data = path.read_bytes()
    assert data.startswith(BOM), f"{path.name}: ohne BOM erkennt Excel UTF-8 nicht"
    rows = list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8")), delimiter=";"))
    assert len(rows) >= 2, f"{path.name} ist leer"
    width = len(rows[0])
    assert width > 1, f"{path.name}: eine Spalte – Trennzeichen nicht ';'"
    assert all(len(r) == width for r in rows), f"{path.name}: Zeilen ungleich lang"
    return rows


def _check_people_csv(path: Path, internal_ids: set[str] = frozenset(), date_columns=()) -> list[list[str]]:
    rows = _rows(path)
    header = rows[0]
    for r, row in enumerate(rows[1:], start=2):
        for column, value in zip(header, row):
            where = f"{path.name}, Zeile {r}, Spalte {column!r}: {value!r}"
            assert value.strip() not in BAD_CELLS, where
            assert value not in internal_ids, where
            if column in date_columns:
                assert GERMAN_DATE.match(value), where
            elif not GERMAN_DATE.match(value):  # a date as TT.MM.JJJJ is one; '3.1' or '2-3' is none
                assert not LOOKS_LIKE_A_DATE.match(value), where + " liest Excel als Datum"
            assert not re.fullmatch(r"-?\d+\.\d+", value), where + " Dezimalpunkt statt Komma"
    return rows


# --- the writer, alone -------------------------------------------------------------------------------------------

@pytest.mark.unit
def test_excel_csv_writes_what_german_excel_reads(tmp_path):
    frame = pd.DataFrame({"Anzahl": pd.array([3, None], dtype="Int64"), "Anteil in %": [54.55, float("nan")],
                          "Stichtag": [pd.Timestamp("2022-03-31"), pd.NaT], "erhoben": [True, False],
                          "Text": ["Jugendamt; Sozialamt", None]})
    path = excel_csv.write(frame, tmp_path / "t.csv")
    rows = _rows(path)
    assert rows == [["Anzahl", "Anteil in %", "Stichtag", "erhoben", "Text"],
                    ["3", "54,55", "31.03.2022", "ja", "Jugendamt; Sozialamt"],
                    ["–", "–", "–", "nein", "–"]]
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", na_values=["–"])
    assert back["Anteil in %"].dtype.kind == "f" and back.at[0, "Anteil in %"] == 54.55
    assert back["Anzahl"].dtype.kind == "f" and back.at[0, "Anzahl"] == 3


@pytest.mark.unit
def test_formatted_figure_data_become_numbers_again(tmp_path):
    from evaluation.report.display import data_csv
    frame = pd.DataFrame({"Beteiligte": ["ÖGD", "Schule"], "Anzahl": ["18", "1.234"],
                          "Anteil": ["81,8\u00a0%", "–"], "Abschnitt": ["3.1", "3.2"], "gemischt": ["5", "5 %"]})
    path = data_csv(frame, tmp_path, "abb_xx")
    assert _rows(path) == [["Beteiligte", "Anzahl", "Anteil in %", "Abschnitt", "gemischt"],
                           ["ÖGD", "18", "81,8", "3.1", "5"], ["Schule", "1234", "–", "3.2", "5 %"]]


@pytest.mark.unit
def test_people_findings_split_ranges_and_keep_intervals_for_samples():
    table = pd.DataFrame({
        "id": ["advisory_contacts_per_month", "satisfaction_very", "coordination_in_youth_office"],
        "section": ["3.3.1", "3.3.6", "3.2.1.1"], "place": ["Text 3.3.1", "Text 3.3.6", "Abb. 5"],
        "numerator": [None, 12, 12], "denominator": [None, 16, 22], "share": [None, 0.75, 12 / 22],
        "ci_low": [None, 0.505, 0.35], "ci_high": [None, 0.898, 0.73], "display": ["2-3", "75 %", "54,5 %"],
        "printed_value": ["2-3", "75", "54,5"], "unit": ["range", "percent", "percent"],
        "status": ["reproduziert"] * 3, "note": ["", "", ""]})
    frame = ft.people_findings(table, "2022-03-31")
    assert frame.loc[0, ["Spanne berechnet von", "Spanne berechnet bis"]].tolist() == [2.0, 3.0]
    assert frame.loc[0, ["Werkreport Spanne von", "Werkreport Spanne bis"]].tolist() == [2.0, 3.0]
    assert frame.loc[0, "berechnet (wie im Bericht)"] == "2–3"
    assert frame["Art der Angabe"].tolist() == ["Spanne", "Anteil", "Anteil"]
    assert frame[ft.COMPLETE].tolist() == [True, False, True]
    assert frame.loc[1, [ft.LOW, ft.HIGH]].tolist() == [0.505, 0.898]
    assert frame.loc[2, [ft.LOW, ft.HIGH]].isna().all(), "no interval on a complete count"
    assert frame.loc[2, "Werkreport Wert"] == pytest.approx(0.545)
    # the findings may say themselves which rows are complete counts (column complete_count)
    marked = ft.people_findings(table.assign(complete_count=[True, True, False]), "2022-03-31")
    assert marked[ft.COMPLETE].tolist() == [True, True, False]
    assert marked.loc[1, [ft.LOW, ft.HIGH]].isna().all() and marked.loc[2, ft.LOW] == 0.35
    shown = ft.german_findings(table)["95-%-Intervall (Wilson)"].tolist()
    assert shown[0] == shown[2] == "" and shown[1].startswith("50,5")


# --- the files of a run ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def machine(pipeline_run) -> list[dict]:
    return json.loads((pipeline_run["reports"] / "findings.json").read_text(encoding="utf-8"))["findings"]


@pytest.fixture(scope="module")
def internal_ids(machine) -> set[str]:
    return {f["id"] for f in machine}


def test_findings_json_keeps_its_columns(machine):
    """The machine twin keeps the English columns programs read (a new column, e.g. complete_count, may follow)."""
    today = ["id", "section", "place", "numerator", "denominator", "share", "ci_low", "ci_high", "display",
             "printed_value", "unit", "status", "note"]
    assert [c for c in machine[0] if c in today] == today


def test_findings_csv_for_german_excel(pipeline_run, machine, internal_ids):
    path = pipeline_run["reports"] / "findings.csv"
    rows = _check_people_csv(path, internal_ids, date_columns=("Stichtag",))
    assert len(rows) - 1 == len(machine)
    header = rows[0]
    assert header[:4] == ["Kennzahl", "Abschnitt", "Fundstelle", "Stichtag"]
    assert all(re.search("[A-Za-zÄÖÜäöüß]", c) for c in header) and not {"id", "share", "note"} & set(header)
    german = dt.date.fromisoformat(pipeline_run["reports"].name).strftime("%d.%m.%Y")
    assert {r[header.index("Stichtag")] for r in rows[1:]} == {german}
    table = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", na_values=["–"], keep_default_na=False)
    for column in ("Zähler", "Nenner", "Anteil in %", "Spanne berechnet von", "Werkreport Spanne bis",
                   f"{ft.LOW} in %", f"{ft.HIGH} in %"):
        assert table[column].dtype.kind in "if", (column, table[column].dtype)
    for finding, row in zip(machine, table.itertuples(index=False)):
        share = row[header.index("Anteil in %")]
        if finding["unit"] == "percent" and finding["share"] is not None:
            assert share == pytest.approx(100 * finding["share"], abs=0.005)
        else:
            assert math.isnan(share)
        low = row[header.index(f"{ft.LOW} in %")]
        assert math.isnan(low) == (finding["id"] not in ft.SURVEY_IDS), finding["id"]


def test_audit_csv_for_german_excel(pipeline_run, internal_ids):
    path = pipeline_run["reports"] / "audit.csv"
    rows = _check_people_csv(path)
    assert rows[0] == list(ft.AUDIT_GERMAN.values())
    named = {w for r in rows[1:] for w in r[rows[0].index("Kennzahlen")].replace(";", " ").split()}
    assert not named & internal_ids, "Kennzahlen mit Namen, nicht mit internen Kennungen"
    audit = json.loads((pipeline_run["reports"] / "audit.json").read_text(encoding="utf-8"))["audit"]
    assert [r[0] for r in rows[1:]] == [a["rule"] for a in audit]


def test_figure_data_for_german_excel(pipeline_run, internal_ids):
    files = sorted(p for p in pipeline_run["figures"].glob("*.csv") if p.name not in WRITTEN_BY_NOTEBOOK_SOURCE)
    stems = {p.stem for p in pipeline_run["figures"].glob("abb_*.png")}
    assert stems and stems <= {p.stem for p in files}, "zu jeder Abbildung ihre Daten als CSV"
    for path in files:
        _check_people_csv(path, internal_ids)


def test_table_data_written_by_notebook_20_for_german_excel(pipeline_run):
    for name in WRITTEN_BY_NOTEBOOK_SOURCE:
        _check_people_csv(pipeline_run["figures"] / name)


def test_comparison_csv_for_german_excel(pipeline_run, tmp_path, internal_ids):
    """reports/comparison/comparison.csv from the findings of two dates (the same files under two names)."""
    from evaluation.publication import comparison
    for date in ("2021-12-31", "2022-03-31"):
        target = tmp_path / "reports" / date
        target.mkdir(parents=True)
        for name in (ft.FINDINGS_JSON, ft.AUDIT_JSON):
            shutil.copyfile(pipeline_run["reports"] / name, target / name)
    folder = comparison.write(["2021-12-31", "2022-03-31"], tmp_path)
    rows = _check_people_csv(folder / comparison.FILE, internal_ids)
    assert rows[0] == ["Kennzahl", "Fundstelle", "31.12.2021", "31.03.2022"]


# --- the report's files: properties ------------------------------------------------------------------------------

def _german_date(pipeline_run) -> str:
    return dt.date.fromisoformat(pipeline_run["reports"].name).strftime("%d.%m.%Y")


@pytest.mark.report
def test_docx_core_properties(pipeline_run):
    import docx
    props = docx.Document(pipeline_run["reports"] / "werkreport.docx").core_properties
    date = _german_date(pipeline_run)
    assert office_file.PROGRAMME in props.title and date in props.title
    assert office_file.PROGRAMME in props.subject and date in props.subject
    assert props.author == props.last_modified_by == office_file.AUTHOR
    assert date in props.keywords and props.language == "de-DE"
    stamp = dt.datetime.fromisoformat(pipeline_run["reports"].name).replace(tzinfo=dt.timezone.utc)
    assert props.created == props.modified == stamp
    for tool in ("python-docx", "pandoc", "openpyxl"):
        assert tool not in f"{props.author} {props.last_modified_by}".lower()


@pytest.mark.report
def test_pdf_metadata(pipeline_run):
    from pypdf import PdfReader
    meta = PdfReader(pipeline_run["reports"] / "werkreport.pdf").metadata
    date = _german_date(pipeline_run)
    assert office_file.PROGRAMME in meta.title and date in meta.title
    assert meta.author == office_file.AUTHOR
    assert office_file.PROGRAMME in meta.subject and date in meta.subject
    assert date in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:" + pipeline_run["reports"].name.replace("-", ""))
    for field in ("/Creator", "/Producer"):
        value = str(meta.get(field, ""))
        assert not re.search("chrom|mozilla|webkit|skia|headless", value, re.I), value


@pytest.mark.report
def test_html_title_and_meta(pipeline_run):
    from lxml import html as lxml_html
    date = _german_date(pipeline_run)
    pages = [pipeline_run["reports"] / "werkreport.html"]
    pages += sorted((pipeline_run["reports"] / "kommunen").glob("*.html"))[:2]
    for page in pages:
        head = lxml_html.parse(str(page)).getroot().find("head")
        meta = {m.get("name"): m.get("content") for m in head.iter("meta") if m.get("name")}
        title = head.findtext("title")
        assert title and date in title, (page.name, title)
        assert meta["author"] == office_file.AUTHOR, page.name
        assert office_file.PROGRAMME in meta["description"] and date in meta["description"], page.name
        assert meta["dcterms.date"] == pipeline_run["reports"].name, page.name

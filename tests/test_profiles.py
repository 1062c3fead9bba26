"""Kommunensteckbriefe as a person reads them: one page per active municipality, the numbers on each page
recomputed here from the cleaned tables with plain pandas, placeholders labelled, no segment text, the
pages self-contained (rendered by the report's chain); `--municipality` replaces single pages and names unknown
names in German."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from lxml import html as lxml_html

from conftest import RAW, html_tables
from evaluation import cli, formatting as fmt
from evaluation.run import pipeline
from evaluation.data.dataset import Dataset

EARLY = "2017-03-31"
TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
EMPTY = ("", "nan", "NaN", "<NA>", "None", "NaT")


def expected_stem(key: str, name: str) -> str:
    text = "".join(TRANSLIT.get(ch, ch) for ch in name.lower())
    return f"{key}_{re.sub(r'[^a-z0-9]+', '_', text).strip('_')}"


def _folder(folders: dict) -> Path:
    return folders["reports"] / "kommunen"


def _dataset(folders: dict) -> Dataset:
    return Dataset.read(folders["processed"])


def _text(page: Path) -> str:
    return " ".join(lxml_html.fromstring(page.read_text(encoding="utf-8")).text_content().split())


def _de_date(value) -> str:
    return pd.Timestamp(value).strftime("%d.%m.%Y")


@pytest.fixture(scope="module")
def early_run(tmp_path_factory):
    """A run of an early date, when only the first cohort had started."""
    out = tmp_path_factory.mktemp("frueh")
    return pipeline.run(EARLY, raw_dir=RAW, output_dir=out, echo=lambda m: None, jobs=2)[EARLY]


@pytest.mark.parametrize("which", ["default", "early"])
def test_one_page_per_active_municipality(which, pipeline_run, request):
    folders = pipeline_run if which == "default" else request.getfixturevalue("early_run")
    m = _dataset(folders).municipalities
    expected = {expected_stem(k, n) + ".html" for k, n in zip(m["programme_key"], m["name"])}
    written = {p.name for p in _folder(folders).glob("*.html")} - {"index.html"}
    assert written == expected
    index = html_tables(_folder(folders) / "index.html")
    rows = next(iter(index.values()))[1:]
    assert sorted(r[1] for r in rows) == sorted(m["name"])
    links = lxml_html.fromstring((_folder(folders) / "index.html").read_text(encoding="utf-8")).xpath("//a/@href")
    assert sorted(links) == sorted(expected | {"../werkreport.html"})


MARK = "[rekonstruiert]"
INDICATORS = ["political_resolution", "impact_goal_defined", "impact_orientation_started", "impact_model_used",
              "coordination_office_established", "coordination_location", "steering_group_established",
              "cooperation_youth_welfare_public_health", "body_member", "stock_taking", "needs_determination",
              "needs_survey", "wishes_survey", "local_events_held", "training_participation"]


def _plain(cell: str) -> str:
    return cell.replace(MARK, "").strip()


def _of(count: int, n: int) -> str:
    return f"{count} von {n} ({fmt.percent(count / n)})"


def _reconstructed_segments(seg: pd.DataFrame) -> pd.Series:
    """A segment rests on reconstruction: its paraphrase carries the mark and its document is not one the
    Werkreport cites (comment naming the report)."""
    cited = seg["comment"].fillna("").str.contains("Werkreport", regex=False)
    return seg["text"].fillna("").str.contains(MARK, regex=False) & ~cited


def _independent(ds: Dataset, mid: str) -> dict:
    """What the page must say, from the cleaned tables with plain pandas (no evaluation function)."""
    seg = ds.document_segments
    seg = seg[seg["municipality_id"].isin(ds.municipalities["municipality_id"])]
    seg = seg.assign(reconstructed=_reconstructed_segments(seg))
    anything_reconstructed = bool(seg["reconstructed"].any()) or (ds.municipalities.get("evidence", pd.Series(dtype=str))
                                                                  .fillna("belegt") != "belegt").any()
    n = ds.municipalities["municipality_id"].nunique()
    cohort_of = ds.municipalities.set_index("municipality_id")["cohort"]
    cohort = set(cohort_of[cohort_of == cohort_of[mid]].index)
    book = ds.codebook.assign(value=ds.codebook["value"].fillna(""))
    indicators = {}
    for name in INDICATORS:
        for row in book[book["indicator"] == name].itertuples():
            hits = seg[(seg["indicator"] == name) & ((seg["value"].fillna("") == row.value) | (row.value == ""))]
            if row.value == "":
                hits = seg[seg["indicator"] == name]
            own = hits[hits["municipality_id"] == mid]
            having = set(hits["municipality_id"])
            met = len(own) > 0
            first = own[own["document_date"] == own["document_date"].min()] if met else own
            indicators[row.label] = {
                "cells": ["erfüllt" if met else "nicht erfüllt", _de_date(own["document_date"].min()) if met else "–",
                          _of(len(having & cohort), len(cohort)), _of(len(having), n)],
                "own_marked": bool(own["reconstructed"].all()) if met else anything_reconstructed,
                "date_marked": bool(first["reconstructed"].all()) if met else False}
    fam = ds.offers_families
    pro = ds.offers_professionals
    return {"indicators": indicators,
            "family": fam[fam["municipality_id"] == mid]["kind"].value_counts().to_dict(),
            "family_all": fam["kind"].value_counts().to_dict(),
            "professional": pro[pro["municipality_id"] == mid]["kind"].value_counts().to_dict(),
            "family_titles": fam[fam["municipality_id"] == mid],
            "professional_titles": pro[pro["municipality_id"] == mid],
            "segments": seg[seg["municipality_id"] == mid]}


def _pages(folders):
    ds = _dataset(folders)
    for row in ds.municipalities.itertuples():
        yield ds, row, _folder(folders) / f"{expected_stem(row.programme_key, row.name)}.html"


def _table(tables: dict, start: str) -> list[list[str]]:
    found = [rows for caption, rows in tables.items() if caption.startswith(start)]
    assert len(found) == 1, f"keine oder mehrere Tabellen „{start} …“: {list(tables)}"
    return found[0]


@pytest.mark.parametrize("which", ["default", "early"])
def test_every_page_shows_the_data_of_its_municipality(which, pipeline_run, request):
    folders = pipeline_run if which == "default" else request.getfixturevalue("early_run")
    for ds, row, page in _pages(folders):
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        assert tree.findtext(".//h1") == f"Kommunensteckbrief {row.name}"
        assert _de_date(ds.reporting_date) in tree.findtext(".//title")
        tables = html_tables(page)
        facts = {r[0]: _plain(r[1]) for r in tables["Förderung und Stammdaten"][1:]}
        assert facts["Kommune"] == row.name
        assert facts["Kohorte"] == str(row.cohort)
        assert facts["Förderzeitraum"] == f"{_de_date(row.funding_start)} – {_de_date(row.funding_end)}"
        areas = ds.model_areas[ds.model_areas["municipality_id"] == row.municipality_id]
        shown_areas = _table(tables, "Zeitleiste: Förderzeitraum und Modellräume")[2:]
        assert sorted(r[1] for r in shown_areas) == sorted(areas["model_area"])
        expect = _independent(ds, row.municipality_id)
        rows = tables[f"Strukturmerkmale von {row.name} neben Kohorte {row.cohort} und allen Kommunen"]
        assert [_plain(c) for c in rows[0]] == ["Merkmal", "Stelle im Werkreport", row.name, "erstmals dokumentiert",
                                                f"Kohorte {row.cohort}", "alle Kommunen"]
        shown = {r[0]: [_plain(r[2]), _plain(r[3]), r[4], r[5]] for r in rows[1:]}
        assert shown == {label: e["cells"] for label, e in expect["indicators"].items()}, row.name
        family = {r[0]: r[1:] for r in tables["Angebote für Kinder und Familien nach Art (Anlage 7)"][1:]}
        for kind, cells in family.items():
            if kind != "insgesamt":
                assert cells == [str(expect["family"].get(kind, 0)), str(expect["family_all"].get(kind, 0))], kind
        assert family["insgesamt"][0] == str(sum(expect["family"].values()))
        professional = {r[0]: r[1] for r in tables["Angebote für Fachkräfte nach Art (Anlage 8)"][1:]}
        assert professional["insgesamt"] == str(sum(expect["professional"].values()))
        for caption, cells in tables.items():
            assert not any(c in EMPTY for r in cells for c in r), f"{row.name}: leere Zelle in {caption}"
        assert "nan" not in _text(page).split() and "NaN" not in _text(page)


def test_no_per_code_segment_counts_on_any_page(pipeline_run):
    """A per-code segment count per municipality equals a column of the pseudonymised code matrix."""
    for _, row, page in _pages(pipeline_run):
        text = _text(page)
        assert "Codierte Segmente" not in text and "Codierte Dokumentsegmente" not in text, row.name
        assert "Segmente" not in " ".join(html_tables(page)), row.name


def test_page_answers_the_coordinator(pipeline_run):
    """Offers by name and kind, the LKS activities, the timeline, its own mark on the indicator scale, the AGS."""
    for ds, row, page in _pages(pipeline_run):
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        tables = html_tables(page)
        expect = _independent(ds, row.municipality_id)
        for key, start in (("family_titles", "Angebote für Kinder und Familien i"),
                           ("professional_titles", "Angebote für Fachkräfte i")):
            offers = expect[key]
            if offers.empty:
                continue
            listed = _table(tables, start)
            assert listed[0][:2] == ["Angebot", "Art"]
            assert sorted(_plain(r[0]) for r in listed[1:]) == sorted(_plain(t) for t in offers["title"]), row.name
            assert sorted(r[1] for r in listed[1:]) == sorted(offers["kind"])
        acts = ds.activities[(ds.activities["municipality_id"] == row.municipality_id)
                             & ds.activities["kind"].isin(["Beratungskontakt", "Beratungskontakt Wirkungsorientierung",
                                                           "Vortrag", "Workshop Wirkungsorientierung"])]
        per_year = _table(tables, "Tätigkeiten der Landeskoordinierungsstelle für ")
        assert per_year[0][-1] == "insgesamt"
        assert sum(int(r[-1].replace(".", "")) for r in per_year[1:]) == len(acts), row.name
        for year in sorted(acts["date"].dt.year.unique()):
            column = per_year[0].index(str(year))
            assert sum(int(r[column]) for r in per_year[1:]) == int((acts["date"].dt.year == year).sum())
        listed = acts[acts["kind"].isin(["Vortrag", "Workshop Wirkungsorientierung"])]
        if len(listed):
            dated = _table(tables, "Vorträge und Workshops i")
            assert sorted(_plain(r[0]) for r in dated[1:]) == sorted(_de_date(d) for d in listed["date"])
        captions = [c.text_content() for c in tree.iter("figcaption")]
        assert any(c.startswith(f"Zeitleiste {row.name}") for c in captions), captions
        assert any(c.startswith(f"Strukturmerkmale: {row.name} (Punkt: erfüllt oder nicht)") for c in captions)
        assert len(tree.xpath("//figure//img")) == 2
        facts = {r[0]: _plain(r[1]) for r in tables["Förderung und Stammdaten"][1:]}
        assert "Amtlicher Kreisschlüssel (AGS)" not in facts
        ags = facts["Amtlicher Gemeindeschlüssel (AGS)"]
        if isinstance(row.ags, str) and row.type == "kreisfreie Stadt":
            assert ags == row.ags + "000" and facts["Kreisschlüssel"] == row.ags
        elif row.type in ("Stadt", "Samtgemeinde"):
            assert ags == "nicht erfasst"
            parent = ds.municipalities.set_index("name")["ags"].get(row.parent)
            assert facts["Kreisschlüssel"] == (parent if isinstance(parent, str) else facts["Kreisschlüssel"])
        elif isinstance(row.ags, str):
            assert ags.startswith("entfällt") and facts["Kreisschlüssel"] == row.ags
        else:
            assert facts["Kreisschlüssel"] == "nicht erfasst"


def test_every_reconstructed_value_carries_its_mark(pipeline_run):
    """Each own indicator value, date, offer and activity the data mark as reconstructed has the mark beside it,
    and a value resting on a document the Werkreport cites has none (the mark is not put everywhere)."""
    published_somewhere = False
    for ds, row, page in _pages(pipeline_run):
        tables = html_tables(page)
        expect = _independent(ds, row.municipality_id)
        rows = tables[f"Strukturmerkmale von {row.name} neben Kohorte {row.cohort} und allen Kommunen"]
        assert MARK in rows[0][4] and MARK in rows[0][5], "Anteile der Kohorte und aller Kommunen sind rekonstruiert"
        for r in rows[1:]:
            e = expect["indicators"][r[0]]
            assert (MARK in r[2]) == e["own_marked"], (row.name, r)
            assert (MARK in r[3]) == e["date_marked"], (row.name, r)
            published_somewhere |= not e["own_marked"]
        facts = {r[0]: r[1] for r in tables["Förderung und Stammdaten"][1:]}
        seg = expect["segments"]
        for fact, indicator in (("Verortung der Koordinierungsstelle", "coordination_location"),
                                ("Fortführung nach Förderende", "continuation")):
            own = seg[seg["indicator"] == indicator].sort_values(["document_date", "value"], kind="mergesort")
            if len(own):
                stating = own[own["value"] == own["value"].iloc[-1]]
                assert (MARK in facts[fact]) == bool(stating["reconstructed"].all()), (row.name, fact)
        inferred = row.evidence != "belegt" or "erschlossen" in str(row.source)
        assert (MARK in facts["Kohorte"]) == inferred, row.name
        for key, start in (("family_titles", "Angebote für Kinder und Familien i"),
                           ("professional_titles", "Angebote für Fachkräfte i")):
            offers = expect[key]
            if offers.empty:
                continue
            flagged = offers["title"].str.contains(MARK, regex=False)
            if "evidence" in offers:
                flagged |= offers["evidence"] == "rekonstruiert"
            wanted = {_plain(t): f or row.evidence == "Platzhalter" for t, f in zip(offers["title"], flagged)}
            for r in _table(tables, start)[1:]:
                assert (MARK in r[0]) == wanted[_plain(r[0])], (row.name, r[0])
        for r in _table(tables, "Tätigkeiten der Landeskoordinierungsstelle für ")[1:]:
            assert MARK in r[0], (row.name, r[0])
    assert published_somewhere, "kein Wert auf einem im Werkreport zitierten Dokument – der Test prüft nichts"
    barsinghausen = next(p for _, r, p in _pages(pipeline_run) if r.name == "Barsinghausen")
    facts = dict(html_tables(barsinghausen)["Förderung und Stammdaten"][1:])
    assert facts["Verortung der Koordinierungsstelle"].endswith(MARK)


def test_links_between_report_index_and_profiles_resolve(pipeline_run):
    folder = _folder(pipeline_run)
    pages = sorted(folder.glob("*.html"))
    for page in pages:
        links = lxml_html.fromstring(page.read_text(encoding="utf-8")).xpath("//a/@href")
        targets = {link for link in links if not link.startswith("#")}
        assert "../werkreport.html" in targets, page.name
        if page.name != "index.html":
            assert "index.html" in targets, page.name
        for link in targets:
            assert (folder / link).resolve().is_file(), f"{page.name}: Verweis ins Leere: {link}"


def test_trainings_of_the_funded_periods(pipeline_run):
    ds = _dataset(pipeline_run)
    acts = ds.activities[ds.activities["kind"] == "Fortbildung"]
    cut = pd.Timestamp(ds.reporting_date)
    for _, row, page in _pages(pipeline_run):
        periods = [(row.funding_start, row.funding_end)]
        deep = ds.model_areas[(ds.model_areas["municipality_id"] == row.municipality_id)
                              & (ds.model_areas["kind"] == "Vertiefung")]
        periods += list(zip(deep["start"], deep["end"]))
        held = acts[[any(s <= d <= min(e, cut) for s, e in periods) for d in acts["date"]]]
        rows = html_tables(page).get("Fortbildungen für Koordinator*innen während der Förderung", [[]])[1:]
        assert sum(int(r[2]) for r in rows) == len(held), row.name
        said = {1: "eine", **dict(enumerate(["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht",
                                              "neun", "zehn", "elf", "zwölf"]))}
        assert f"{said.get(len(held), len(held))} Fortbildung" in _text(page) or not len(held)


def test_placeholders_say_so_and_only_they(pipeline_run):
    for _, row, page in _pages(pipeline_run):
        text = _text(page)
        if row.evidence == "Platzhalter":
            assert f"Platzhalter. „{row.name}“ steht für keine reale Kommune" in text
        else:
            assert "steht für keine reale Kommune" not in text
        assert "Rekonstruierte Daten" in text and "keine Aussage über tatsächliche Vorgänge" in text and row.name in text
        assert "trägt dort, wo er steht, die Marke [rekonstruiert]" in text
        assert f"keine Aussage über tatsächliche Vorgänge {fmt.municipality(row.name, row.type, 'in')}" in text


def test_no_segment_text_on_any_page(pipeline_run, early_run):
    ds = _dataset(pipeline_run)
    texts = pd.concat([ds.interview_segments["text"], ds.document_segments["text"]]).dropna()
    texts = {" ".join(t.split()) for t in texts}
    pages = [*_folder(pipeline_run).glob("*.html"), *_folder(early_run).glob("*.html")]
    assert len(pages) > len(ds.municipalities)
    pseudonyms = pd.read_csv(RAW / "municipalities.csv", sep=";", encoding="utf-8-sig")["Pseudonym"].dropna()
    for page in pages:
        text = _text(page)
        leaked = [t for t in texts if t in text]
        assert not leaked, f"{page.name}: Segmenttext auf der Seite: {leaked[0][:60]}"
        assert "Leitfadeninterview" not in text
        shown = [p for p in pseudonyms if re.search(rf"{re.escape(p)}\b", text)]
        assert not shown, f"{page.name}: Pseudonym auf der Seite verknüpft Interviews mit der Kommune: {shown}"


def test_pages_are_self_contained(pipeline_run):
    for page in _folder(pipeline_run).glob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', markup), page.name
        assert "<script src" not in markup and "input_area" not in markup and "In&nbsp;[" not in markup
        assert str(pipeline_run["reports"].parents[1]) not in markup, f"{page.name}: Pfad des Laufs auf der Seite"


def test_unknown_municipality_is_named_with_close_matches(pipeline_run, capsys):
    out = pipeline_run["reports"].parents[1]
    ds = _dataset(pipeline_run)
    name = ds.municipalities["name"].iloc[0]
    typo = name[:-2] + name[-1] + name[-2]
    code = cli.main(["run", "--reporting-date", ds.reporting_date, "--output-dir", str(out), "--municipality", typo])
    err = capsys.readouterr().err
    assert code == 2
    assert f"Kommune „{typo}“" in err and "keine aktive Programmkommune" in err and name in err


def test_municipality_replaces_only_its_page(pipeline_run, tmp_path, capsys):
    out = tmp_path / "kopie"
    shutil.copytree(pipeline_run["reports"].parents[1], out, symlinks=True)  # the published paths are links
    ds = _dataset(pipeline_run)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    row = ds.municipalities.iloc[-1]
    page = out / "reports" / ds.reporting_date / "kommunen" / f"{expected_stem(row.programme_key, row['name'])}.html"
    page.write_text("veraltet", encoding="utf-8")
    code = cli.main(["run", "--reporting-date", ds.reporting_date, "--output-dir", str(out),
                     "--municipality", row["name"].upper()])
    assert code == 0, capsys.readouterr().err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "außer der einen Seite darf sich nichts ändern, und sie ist byte-gleich mit dem Lauf"


def test_municipality_without_published_state_refuses(tmp_path, capsys):
    code = cli.main(["run", "--reporting-date", "2022-03-31", "--output-dir", str(tmp_path), "--municipality", "P01"])
    assert code == 2
    err = capsys.readouterr().err
    assert "keinen aktuellen veröffentlichten Stand" in err and "python -m evaluation run --reporting-date 2022-03-31" in err
    assert not list(tmp_path.iterdir())


def test_pages_name_no_file_id_or_missing_value(pipeline_run):
    """What a forwarded page says is for a reader: no file name, no internal id, no NaN/None."""
    internal = re.compile(r"\.(csv|xlsx|md|qdpx|ipynb|parquet)\b|data/raw|\b[a-z]+_[a-z_]+\b|\b(nan|NaN|None)\b")
    for page in sorted(_folder(pipeline_run).glob("*.html")):
        found = sorted({m.group(0) for m in internal.finditer(_text(page))})
        assert not found, f"{page.name}: {found}"

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
    assert sorted(links) == sorted(expected)


def _independent(ds: Dataset, mid: str) -> dict:
    """What the page must say, from the cleaned tables with plain pandas (no evaluation function)."""
    seg = ds.document_segments
    seg = seg[seg["municipality_id"].isin(ds.municipalities["municipality_id"])]
    n = ds.municipalities["municipality_id"].nunique()
    labels = ds.codebook.set_index(["indicator", ds.codebook["value"].fillna("")])["label"]
    wanted = ["political_resolution", "impact_goal_defined", "coordination_office_established", "body_member",
              "stock_taking", "needs_determination", "needs_survey", "wishes_survey"]
    indicators = {}
    for (indicator, value), label in labels.items():
        if indicator not in wanted:
            continue
        hits = seg[(seg["indicator"] == indicator) & (seg["value"].fillna("") == value)]
        own = hits[hits["municipality_id"] == mid]
        count = hits["municipality_id"].nunique()
        indicators[label] = ["ja" if len(own) else "nein",
                             _de_date(own["document_date"].min()) if len(own) else "–",
                             f"{count} von {n}", fmt.percent(count / n, 1)]
    fam = ds.offers_families
    pro = ds.offers_professionals
    own_seg = seg[seg["municipality_id"] == mid]
    codes = own_seg.groupby("code").agg(segments=("code", "size"), documents=("document", "nunique"))
    return {"indicators": indicators,
            "family": fam[fam["municipality_id"] == mid]["kind"].value_counts().to_dict(),
            "family_all": fam["kind"].value_counts().to_dict(),
            "professional": pro[pro["municipality_id"] == mid]["kind"].value_counts().to_dict(),
            "codes": {c: [str(r.segments), str(r.documents)] for c, r in codes.iterrows()}}


def _pages(folders):
    ds = _dataset(folders)
    for row in ds.municipalities.itertuples():
        yield ds, row, _folder(folders) / f"{expected_stem(row.programme_key, row.name)}.html"


@pytest.mark.parametrize("which", ["default", "early"])
def test_every_page_shows_the_data_of_its_municipality(which, pipeline_run, request):
    folders = pipeline_run if which == "default" else request.getfixturevalue("early_run")
    for ds, row, page in _pages(folders):
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        assert tree.findtext(".//h1") == f"Kommunensteckbrief {row.name}"
        assert _de_date(ds.reporting_date) in tree.findtext(".//title")
        tables = html_tables(page)
        facts = dict(r for r in tables["Förderung und Stammdaten"][1:])
        assert facts["Kommune"] == row.name and facts["Kennung"] == row.programme_key
        assert facts["Kohorte"] == str(row.cohort)
        assert facts["Förderzeitraum"] == f"{_de_date(row.funding_start)} – {_de_date(row.funding_end)}"
        areas = ds.model_areas[ds.model_areas["municipality_id"] == row.municipality_id]
        shown_areas = tables[f"Modellräume ({len(areas)})"][1:]
        assert sorted(r[0] for r in shown_areas) == sorted(areas["model_area"])
        expect = _independent(ds, row.municipality_id)
        # the name with its article: "des Landkreises Göttingen", "der Region Hannover", "von Delmenhorst"
        rows = tables[f"Strukturmerkmale {fmt.municipality(row.name, row.type, 'gen')} und Anteil aller Kommunen"]
        assert rows[0] == ["Merkmal", row.name, "erstmals dokumentiert", "Kommunen mit Merkmal", "Anteil aller Kommunen"]
        assert {r[0]: r[1:] for r in rows[1:]} == expect["indicators"], row.name
        family = {r[0]: r[1:] for r in tables["Angebote für Kinder und Familien nach Art (Anlage 7)"][1:]}
        for kind, cells in family.items():
            if kind != "insgesamt":
                assert cells == [str(expect["family"].get(kind, 0)), str(expect["family_all"].get(kind, 0))], kind
        assert family["insgesamt"][0] == str(sum(expect["family"].values()))
        professional = {r[0]: r[1] for r in tables["Angebote für Fachkräfte nach Art (Anlage 8)"][1:]}
        assert professional["insgesamt"] == str(sum(expect["professional"].values()))
        shown_codes = {r[0]: r[2:] for r in tables.get("Codierte Segmente je Code", [[]])[1:]}
        assert shown_codes == expect["codes"], row.name
        for caption, cells in tables.items():
            assert not any(c in EMPTY for r in cells for c in r), f"{row.name}: leere Zelle in {caption}"
        assert "nan" not in _text(page).split() and "NaN" not in _text(page)


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
        assert f"{len(held)} Fortbildung" in _text(page) or not len(held)


def test_placeholders_say_so_and_only_they(pipeline_run):
    for _, row, page in _pages(pipeline_run):
        text = _text(page)
        if row.evidence == "Platzhalter":
            assert f"Platzhalter. „{row.name}“ steht für keine reale Kommune" in text
        else:
            assert "steht für keine reale Kommune" not in text
        assert "Rekonstruierte Daten" in text and f"keine Aussage über tatsächliche Vorgänge {fmt.municipality(row.name, row.type, 'in')}" in text


def test_no_segment_text_on_any_page(pipeline_run, early_run):
    ds = _dataset(pipeline_run)
    texts = pd.concat([ds.interview_segments["text"], ds.document_segments["text"]]).dropna()
    texts = {" ".join(t.split()) for t in texts}
    pages = [*_folder(pipeline_run).glob("*.html"), *_folder(early_run).glob("*.html")]
    assert len(pages) > len(ds.municipalities)
    for page in pages:
        text = _text(page)
        leaked = [t for t in texts if t in text]
        assert not leaked, f"{page.name}: Segmenttext auf der Seite: {leaked[0][:60]}"
        assert "Leitfadeninterview" not in text
        shown = [p for p in ds.municipalities["pseudonym"] if re.search(rf"{re.escape(p)}\b", text)]
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
    shutil.copytree(pipeline_run["reports"].parents[1], out)
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

"""Charts that draw one mark per record switch to a readable aggregate above a size a reader can take in.

Abb. 2 (one bar per model area) and the code matrix (one column per municipality) are drawn on the
reconstruction replicated twice (44 municipalities, 54 model areas: above both thresholds) and on the
reconstruction itself (below them, the charts as in the report). What a reader gets is checked: the
picture's size, its caption and note, the numbers of the chart's data table in the notebook text and in
its HTML table (report.display.table), each recomputed here from the dataset's own records.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from evaluation.charts.captions import caption
from lxml import html as lxml_html
from PIL import Image

from benchmarks.scale_data import replicate
from evaluation.data import clean
from evaluation.charts import catalogue
from evaluation.charts import abb_02_foerderzeitraeume as abb_02
from evaluation.charts.qda_code_matrix import MAX_COLUMNS
from evaluation.reporting_date import DEFAULT

from conftest import RAW

MAX_HEIGHT_IN = 10.0        # a chart fits on one A4 page
MAX_SVG_BYTES = 1_000_000   # the per-record code matrix reached 245 MB at 1000 ×
FACTOR = 2


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    raw = tmp_path_factory.mktemp("x2")
    replicate(RAW, raw, FACTOR)
    return clean.build(raw, DEFAULT)


@pytest.fixture(scope="module")
def real():
    return clean.build(RAW, DEFAULT)


def _shown(ds, key: str, folder: Path):
    """What the notebook shows (ev.report.figure): the figure's data as text, the saved PNG and SVG."""
    from evaluation.report import figure
    stem = catalogue.CHARTS[key].stem
    shown = figure(catalogue.draw(ds, key), stem, catalogue.label(key), folder, catalogue.data_table(ds, key))
    text = f"{shown.caption}\n" + shown.data.to_string(index=False)
    return text, folder / f"{stem}.png", folder / f"{stem}.svg"


def _figure_texts(ds, key: str) -> str:
    fig = catalogue.draw(ds, key)
    return " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text())


def _html_table(ds, key: str, folder: Path) -> list[list[str]]:
    from evaluation.report import table
    shown = table(catalogue.data_table(ds, key), f"Daten zu {catalogue.label(key)}")
    tree = lxml_html.fromstring(shown._repr_mimebundle_()[0]["text/html"])
    return [[c.text_content().strip() for c in row.iter("th", "td")] for row in tree.iter("tr")]


def _bounded(png: Path, svg: Path) -> None:
    with Image.open(png) as image:
        width, height = image.size
    dpi = catalogue.style.DPI
    assert height <= MAX_HEIGHT_IN * dpi, f"{png.name} is {height} px tall"
    assert svg.stat().st_size <= MAX_SVG_BYTES, f"{svg.name} has {svg.stat().st_size} bytes"


def _funded_in_quarter(model_areas: pd.DataFrame, municipalities: pd.DataFrame) -> dict:
    """Model areas per (quarter, cohort, kind) whose period touches the quarter, counted one by one."""
    cohort = dict(zip(municipalities["municipality_id"], municipalities["cohort"]))
    counts: dict = {}
    for row in model_areas.itertuples(index=False):
        for quarter in pd.period_range(row.start.to_period("Q"), row.end.to_period("Q"), freq="Q"):
            key = (f"{quarter.quarter}. Quartal {quarter.year}", str(cohort[row.municipality_id]), row.kind)
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_abb_02_above_the_threshold_shows_model_areas_per_quarter(scaled, tmp_path):
    n = len(scaled.model_areas)
    assert n > abb_02.MAX_BARS
    text, png, svg = _shown(scaled, "abb_02", tmp_path)
    _bounded(png, svg)
    drawn = _figure_texts(scaled, "abb_02")
    assert caption("abb_02_quartal", n=n) == f"Abb. 2: Programmkommunen und ihre Förderzeiträume, n = {n} (je Quartal zusammengefasst)"
    assert f"Ab {abb_02.MAX_BARS + 1} Modellräumen wäre ein Balken je Modellraum nicht mehr lesbar" in drawn
    assert not any(name in drawn for name in scaled.model_areas["model_area"])  # no list of names

    expected = _funded_in_quarter(scaled.model_areas, scaled.municipalities)
    lines = text.splitlines()
    assert lines[1].split() == ["Quartal", "Kohorte", "Art", "Modellräume", "in", "Förderung"]
    rows = [re.match(r"\s*(\d\. Quartal \d{4})\s+(\d{4})\s+(\S+)\s+(\d+)$", line) for line in lines[2:]]
    assert all(rows), lines[2:]
    assert {(m[1], m[2], m[3]): int(m[4]) for m in rows} == expected
    table = _html_table(scaled, "abb_02", tmp_path)
    assert table[0] == ["Quartal", "Kohorte", "Art", "Modellräume in Förderung"]
    assert {(q, c, k): int(v) for q, c, k, v in table[1:]} == expected


def test_abb_02_below_the_threshold_keeps_one_bar_per_model_area(real, tmp_path):
    n = len(real.model_areas)
    assert n <= abb_02.MAX_BARS
    text, png, svg = _shown(real, "abb_02", tmp_path)
    drawn = _figure_texts(real, "abb_02")
    assert caption("abb_02", n=n) == f"Abb. 2: Programmkommunen und ihre Förderzeiträume, n = {n}"
    assert "zusammengefasst" not in drawn and "zusammengefasst" not in text
    assert len(text.splitlines()) == 2 + n  # title, header, one row per model area
    for name in real.model_areas["model_area"]:
        assert name in text


def test_code_matrix_above_the_threshold_shows_segments_per_cohort(scaled, tmp_path):
    segments = scaled.document_segments.dropna(subset=["municipality_id"])
    n = segments["municipality_id"].nunique()
    assert n > MAX_COLUMNS
    text, png, svg = _shown(scaled, "qda_matrix", tmp_path)
    _bounded(png, svg)
    drawn = _figure_texts(scaled, "qda_matrix")
    assert caption("qda_matrix_kohorte", n=n) == f"Code-Matrix der Dokumentenanalyse, n = {n} Kommunen (je Kohorte zusammengefasst)"
    assert "Je Kohorte zusammengefasst" in drawn
    assert "Kommune A" not in text

    cohort = segments["municipality_id"].map(dict(zip(scaled.municipalities["municipality_id"],
                                                      scaled.municipalities["cohort"])))
    expected = {(code, str(c)): int(k) for (code, c), k in segments.groupby(["code", cohort]).size().items()}
    per_cohort = segments.assign(cohort=cohort).groupby("cohort")["municipality_id"].nunique()
    table = _html_table(scaled, "qda_matrix", tmp_path)
    header = table[0]
    assert header[0] == "Code"
    cohorts = [re.fullmatch(r"Kohorte (\d{4}) \((\d+) Kommunen\)", h) for h in header[1:]]
    assert all(cohorts), header
    assert {int(m[1]): int(m[2]) for m in cohorts} == per_cohort.to_dict()
    got = {(row[0], m[1]): int(value.replace(".", "")) for row in table[1:] for m, value in zip(cohorts, row[1:])
           if value not in ("·", "–")}
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if k in got}
    for m in cohorts:
        assert m[0] in text


def test_code_matrix_below_the_threshold_still_shows_cohorts_never_a_municipality(real, tmp_path):
    n = real.document_segments["municipality_id"].nunique()
    assert n <= MAX_COLUMNS
    text, _, _ = _shown(real, "qda_matrix", tmp_path)
    header = text.splitlines()[1]
    assert "Kohorte" in header and not re.findall(r"Kommune [A-Z]\b", text)

"""Cleaning the real (reconstructed) raw data per reporting date."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW, edit_xlsx
from evaluation import load
from evaluation.data import clean, quality
from evaluation.intake import manifest
from evaluation.publication.reconciliation import reconcile

DATES = ["2019-12-31", "2021-03-31", "2022-03-31"]


@pytest.fixture(scope="module")
def built():
    return {d: clean.build(RAW, d) for d in DATES}


def test_report_date_reproduces_the_published_counts(built, published):
    ds = built["2022-03-31"]
    assert len(ds.municipalities) == int(published.at["municipalities_total", "printed_value"])
    assert len(ds.model_areas) == int(published.at["model_areas_total", "printed_value"])
    assert len(ds.offers_families) == int(published.at["offers_families", "printed_value"])


def test_every_municipality_reference_is_resolved(built):
    ds = built["2022-03-31"]
    ids = set(ds.municipalities["municipality_id"])
    for table in ("document_segments", "offers_families", "offers_professionals", "model_areas"):
        assert set(ds.tables[table]["municipality_id"].dropna()) <= ids, table
    assert ds.document_segments["indicator"].notna().all()


def test_duplicates_dropped_and_reported(built):
    q = built["2022-03-31"].quality.set_index("Datei")
    assert q["Dubletten entfernt"].sum() > 0
    assert (q["Zeilen gelesen"] - q["Dubletten entfernt"] - q["nach Stichtag ausgeschlossen"]
            == q["Datensätze verwendet"]).all()


def test_nothing_after_the_reporting_date(built):
    for date, ds in built.items():
        cut = pd.Timestamp(date)
        assert (ds.activities["date"] <= cut).all()
        assert (ds.document_segments["document_date"] <= cut).all()
        assert (ds.municipalities["funding_start"] <= cut).all()


def test_records_only_accumulate_over_dates(built):
    previous = None
    for date in DATES:
        used = built[date].quality.set_index("Datei")["Datensätze verwendet"]
        if previous is not None:
            assert (used >= previous).all(), date
        previous = used


def test_counts_never_decrease_as_the_date_moves_later(built):
    previous = None
    for date in DATES:
        table, _ = reconcile(built[date])
        counts = table.set_index("id")["numerator"].dropna()
        counts = counts[~counts.index.str.startswith(("continuation_pending", "satisfaction"))]
        if previous is not None:
            common = counts.index.intersection(previous.index)
            assert (counts[common] >= previous[common]).all(), date
        previous = counts


def test_load_builds_once_and_rebuilds_for_other_raw_data(tmp_path, raw_copy):
    processed = tmp_path / "processed"
    first = load("2022-03-31", raw_dir=raw_copy, processed_dir=processed)
    stamp = (processed / "2022-03-31" / "meta.json").stat().st_mtime_ns
    load("2022-03-31", raw_dir=raw_copy, processed_dir=processed)
    assert (processed / "2022-03-31" / "meta.json").stat().st_mtime_ns == stamp
    assert first.meta["raw_files"] == manifest.fingerprint(raw_copy)
    edit_xlsx(raw_copy, "coding/document_analysis.xlsx", 2, "Segment", "[rekonstruiert] geändert")
    records = clean.count_records(raw_copy)
    (raw_copy / "MANIFEST.csv").write_text(manifest.render(raw_copy, records), encoding="utf-8")
    second = load("2022-03-31", raw_dir=raw_copy, processed_dir=processed)
    assert second.meta["raw_files"] != first.meta["raw_files"]
    assert not [p for p in processed.iterdir() if p.name.startswith(".")], "staging folder left behind"


def test_quality_overview_is_german(built):
    table = quality.overview(built["2022-03-31"])
    assert table.index[-1] == "Summe"
    assert "Stichtag 31.03.2022" in quality.summary(built["2022-03-31"])

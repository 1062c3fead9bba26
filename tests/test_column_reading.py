"""Findings read only the columns they use, the activity log's and the segments' text as categoricals: the
results are those of the whole tables, on disk and in memory alike."""
from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from evaluation.data import clean
from evaluation.data.dataset import TEXT, Dataset
from evaluation.findings import base, process_support as ps, summary, sustainability, uncertainty
from evaluation.intake.delivery import sha256
from evaluation.publication import printed, reconciliation
from evaluation.reporting_date import DEFAULT

from conftest import RAW


@pytest.fixture(scope="module")
def built():
    return clean.build(RAW, DEFAULT)


@pytest.fixture()
def on_disk(built, tmp_path):
    return Dataset.read(built.write(tmp_path / DEFAULT))


def test_columns_read_alone_equal_the_whole_table(on_disk, built, tmp_path):
    whole = Dataset.read(tmp_path / DEFAULT).activities
    part = on_disk.columns("activities", ["municipality_id", "kind"])
    pd.testing.assert_frame_equal(part, whole[["municipality_id", "kind"]])
    assert set(dict.keys(on_disk.tables)) == set()  # no whole table read for it
    pd.testing.assert_frame_equal(on_disk.activities, whole)  # the columns read are reused, the rest added
    assert list(on_disk.activities.columns) == list(whole.columns)


def test_categorical_columns_hold_the_same_values(on_disk, built):
    for ds in (on_disk, built):
        codes = ds.columns("activities", ["kind", "date", "format"], categorical=True)
        text = ds.activities[["kind", "date", "format"]]
        assert isinstance(codes["kind"].dtype, pd.CategoricalDtype)
        assert codes["date"].dtype == text["date"].dtype
        for column in ("kind", "format"):
            assert codes[column].astype(object).where(codes[column].notna(), None).tolist() == \
                text[column].astype(object).where(text[column].notna(), None).tolist()


def test_an_unknown_column_is_named(on_disk):
    with pytest.raises(KeyError, match="keine Spalte gibt_es_nicht"):
        on_disk.columns("activities", ["kind", "gibt_es_nicht"])


@pytest.mark.parametrize("finding", [
    lambda ds: ps.activity_counts(ds), lambda ds: ps.activity_counts(ds, by="year"),
    lambda ds: ps.activity_counts(ds, by="format"), ps.formats_by_period, ps.contact_frequency,
    ps.support_duration, ps.workshops_per_municipality, ps.trainings_by_year, summary.key_figures,
    lambda ds: uncertainty.trainings_trend(ds).years, lambda ds: reconciliation.reconcile(ds)[0],
    lambda ds: reconciliation.reconcile(ds)[1], sustainability.continuation_codes,
    lambda ds: base.latest_value(ds, "coordination_location").reset_index(),
    lambda ds: ds.coded_municipalities,
])
def test_findings_on_disk_equal_those_in_memory(finding, on_disk, built):
    read, made = finding(on_disk), finding(built)
    pd.testing.assert_frame_equal(_plain(read), _plain(made), check_dtype=False)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text as Python objects (missing: None): a built table holds None, a read one NaN in Arrow strings."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == TEXT or frame[column].dtype == object:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def test_rounding_differences_equal_computing_every_share(on_disk):
    lazy = printed.rounding_differences(on_disk)
    from evaluation.publication.registry import FINDINGS, published
    rows = published()
    every = {}
    for finding_id in rows.loc[rows["unit"] == "percent", "id"]:
        count = FINDINGS[finding_id](on_disk)
        if count.share is not None:
            found = printed.rounding_difference(finding_id, int(count.numerator), int(count.denominator),
                                                on_disk.reporting_date)
            if found is not None:
                every[finding_id] = found
    assert every and dict(lazy) == every
    assert lazy.get("no_such_finding") is None and lazy.get(None) is None


def test_raw_files_hash_as_before(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a;b\n" * 100_000)
    assert sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()

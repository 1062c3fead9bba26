"""`load` notebook after notebook: every notebook gets tables of its own, and a raw file changed in between
is noticed (stale → rebuilt). No cache in module globals decides by file stamps."""
from __future__ import annotations

from conftest import edit_xlsx
from evaluation import load
from evaluation.data import clean
from evaluation.intake import manifest
from evaluation.data.dataset import Dataset

DATE = "2022-03-31"


def test_a_notebook_that_changes_its_tables_does_not_change_the_next_ones(tmp_path, raw_copy, monkeypatch):
    processed = tmp_path / "processed"
    first = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    on_disk = Dataset.read(processed / DATE)
    first.activities.drop(first.activities.index, inplace=True)
    first.municipalities.loc[:, "name"] = "geändert"
    first.meta["reporting_date"] = "2000-01-01"
    second = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert len(second.activities) == len(on_disk.activities) > 0
    assert second.municipalities["name"].tolist() == on_disk.municipalities["name"].tolist()
    assert second.reporting_date == DATE


def test_a_changed_raw_file_is_noticed_by_the_next_load(tmp_path, raw_copy):
    processed = tmp_path / "processed"
    first = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    edit_xlsx(raw_copy, "coding/document_analysis.xlsx", 2, "Segment", "[rekonstruiert] geändert")
    (raw_copy / "MANIFEST.csv").write_text(manifest.render(raw_copy, clean.count_records(raw_copy)), encoding="utf-8")
    second = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert second.meta["raw_files"] != first.meta["raw_files"], "geänderte Rohdatei nicht bemerkt"
    assert second.meta["raw_files"] == manifest.fingerprint(raw_copy)


def test_unchanged_raw_files_are_not_hashed_again_and_a_touched_one_is(tmp_path, raw_copy, monkeypatch):
    """The quick test (size and modification time as recorded by the build) spares hashing; a file whose time
    changed is hashed, and with the same content the dataset stays current (not rebuilt)."""
    import os

    from evaluation.intake import delivery
    processed = tmp_path / "processed"
    load(DATE, raw_dir=raw_copy, processed_dir=processed)
    built = (processed / DATE / "meta.json").stat().st_mtime_ns
    hashed = []
    real = delivery.sha256
    monkeypatch.setattr(delivery, "sha256", lambda path: hashed.append(path) or real(path))
    load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert hashed == []
    activities = raw_copy / "activities.csv"
    os.utime(activities, ns=(activities.stat().st_atime_ns, activities.stat().st_mtime_ns + 10**9))
    load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert activities in hashed
    assert (processed / DATE / "meta.json").stat().st_mtime_ns == built, "gleicher Inhalt: nicht neu gebaut"

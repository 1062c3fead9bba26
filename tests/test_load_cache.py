"""`load` on a warm kernel: notebook after notebook the same date is hashed and read once, yet every
notebook gets tables of its own, and a raw file changed in between is still noticed (stale → rebuilt)."""
from __future__ import annotations

import hashlib

from conftest import edit_xlsx
from evaluation import load
from evaluation.data import clean
from evaluation.intake import delivery, manifest
from evaluation.data.dataset import Dataset

DATE = "2022-03-31"


def test_a_notebook_that_changes_its_tables_does_not_change_the_next_ones(tmp_path, raw_copy, monkeypatch):
    processed = tmp_path / "processed"
    first = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    on_disk = Dataset.read(processed / DATE)
    reads, real_read = [], Dataset.read
    monkeypatch.setattr(Dataset, "read", lambda folder: reads.append(folder) or real_read(folder))
    first.activities.drop(first.activities.index, inplace=True)
    first.municipalities.loc[:, "name"] = "geändert"
    first.meta["reporting_date"] = "2000-01-01"
    second = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert len(second.activities) == len(on_disk.activities) > 0
    assert second.municipalities["name"].tolist() == on_disk.municipalities["name"].tolist()
    assert second.reporting_date == DATE
    assert reads == [], "der Datensatz wurde erneut von der Platte gelesen"


def test_raw_files_are_hashed_once_per_process_until_one_changes(tmp_path, raw_copy, monkeypatch):
    monkeypatch.setattr(delivery, "RACY_NS", 0)  # the copies are fresh; remember them at once
    monkeypatch.setattr(delivery, "_DIGESTS", {})
    hashed, real = [], hashlib.sha256
    # a file's digest is taken of its bytes in one call (the code fingerprint starts empty: not counted)
    monkeypatch.setattr(delivery.hashlib, "sha256", lambda *data: (data and hashed.append(1)) or real(*data))
    processed = tmp_path / "processed"
    first = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    files = len(first.meta["raw_files"])
    load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert len(hashed) == files, "ein zweites Laden hasht keine unveränderte Rohdatei erneut"
    edit_xlsx(raw_copy, "coding/document_analysis.xlsx", 2, "Segment", "[rekonstruiert] geändert")
    (raw_copy / "MANIFEST.csv").write_text(manifest.render(raw_copy, clean.count_records(raw_copy)), encoding="utf-8")
    second = load(DATE, raw_dir=raw_copy, processed_dir=processed)
    assert second.meta["raw_files"] != first.meta["raw_files"], "geänderte Rohdatei nicht bemerkt"
    assert second.meta["raw_files"] == manifest.fingerprint(raw_copy)

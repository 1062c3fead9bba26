"""The delivery manifest (data/raw/MANIFEST.csv): records and SHA-256 per raw file.

A file cut short in transfer can still be valid CSV; the manifest is how such a file
is caught. Evaluators renew it with `python -m evaluation manifest` after they have
deliberately replaced a file — the pipeline itself never writes under data/raw.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import DataError
from .raw_files import MANIFEST_FILE, RAW_FILES, locate
from .sources import read_table, sha256


def fingerprint(raw_dir: Path) -> dict[str, str]:
    """SHA-256 of every raw file the pipeline reads (missing files are left out)."""
    raw_dir = Path(raw_dir)
    paths = [locate(raw_dir, spec) for spec in RAW_FILES]
    return {path: sha256(raw_dir / path) for path in paths if (raw_dir / path).is_file()}


def read(raw_dir: Path):
    path = Path(raw_dir) / MANIFEST_FILE
    if not path.is_file():
        raise DataError(MANIFEST_FILE, "Lieferverzeichnis fehlt – nach Prüfung der Lieferung mit "
                        "„python -m evaluation manifest“ anlegen")
    from . import schemas
    from .validation import conform
    frame = conform(read_table(path, MANIFEST_FILE), schemas.MANIFEST, MANIFEST_FILE)
    return {r.file: (int(r.records), r.sha256) for r in frame.itertuples()}, frame


def check(raw_dir: Path, records: dict[str, int]) -> None:
    """Compare what was read with the manifest; a German DataError on any difference."""
    listed, frame = read(raw_dir)
    rows = dict(zip(frame["file"], frame.index))
    for path in (locate(raw_dir, spec) for spec in RAW_FILES):
        if path not in listed:
            raise DataError(MANIFEST_FILE, "Datei ist im Lieferverzeichnis nicht aufgeführt – "
                            "Lieferverzeichnis unvollständig?", column="Datei", value=path)
        expected_records, expected_hash = listed[path]
        actual = sha256(Path(raw_dir) / path)
        if actual != expected_hash or records.get(path) != expected_records:
            raise DataError(path, f"weicht vom Lieferverzeichnis {MANIFEST_FILE} ab "
                            f"(Zeile {rows[path]}: erwartet {expected_records} Datensätze, gelesen "
                            f"{records.get(path)}; Prüfsumme {'stimmt' if actual == expected_hash else 'abweichend'}). "
                            "Unvollständig übertragen? Wurde die Datei absichtlich ersetzt, das Verzeichnis mit "
                            "„python -m evaluation manifest“ erneuern.")


def render(raw_dir: Path, records: dict[str, int]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Datei", "Datensätze", "SHA-256"])
    for path in (locate(raw_dir, spec) for spec in RAW_FILES):
        writer.writerow([path, records[path], sha256(Path(raw_dir) / path)])
    return out.getvalue()

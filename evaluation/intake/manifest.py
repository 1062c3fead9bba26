"""The delivery manifest (data/raw/MANIFEST.csv): records and SHA-256 per raw file.

A file cut short in transfer can still be valid CSV; the manifest is how such a file
is caught. Evaluators renew it with `python -m evaluation manifest` after they have
deliberately replaced a file — the pipeline itself never writes under data/raw.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from evaluation.intake.delivery import MANIFEST_FILE, RAW_FILES, Delivery
from evaluation.errors import DataError
from evaluation.intake.readers import read_table


def fingerprint(raw: "str | Path | Delivery") -> dict[str, str]:
    """SHA-256 of every raw file the pipeline reads (missing files are left out)."""
    return Delivery.of(raw).fingerprint()


def read(raw: "str | Path | Delivery"):
    path = Delivery.of(raw).raw_dir / MANIFEST_FILE
    if not path.is_file():
        raw_dir = Delivery.of(raw).raw_dir
        raise DataError(MANIFEST_FILE, "Lieferverzeichnis fehlt – die Lieferung mit „python -m evaluation manifest "
                        f"--raw-dir {raw_dir}“ (oder make delivery RAW={raw_dir}) prüfen und annehmen")
    from evaluation.intake import schemas
    from evaluation.intake.validation import conform
    frame = conform(read_table(path, MANIFEST_FILE), schemas.MANIFEST, MANIFEST_FILE)
    return {r.file: (int(r.records), r.sha256) for r in frame.itertuples()}, frame


def check(raw: "str | Path | Delivery", records: dict[str, int]) -> None:
    """Compare what was read with the manifest; a German DataError on any difference."""
    delivery = Delivery.of(raw)
    listed, frame = read(delivery)
    rows = dict(zip(frame["file"], frame.index))
    for path in (delivery.relative(spec) for spec in RAW_FILES):
        if path not in listed:
            raise DataError(MANIFEST_FILE, "Datei ist im Lieferverzeichnis nicht aufgeführt – "
                            "Lieferverzeichnis unvollständig?", column="Datei", value=path)
        expected_records, expected_hash = listed[path]
        actual = delivery.sha256(path)
        if actual != expected_hash or records.get(path) != expected_records:
            raise DataError(path, f"weicht vom Lieferverzeichnis {MANIFEST_FILE} ab "
                            f"(Zeile {rows[path]}: erwartet {expected_records} Datensätze, gelesen "
                            f"{records.get(path)}; Prüfsumme {'stimmt' if actual == expected_hash else 'abweichend'}). "
                            "Unvollständig übertragen? Wurde die Datei absichtlich ersetzt, die Lieferung mit "
                            f"„python -m evaluation manifest --raw-dir {delivery.raw_dir}“ (oder make delivery "
                            f"RAW={delivery.raw_dir}) annehmen.")


def render(raw: "str | Path | Delivery", records: dict[str, int]) -> str:
    delivery = Delivery.of(raw)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Datei", "Datensätze", "SHA-256"])
    for path in (delivery.relative(spec) for spec in RAW_FILES):
        writer.writerow([path, records[path], delivery.sha256(path)])
    return out.getvalue()

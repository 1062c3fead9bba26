"""The delivery manifest (data/raw/MANIFEST.csv): records and SHA-256 per raw file.

A file cut short in transfer can still be valid CSV; the manifest is how such a file
is caught. Evaluators renew it with `python -m evaluation manifest` after they have
deliberately replaced a file — the pipeline itself never writes under data/raw.
The manifest is checked on its own terms first (header, numbers, checksums, the files it
lists), so that its own faults are blamed on it and not on a data file.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from evaluation.intake.delivery import MANIFEST_FILE, RAW_FILES, Delivery
from evaluation.errors import DataError
from evaluation.intake.readers import read_table

HEADER = ["Datei", "Datensätze", "SHA-256"]


def fingerprint(raw: "str | Path | Delivery") -> dict[str, str]:
    """SHA-256 of every raw file the pipeline reads (missing files are left out)."""
    return Delivery.of(raw).fingerprint()


def _accept_command(raw_dir: Path) -> str:
    return (f"„python -m evaluation manifest --raw-dir {raw_dir}“ (oder make delivery RAW={raw_dir})")


def read(raw: "str | Path | Delivery"):
    """The manifest's entries {file: (records, sha256)} and its frame (index = row), validated on its own."""
    delivery = Delivery.of(raw)
    path = delivery.raw_dir / MANIFEST_FILE
    if not path.is_file():
        raise DataError(MANIFEST_FILE, "Lieferverzeichnis fehlt – die Lieferung mit "
                        f"{_accept_command(delivery.raw_dir)} prüfen und annehmen")
    from evaluation.intake import schemas
    from evaluation.intake.validation import conform
    table = read_table(path, MANIFEST_FILE)
    missing = [c for c in HEADER if c not in table.columns]
    extra = [c for c in table.columns if c not in HEADER]
    if missing or extra:
        raise DataError(MANIFEST_FILE, f"Kopfzeile muss „{';'.join(HEADER)}“ lauten (es fehlt "
                        + (", ".join(f"„{c}“" for c in missing) or "nichts") + "; überzählig: "
                        + (", ".join(f"„{c}“" for c in extra) or "nichts") + ") – Lieferverzeichnis mit "
                        f"{_accept_command(delivery.raw_dir)} neu schreiben", row=1,
                        column=(missing or extra)[0])
    frame = conform(table, schemas.MANIFEST, MANIFEST_FILE)
    declared = {delivery.relative(spec) for spec in RAW_FILES}
    strangers = frame[~frame["file"].isin(declared)]
    if len(strangers):
        row, file = strangers.index[0], strangers["file"].iloc[0]
        where = "liegt in der Lieferung, ist aber keine der eingelesenen Dateien" \
            if (delivery.raw_dir / file).is_file() else "ist aufgeführt, aber nicht in der Lieferung"
        raise DataError(MANIFEST_FILE, f"Datei {where} – Lieferverzeichnis passt nicht zur Lieferung; nach "
                        f"Prüfung mit {_accept_command(delivery.raw_dir)} neu schreiben",
                        row=int(row), column="Datei", value=file)
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
                            f"{_accept_command(delivery.raw_dir)} annehmen.")


def listed_records(delivery: Delivery, file: str) -> int | None:
    """Records the manifest lists for `file`, or None without a readable manifest: a hint, never a refusal."""
    try:
        listed, _ = read(delivery)
    except DataError:
        return None
    return listed.get(file, (None, None))[0]


def changes(raw: "str | Path | Delivery", records: dict[str, int]) -> list[str]:
    """What renewing the manifest changes, in German (one line per file), for the evaluator to confirm."""
    delivery = Delivery.of(raw)
    if not (delivery.raw_dir / MANIFEST_FILE).is_file():
        return [f"{MANIFEST_FILE} wird neu angelegt"]
    try:
        listed, _ = read(delivery)
    except DataError as exc:
        return [f"bisheriges Lieferverzeichnis nicht verwendbar ({exc}) – wird ersetzt"]
    out = []
    for path, count in records.items():
        if path not in listed:
            out.append(f"{path}: neu im Lieferverzeichnis ({count} Datensätze)")
        elif listed[path][0] != count:
            out.append(f"{path}: {count} statt bisher {listed[path][0]} Datensätze")
        elif listed[path][1] != delivery.sha256(path):
            out.append(f"{path}: Inhalt geändert, {count} Datensätze wie bisher")
    return out


def render(raw: "str | Path | Delivery", records: dict[str, int]) -> str:
    delivery = Delivery.of(raw)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for path in (delivery.relative(spec) for spec in RAW_FILES):
        writer.writerow([path, records[path], delivery.sha256(path)])
    return out.getvalue()

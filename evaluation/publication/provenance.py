"""Provenance of a run (reports/<date>/provenance.json) and the guard against overwriting by accident.

A published state is never replaced silently: if the outputs of a date were made from other
raw data than the present ones, the run is refused unless `--force`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from evaluation import __version__, reporting_date as rd
from evaluation.intake.delivery import Delivery
from evaluation.errors import PublishedStateError

FILE = "provenance.json"


def write(ds, reports: Path) -> Path:
    quality = ds.quality.set_index("Datei")
    record = {
        "reporting_date": ds.reporting_date,
        "package_version": __version__,
        "raw_files": {path: {"sha256": digest,
                             "rows_read": int(quality.at[path, "Zeilen gelesen"]) if path in quality.index else None,
                             "duplicates_dropped": int(quality.at[path, "Dubletten entfernt"]) if path in quality.index else None,
                             "cut_by_date": int(quality.at[path, "nach Stichtag ausgeschlossen"]) if path in quality.index else None}
                      for path, digest in sorted(ds.meta.get("raw_files", {}).items())},
    }
    target = Path(reports) / FILE
    target.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def check_unchanged(reports: Path, raw: "Path | Delivery", date: str, retry: str = "") -> None:
    """Refuse when reports/<date> exists from other raw data; the German message says what to type next."""
    path = Path(reports) / FILE
    if not path.is_file():
        return
    recorded = {f: v["sha256"] for f, v in json.loads(path.read_text(encoding="utf-8"))["raw_files"].items()}
    current = Delivery.of(raw).fingerprint()
    changed = sorted(f for f in set(recorded) | set(current) if recorded.get(f) != current.get(f))
    if changed:
        retry = retry or f"python -m evaluation run --reporting-date {date} --force"
        raise PublishedStateError(
            f"Für den Stichtag {rd.german(date)} liegen bereits Ergebnisse vor ({path.parent}), erstellt aus anderen "
            f"Rohdaten (abweichend: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}). Die neue Lieferung "
            f"ist geprüft. Um den veröffentlichten Stand bewusst zu ersetzen: {retry} "
            f"(oder {_make_retry(reports, Delivery.of(raw), date)}); sonst einen anderen --output-dir wählen.")


def _make_retry(reports: Path, delivery: Delivery, date: str) -> str:
    """`make report …` with the delivery (RAW=) and output root (OUT=) of this run where not the defaults."""
    from evaluation import paths
    out = Path(os.path.abspath(reports)).parents[1]   # the output root as given: not through the published link
    return (f"make report DATE={date}"
            + (f" RAW={delivery.raw_dir}" if delivery.raw_dir != paths.raw_dir().resolve() else "")
            + (f" OUT={out}" if out != paths.project_root().resolve() else "") + " FORCE=1")

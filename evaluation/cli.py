"""Command line: `python -m evaluation run|manifest|notebooks …` with German messages."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EvaluationError


def _say(message: str) -> None:
    print(message, flush=True)


def _run(args) -> int:
    from . import execute
    execute.run(args.reporting_date, raw_dir=args.raw_dir, output_dir=args.output_dir, echo=_say, jobs=args.jobs)
    return 0


def _manifest(args) -> int:
    from . import clean, manifest, paths, reporting_date
    raw = Path(args.raw_dir) if args.raw_dir else paths.raw_dir()
    records = clean.count_records(raw)
    text = manifest.render(raw, records)
    target = raw / manifest.MANIFEST_FILE
    target.write_text(text, encoding="utf-8")
    _say(f"Lieferverzeichnis geschrieben: {target} ({len(records)} Dateien)")
    return 0


def _notebooks(args) -> int:
    from . import execute
    execute.refresh_committed(echo=_say)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m evaluation",
                                description="Auswertung Präventionsketten Niedersachsen (Werkreport je Stichtag)")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="Rohdaten aufbereiten und alle Notebooks für einen Stichtag ausführen")
    run.add_argument("--reporting-date", action="append", required=True, metavar="JJJJ-MM-TT",
                     help="Stichtag (mehrfach angeben für mehrere Stichtage)")
    run.add_argument("--raw-dir", help="Ordner mit den Rohdaten (Standard: data/raw)")
    run.add_argument("--output-dir", help="Ausgabewurzel für data/processed, figures, reports (Standard: Projektordner)")
    run.add_argument("--jobs", type=int, default=None, metavar="N",
                     help="Notebooks gleichzeitig ausführen (Standard: Zahl der Prozessorkerne; 1 = nacheinander)")
    run.set_defaults(func=_run)
    man = sub.add_parser("manifest", help="Lieferverzeichnis data/raw/MANIFEST.csv nach Prüfung der Lieferung erneuern")
    man.add_argument("--raw-dir", help="Ordner mit den Rohdaten (Standard: data/raw)")
    man.set_defaults(func=_manifest)
    nbs = sub.add_parser("notebooks", help="Eingecheckte Notebooks für den Standard-Stichtag neu ausführen")
    nbs.add_argument("--refresh", action="store_true", required=True)
    nbs.set_defaults(func=_notebooks)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except EvaluationError as exc:
        print(f"FEHLER: {exc}", file=sys.stderr, flush=True)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen – es wurde nichts geschrieben.", file=sys.stderr)
        return 130

"""Command line: `python -m evaluation run|manifest|notebooks …` with German messages."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluation.errors import EvaluationError


def _say(message: str) -> None:
    print(message, flush=True)


def _run(args) -> int:
    from evaluation import reporting_date
    from evaluation.run import pipeline
    dates = [d for value in args.reporting_date for d in reporting_date.expand(value)]
    if args.municipality:
        pipeline.run_profiles(dates, args.municipality, raw_dir=args.raw_dir, output_dir=args.output_dir, echo=_say)
        return 0
    from evaluation.run.execute import chapter_notebooks
    pipeline.run(dates, raw_dir=args.raw_dir, output_dir=args.output_dir, echo=_say, jobs=args.jobs, force=args.force,
                 scheduler=args.scheduler, notebooks=chapter_notebooks() if args.no_profiles else None)
    if len(dates) > 1:
        from evaluation.publication import comparison
        folder = comparison.write(dates, args.output_dir)
        _say(f"Vergleich über {len(dates)} Stichtage: {folder}")
    return 0


def _manifest(args) -> int:
    from evaluation import paths
    from evaluation.data import clean
    from evaluation.intake import manifest
    from evaluation.intake.delivery import Delivery
    raw = Delivery(args.raw_dir or paths.raw_dir())
    records = clean.count_records(raw)
    text = manifest.render(raw, records)
    target = raw.raw_dir / manifest.MANIFEST_FILE
    target.write_text(text, encoding="utf-8")
    custom = raw.raw_dir != paths.raw_dir().resolve()
    _say(f"Lieferung geprüft und angenommen, Lieferverzeichnis geschrieben: {target} ({len(records)} Dateien).\n"
         "Nächster Schritt: python -m evaluation run --reporting-date JJJJ-MM-TT"
         + (f" --raw-dir {raw.raw_dir}" if custom else "")
         + f" (oder make report DATE=JJJJ-MM-TT{f' RAW={raw.raw_dir}' if custom else ''}). Liegt für den Stichtag "
         "schon ein veröffentlichter Stand aus der alten Lieferung vor, zusätzlich --force (bzw. FORCE=1).")
    return 0


def _notebooks(args) -> int:
    from evaluation.run import execute
    execute.refresh_committed(echo=_say)
    return 0


def _read_coding(file: str):
    """A REFI-QDA project (.qdpx or bare .qde) or a MAXQDA export; REFI warnings are printed here,
    so that every qda command shows them."""
    if file.lower().endswith((".qdpx", ".qde")):
        from evaluation.qda import refi
        table, info = refi.read_qdpx(file)
        for warning in info["warnings"]:
            _say(f"Warnung: {warning}")
        return table, info
    from evaluation.qda import maxqda
    table = maxqda.read_coded_segments(file)
    return table, {}


def _qda_import(args) -> int:
    table, info = _read_coding(args.file)
    name = Path(args.file).name
    if "counts" in info:
        from evaluation.qda import refi
        lines = refi.summary(info)
        _say(f"{name}: {lines[0]}")
        for line in lines[1:]:
            _say(line)
    else:
        _say(f"{name}: {table['document'].nunique()} Dokumente, {table['code'].nunique()} Codes, "
             f"{len(table)} codierte Segmente, {table['coder'].nunique()} Codierende "
             f"({', '.join(sorted(table['coder'].dropna().unique())) or '–'}).")
    missing = info.get("missing_sources") or []
    if missing:
        _say(f"Hinweis: {len(missing)} Quelltexte fehlen im Projekt ({', '.join(map(str, missing[:5]))}"
             f"{' …' if len(missing) > 5 else ''}); ihre Segmente sind nicht enthalten.")
    if args.to_csv:
        table.to_csv(args.to_csv, index=False, encoding="utf-8")
        _say(f"Tabelle geschrieben: {args.to_csv}")
    return 0


def _qda_export(args) -> int:
    """Document names become „<document group> <n>“ without municipality (cited interviews keep their citation
    name); the message says what is still in clear."""
    import pandas as pd

    from evaluation.data.loader import load
    from evaluation.qda import refi_export
    from evaluation.qda.columns import tidy
    ds = load(args.reporting_date, raw_dir=args.raw_dir)
    parts = [tidy(t).assign(comment=t["comment"].to_numpy() if "comment" in t else None).drop(columns="municipality")
             for t in (ds.document_segments, ds.interview_segments)]  # the export names no municipality
    segments, clear = refi_export.pseudonymise(pd.concat(parts, ignore_index=True), ds.municipalities)
    codebook = pd.DataFrame({"path": ds.codebook["code"], "description": ds.codebook["definition"]})
    refi_export.write_qdpx(segments, args.out, codebook=codebook)
    _say(f"REFI-QDA-Projekt geschrieben: {args.out} ({len(segments)} Segmente, "
         f"{segments['document'].nunique()} Dokumente; ohne Kommune, auch nicht als Pseudonym – zitierte Interviews "
         "tragen ihren Zitatnamen)")
    if clear:
        _say(f"Achtung: {len(clear)} Dokumente nennen in Segmenttext oder Kommentar noch Kommunen im Klartext "
             f"({', '.join(clear[:5])}{' …' if len(clear) > 5 else ''}) – vor der Weitergabe prüfen.")
    return 0


def _qda_agreement(args) -> int:
    from evaluation.qda import agreement
    table, _ = _read_coding(args.file)
    try:
        result = agreement.agreement_table(table, threshold=args.threshold)
    except ValueError as exc:
        print(f"FEHLER: {Path(args.file).name}: {exc}", file=sys.stderr)
        return 2
    _say(agreement.summary_text(result, threshold=args.threshold))
    _say(agreement.german_table(result, threshold=args.threshold).to_string(index=False))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m evaluation",
                                description="Auswertung Präventionsketten Niedersachsen (Werkreport je Stichtag)")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="Rohdaten aufbereiten und alle Notebooks für einen Stichtag ausführen")
    run.add_argument("--reporting-date", action="append", required=True, metavar="JJJJ-MM-TT",
                     help="Stichtag (JJJJ-MM-TT oder TT.MM.JJJJ); mehrfach angeben für mehrere Stichtage; „latest-quarter“ = letztes "
                          "Quartalsende; „2019Q4..2022Q1“ = jedes Quartalsende dazwischen")
    run.add_argument("--raw-dir", help="Ordner mit den Rohdaten (Standard: data/raw)")
    run.add_argument("--output-dir", help="Ausgabewurzel für data/processed, figures, reports (Standard: Projektordner)")
    run.add_argument("--jobs", type=int, default=None, metavar="N",
                     help="Notebooks gleichzeitig ausführen (Standard: Zahl der Prozessorkerne; 1 = nacheinander)")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="Notebooks auf einem Dask-Cluster ausführen (Adresse des „dask scheduler“); "
                          "ohne: lokale Prozesse (--jobs)")
    run.add_argument("--force", action="store_true",
                     help="vorhandene Ergebnisse eines Stichtags auch dann ersetzen, wenn sie aus anderen Rohdaten stammen")
    run.add_argument("--no-profiles", action="store_true",
                     help="ohne Kommunensteckbriefe: nur der Werkreport mit seinen Notebooks (etwa für Messungen an "
                          "vervielfachten Daten, wo jede Kommune eine eigene Aufgabe wäre)")
    run.add_argument("--municipality", action="append", metavar="NAME",
                     help="nur den Kommunensteckbrief dieser Kommune erstellen (Name, Schreibweise wie „LK Peine“ oder "
                          "Kennung wie P17; mehrfach angeben für mehrere). Ersetzt nur diese Seiten in "
                          "reports/<Stichtag>/kommunen/ eines aktuellen veröffentlichten Stands (unter --output-dir, "
                          "falls angegeben) und lässt alles andere unverändert; ohne aktuellen Stand Abbruch mit dem "
                          "Befehl für den ganzen Stichtag")
    run.set_defaults(func=_run)
    man = sub.add_parser("manifest", help="Lieferverzeichnis data/raw/MANIFEST.csv nach Prüfung der Lieferung erneuern")
    man.add_argument("--raw-dir", help="Ordner mit den Rohdaten (Standard: data/raw)")
    man.set_defaults(func=_manifest)
    nbs = sub.add_parser("notebooks", help="Eingecheckte Notebooks für den Standard-Stichtag neu ausführen")
    nbs.add_argument("--refresh", action="store_true", required=True)
    nbs.set_defaults(func=_notebooks)
    qda = sub.add_parser("qda", help="Codierte Segmente aus QDA-Programmen einlesen, exportieren, vergleichen")
    qsub = qda.add_subparsers(dest="qda_command", required=True)
    imp = qsub.add_parser("import", help="MAXQDA-Export (.xlsx/.csv) oder REFI-QDA-Projekt (.qdpx, .qde) einlesen")
    imp.add_argument("file")
    imp.add_argument("--to-csv", metavar="OUT", help="aufbereitete Tabelle als CSV schreiben")
    imp.set_defaults(func=_qda_import)
    exp = qsub.add_parser("export", help="Codierung eines Stichtags als REFI-QDA-Projekt (.qdpx) schreiben, "
                                              "Dokumentnamen pseudonymisiert")
    exp.add_argument("out", metavar="OUT.qdpx")
    exp.add_argument("--reporting-date", required=True, metavar="JJJJ-MM-TT")
    exp.add_argument("--raw-dir", help="Ordner mit den Rohdaten (Standard: data/raw)")
    exp.set_defaults(func=_qda_export)
    agr = qsub.add_parser("agreement", help="Intercoder-Übereinstimmung je Code (Kappa, Alpha)")
    agr.add_argument("file")
    agr.add_argument("--threshold", type=float, default=0.6, help="Schwelle für Cohens Kappa (Standard 0,6)")
    agr.set_defaults(func=_qda_agreement)
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

"""Command line: `python -m evaluation run|manifest|notebooks …` with German messages."""
from __future__ import annotations

import argparse
import errno
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
    notes: list[str] = []
    records = clean.count_records(raw, notes=notes)
    for note in notes:
        _say(f"Hinweis: {note}")
    for change in manifest.changes(raw, records):
        _say(f"Änderung: {change}")
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


def _read_coding(file: str, register: str | None = None, comments: bool = False):
    """A REFI-QDA project (.qdpx or bare .qde) or a coded-segments export (MAXQDA, ATLAS.ti); its
    warnings are printed here, so that every qda command shows them. `register`: the document register
    (municipality, date, type per document)."""
    from evaluation.qda import sniff
    found = sniff.kind(file) if Path(file).is_file() else None
    if file.lower().endswith((".qdpx", ".qde")) or found in ("qdpx", "qde"):  # by content: extensions lie
        from evaluation.qda import document_register, refi
        if found == "qdpx" and not file.lower().endswith(".qdpx"):
            _say(f"Hinweis: {Path(file).name} ist dem Inhalt nach ein REFI-QDA-Projekt (.qdpx) und wird als solches "
                 "gelesen.")
        table, info = refi.read_qdpx(file, comments=comments)
        if register is not None:
            documents = document_register.read(register)
            document_register.require_listed({file: table}, documents, Path(register).name)
            table = document_register.attach(table, documents, fields=("municipality", "document_date"))
    else:
        from evaluation.qda import maxqda
        table, info = maxqda.import_export(file, register=register)
        if not comments:
            table = table.drop(columns="comment")
    for warning in info["warnings"]:
        _say(f"Warnung: {warning}")
    return table, info


def _import_code_system(args) -> int:
    """A REFI-QDA codebook (.qdc): its codes counted; --to-csv writes a codebook.csv to complete."""
    from evaluation.intake import codebook
    system = codebook.read_code_system(args.file)
    name = Path(args.file).name
    levels = int(system["path"].str.count(r"\\").max()) + 1 if len(system) else 0
    _say(f"{name}: Codesystem mit {len(system)} Codes in {levels} Ebene{'n' if levels != 1 else ''} "
         f"({int(system['colour'].notna().sum())} mit Farbe, {int(system['description'].notna().sum())} mit "
         "Beschreibung). Ein REFI-QDA-Codebuch nennt keine Indikatoren.")
    if args.to_csv:
        codebook.skeleton(system).to_csv(args.to_csv, sep=";", index=False, encoding="utf-8-sig")
        _say(f"Codebuch-Vorlage geschrieben: {args.to_csv} – Spalten „Indikator“ (und „Ausprägung“) ergänzen, "
             "dann als coding/codebook.csv der Lieferung verwenden.")
    return 0


def _check_codebook(table, codebook_file: str) -> None:
    from evaluation.intake import codebook
    system = codebook.read_code_system(codebook_file)
    missing = codebook.missing_codes(table["code"], system)
    if missing:
        shown = ", ".join(f"„{c}“" for c in missing[:8]) + (" …" if len(missing) > 8 else "")
        _say(f"Warnung: {len(missing)} Code(s) der Codierung fehlt im Codesystem {Path(codebook_file).name}: {shown}")
    else:
        _say(f"Alle Codes stehen im Codesystem {Path(codebook_file).name}.")


def _qda_import(args) -> int:
    if args.file.lower().endswith(".qdc"):
        return _import_code_system(args)
    table, info = _read_coding(args.file, args.register, comments=True)
    name = Path(args.file).name
    if "counts" in info:
        from evaluation.qda import refi
        lines = refi.summary(info)
        lines[0] = f"{name}: {lines[0]}"
    else:
        from evaluation.qda import maxqda
        lines = maxqda.summary(name, info)
    for line in lines:
        _say(line)
    missing = info.get("missing_sources") or []
    if missing:
        _say(f"Hinweis: {len(missing)} Quelltexte fehlen im Projekt ({', '.join(map(str, missing[:5]))}"
             f"{' …' if len(missing) > 5 else ''}); ihre Segmente sind nicht enthalten.")
    if args.codebook:
        _check_codebook(table, args.codebook)
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
    folder = Path(args.out).resolve().parent
    if not folder.is_dir():
        raise EvaluationError(f"{args.out}: der Zielordner {folder} fehlt (oder ist kein Ordner) – erst anlegen. "
                              "Es wurde nichts geschrieben.")
    ds = load(args.reporting_date, raw_dir=args.raw_dir)
    codebook = pd.DataFrame({"path": ds.codebook["code"], "description": ds.codebook["definition"]})
    if args.codebook:
        from evaluation.intake.codebook import merge_code_systems, read_code_system
        codebook = merge_code_systems(codebook, read_code_system(args.codebook))
    if args.out.lower().endswith(".qdc"):
        refi_export.write_qdc(codebook, args.out)
        _say(f"REFI-QDA-Codebuch geschrieben: {args.out} ({len(codebook)} Codes mit ihren Definitionen)")
        return 0
    parts = [tidy(t).assign(comment=t["comment"].to_numpy() if "comment" in t else None).drop(columns="municipality")
             for t in (ds.document_segments, ds.interview_segments)]  # the export names no municipality
    segments, clear = refi_export.pseudonymise(pd.concat(parts, ignore_index=True), ds.municipalities)
    from evaluation import paths
    from evaluation.qda import guard
    segments = refi_export.protect(segments, guard.read_register(args.raw_dir or paths.raw_dir()))
    refi_export.write_qdpx(segments, args.out, codebook=codebook)
    _say(f"REFI-QDA-Projekt geschrieben: {args.out} ({len(segments)} Segmente, "
         f"{segments['document'].nunique()} Dokumente; ohne Kommune, auch nicht als Pseudonym – zitierte Interviews "
         "tragen ihren Zitatnamen; Codierende als „Codierende*r 1“ …, Personenregister geprüft)")
    if clear:
        _say(f"Achtung: {len(clear)} Dokumente nennen in Segmenttext oder Kommentar noch Kommunen im Klartext "
             f"({', '.join(clear[:5])}{' …' if len(clear) > 5 else ''}) – vor der Weitergabe prüfen.")
    return 0


def _agreement_of_pair(agreement, table, coder_a: str, coder_b: str, threshold: float) -> None:
    result = agreement.agreement_table(table, coder_a, coder_b, threshold=threshold)
    _say(f"Codierende {coder_a} und {coder_b}: {agreement.summary_text(result, threshold=threshold)}")
    named = agreement.german_table(result, threshold=threshold).rename(
        columns={"nur A": f"nur {coder_a}", "nur B": f"nur {coder_b}"})
    _say(named.to_string(index=False))


def _qda_agreement(args) -> int:
    """One pair (--coders, or the only one), or every pair sharing documents plus alpha over all coders."""
    from evaluation.qda import agreement
    table, _ = _read_coding(args.file, args.register)
    name = Path(args.file).name
    try:
        pairs = [tuple(args.coders)] if args.coders else agreement.coder_pairs(table)
        if not pairs:
            raise ValueError("Keine zwei Codierenden mit gemeinsam codierten Dokumenten – "
                             "Intercoder-Übereinstimmung nicht berechenbar")
        if len(pairs) == 1:
            _agreement_of_pair(agreement, table, *pairs[0], args.threshold)
            return 0
        _say(f"{name}: {len(pairs)} Paare von Codierenden mit gemeinsam codierten Dokumenten: "
             + ", ".join(f"{a} und {b}" for a, b in pairs) + ". Ein Paar allein: --coders NAME NAME.")
        every = agreement.pairwise_table(table, threshold=args.threshold)
        _say(agreement.german_pairs(every[every["code"] == agreement.POOLED]).to_string(index=False))
        for coder_a, coder_b in pairs:
            _say("")
            _agreement_of_pair(agreement, table, coder_a, coder_b, args.threshold)
        overall = agreement.multi_coder_alpha(table)
        coders = int(overall["coders"].max())
        _say("")
        _say(f"Krippendorffs Alpha über alle {coders} Codierenden (Absätze von Dokumenten, die mindestens zwei "
             "codiert haben; wer ein Dokument nicht codiert hat, fehlt dort):")
        _say(agreement.german_alpha(overall).to_string(index=False))
    except ValueError as exc:
        print(f"FEHLER: {name}: {exc}", file=sys.stderr)
        return 2
    return 0


def _positive(value: str) -> int:
    """--jobs: a whole number of at least 1 (argparse shows the German message and ends with rc 2)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine erlaubte Zahl: mindestens 1 (1 = nacheinander)")
    return number


# What an OSError's errno means for the evaluator (the operating system's own text is English).
_CAUSES = {errno.ENOSPC: "kein Speicherplatz mehr auf dem Datenträger", errno.EDQUOT: "Speicherkontingent erschöpft",
           errno.EACCES: "keine Berechtigung", errno.EPERM: "keine Berechtigung",
           errno.EROFS: "Dateisystem ist nur lesbar", errno.ENOENT: "Datei oder Ordner fehlt",
           errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
           errno.EISDIR: "ist ein Ordner, keine Datei", errno.EEXIST: "existiert schon"}


def file_system_message(exc: OSError) -> str:
    """An OSError as a German sentence naming path and cause."""
    cause = _CAUSES.get(exc.errno, exc.strerror or str(exc))
    where = " → ".join(str(p) for p in (exc.filename, exc.filename2) if p)
    return (f"Dateisystem: {cause}" + (f" ({where})" if where else "")
            + ". Der Vorgang wurde abgebrochen; veröffentlichte Stände bleiben unverändert.")


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
    run.add_argument("--jobs", type=_positive, default=None, metavar="N",
                     help="Notebooks gleichzeitig ausführen (Standard: Zahl der Prozessorkerne; 1 = nacheinander)")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="Notebooks auf einem Dask-Cluster ausführen (Adresse des „dask scheduler“); "
                          "ohne: lokale Prozesse (--jobs)")
    run.add_argument("--force", action="store_true",
                     help="vorhandene Ergebnisse eines Stichtags auch dann ersetzen, wenn sie aus anderen Rohdaten stammen")
    run.add_argument("--no-profiles", action="store_true",
                     help="ohne Kommunensteckbriefe: nur der Werkreport mit seinen Notebooks (etwa für Messungen an "
                          "vervielfachten Daten, wo jede Kommune eine eigene Aufgabe wäre); veröffentlichte Steckbriefe "
                          "aus denselben Rohdaten bleiben erhalten, aus anderen Rohdaten: Abbruch")
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
    imp = qsub.add_parser("import", help="MAXQDA- oder ATLAS.ti-Export (.xlsx/.csv), REFI-QDA-Projekt (.qdpx, .qde) "
                                          "oder REFI-QDA-Codebuch (.qdc) einlesen")
    imp.add_argument("file")
    imp.add_argument("--to-csv", metavar="OUT", help="aufbereitete Tabelle (mit Kommentaren) als CSV schreiben")
    imp.add_argument("--register", metavar="DOKUMENTE.csv",
                     help="Dokumentregister: Kommune, Dokumentdatum und Dokumenttyp je Dokument")
    imp.add_argument("--codebook", metavar="CODESYSTEM",
                     help="Codesystem (.qdc oder codebook.csv): Codes der Codierung, die dort fehlen, werden genannt")
    imp.set_defaults(func=_qda_import)
    exp = qsub.add_parser("export", help="Codierung eines Stichtags als REFI-QDA-Projekt (.qdpx) schreiben, "
                                              "Dokumentnamen pseudonymisiert; mit OUT.qdc nur das Codesystem")
    exp.add_argument("out", metavar="OUT.qdpx|OUT.qdc")
    exp.add_argument("--reporting-date", required=True, metavar="JJJJ-MM-TT")
    exp.add_argument("--raw-dir", help="Ordner mit den Rohdaten (Standard: data/raw)")
    exp.add_argument("--codebook", metavar="CODESYSTEM.qdc",
                     help="Codesystem der QDA-Software: Farben, Hierarchie und fehlende Beschreibungen von dort")
    exp.set_defaults(func=_qda_export)
    agr = qsub.add_parser("agreement", help="Intercoder-Übereinstimmung je Code und Paar (Kappa, Alpha), "
                                             "Alpha über alle Codierenden")
    agr.add_argument("file")
    agr.add_argument("--threshold", type=float, default=0.6, help="Schwelle für Cohens Kappa (Standard 0,6)")
    agr.add_argument("--coders", nargs=2, metavar=("A", "B"),
                     help="nur dieses Paar vergleichen (ohne: jedes Paar mit gemeinsamen Dokumenten und "
                          "Krippendorffs Alpha über alle Codierenden)")
    agr.add_argument("--register", metavar="DOKUMENTE.csv",
                     help="Dokumentregister: Kommune, Dokumentdatum und Dokumenttyp je Dokument")
    agr.set_defaults(func=_qda_agreement)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except EvaluationError as exc:
        print(f"FEHLER: {exc}", file=sys.stderr, flush=True)
        return 2
    except OSError as exc:
        print(f"FEHLER: {file_system_message(exc)}", file=sys.stderr, flush=True)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen – es wurde nichts geschrieben.", file=sys.stderr)
        return 130

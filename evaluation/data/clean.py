"""Cleaning: raw files → one validated, harmonised Dataset for a reporting date.

Per file: read, drop exact duplicate rows (double exports), validate against the
schema, harmonise municipality names, map codes to indicators, cut everything dated
after the reporting date — and record each step's counts for the quality overview.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from evaluation import reporting_date as rd
from evaluation.intake import manifest
from evaluation.intake.codebook import Codebook, refuse_qdc_instead
from evaluation.data.dataset import Dataset
from evaluation.intake.delivery import QDA_SUFFIX, RAW_FILES, Delivery, RawFile
from evaluation.errors import DataError, EvaluationError
from evaluation.intake.municipalities import MunicipalityNames, pseudonym_orderings
from evaluation.qda import document_register, guard, maxqda, sniff
from evaluation.intake.readers import plain, read_table
from evaluation.intake.validation import conform
from evaluation.vocabulary import LIFE_SITUATIONS

QUALITY_COLUMNS = ["Quelle", "Datei", "Zeilen gelesen", "Dubletten entfernt",
                   "nach Stichtag ausgeschlossen", "Datensätze verwendet"]
SEGMENT_TABLES = ("document_segments", "interview_segments")  # each coded document is in the register
RECORD_TABLES = {*SEGMENT_TABLES, "offers_families", "offers_professionals", "activities"}
"""Tables whose text columns stay Categoricals until the dataset is made: at scale they hold millions of rows
of a few thousand distinct texts, which resolving and screening then see once each."""


def _read_qdpx(path: Path, notes: list[str]) -> pd.DataFrame:
    """A REFI-QDA project as the frame of a German coded-segments export (row n = n-th selection);
    its warnings (position counting, colours …) go to `notes`."""
    from evaluation.qda import refi
    table, info = refi.read_qdpx(path)
    notes += [f"{path.name}: {w}" for w in info["warnings"]]
    german = {"document_group": "Dokumentgruppe", "document": "Dokumentname", "municipality": "Kommune",
              "document_date": "Dokumentdatum", "code": "Code", "begin": "Anfang", "end": "Ende",
              "text": "Segment", "coder": "Bearbeitet von"}
    frame = table[list(german)].rename(columns=german).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.index = pd.Index(range(2, len(frame) + 2), name="Zeile")
    return frame


def _read(spec: RawFile, delivery: Delivery, notes: list[str]) -> tuple[pd.DataFrame, int, int]:
    """Read and validate one file; what a QDA file sets aside or warns of is added to `notes`."""
    path = delivery.relative(spec)
    if spec.key == "codebook":
        refuse_qdc_instead(delivery.raw_dir / spec.path)
    qda = spec.schema_name == "CODED_SEGMENTS"
    by_content = qda and delivery.path(spec).is_file() and sniff.kind(delivery.path(spec)) == "qdpx"
    if path.endswith(QDA_SUFFIX) or by_content:
        raw = _read_qdpx(delivery.path(spec), notes)
    elif qda:
        raw = maxqda.read_export(delivery.path(spec), path, spec.sheet, categories=True)  # as MAXQDA writes it
        if raw.attrs.get("set_aside"):
            notes.append(maxqda.set_aside_note(path, raw.attrs["set_aside"]))
    else:
        raw = read_table(delivery.path(spec), path, spec.sheet, categories=True)
    if not len(raw):
        raise DataError(path, "enthält keine Datensätze, nur die Kopfzeile – Datei abgeschnitten oder leer "
                        "exportiert?", row=2)
    duplicated = _duplicated(raw)
    typed = maxqda.conform_export(raw[~duplicated], path) if qda else conform(raw[~duplicated], spec.schema, path)
    return typed, len(raw), int(duplicated.sum())


def _duplicated(raw: pd.DataFrame) -> pd.Series:
    """Rows repeating an earlier row cell for cell (a double export), compared as text: each column's codes
    (a Categorical's own, else of its texts) folded into one number per row, which one hash pass compares."""
    row_key = np.zeros(len(raw), dtype=np.int64)
    for _, values in raw.items():
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes, size = values.cat.codes.to_numpy(np.int64) + 1, len(values.cat.categories) + 1
        else:
            codes, uniques = pd.factorize(values.astype(str))
            size = len(uniques)
        if (int(row_key.max(initial=0)) + 1) * size >= 2 ** 62:  # renumber the keys so far before they overflow
            row_key = pd.factorize(row_key)[0].astype(np.int64)
        row_key = row_key * size + codes
    return pd.Series(row_key, index=raw.index).duplicated(keep="first")


def count_records(raw: "Path | Delivery", notes: list[str] | None = None) -> dict[str, int]:
    """Record counts per raw file for a new manifest, after the one delivery check (`check`) without the
    comparison with the manifest being renewed. Rows set aside and QDA warnings are added to `notes`."""
    checked = check(raw, compare_manifest=False)
    if notes is not None:
        notes += checked.notes
    return checked.records


def _municipalities(frame: pd.DataFrame, register: pd.DataFrame, file: str) -> pd.DataFrame:
    ags = frame["ags"]
    unknown = ags.notna() & (ags.str.len() == 5) & ~ags.isin(set(register["ags"]))
    if unknown.any():
        row = unknown.idxmax()
        raise DataError(file, "AGS nicht im amtlichen Kreisverzeichnis", row=row, column="AGS", value=ags[row],
                        more=int(unknown.sum()) - 1)
    frame = frame.copy()
    frame.insert(0, "municipality_id", frame["ags"].where(frame["ags"].notna(), frame["programme_key"]))
    return frame


def _resolve(frame: pd.DataFrame, names: MunicipalityNames, spec: RawFile, column_de: str,
             file: str, unknown: dict) -> pd.DataFrame:
    """Municipality ids for `frame`'s spellings; spellings nobody knows are collected in `unknown`
    (spelling → [(file, row, column)]) so that the caller can tell a typo from a master-data file cut short."""
    spellings = frame[spec.municipality]
    codes, distinct = pd.factorize(spellings)  # each spelling resolved once, errors name its first row
    ids = np.empty(len(distinct) + 1, dtype=object)
    ids[-1] = np.nan  # an empty cell
    seen, first = np.unique(codes, return_index=True)
    first_rows = spellings.index[first[seen >= 0]]
    for position, (row, spelling) in enumerate(zip(first_rows, distinct)):
        if names.is_pseudonym(spelling):  # a cited interview: never joined to its municipality
            ids[position] = None
            continue
        try:
            found = names.resolve(spelling)
        except LookupError as exc:
            raise DataError(file, str(exc), row=row, column=column_de, value=spelling) from None
        if found is None:
            unknown.setdefault(spelling, []).append((file, row, column_de))
        ids[position] = found
    frame = frame.drop(columns=[spec.municipality])
    frame["municipality_id"] = ids[codes]
    return frame


def _refuse_unknown(unknown: dict, names: MunicipalityNames, read: int, listed: int | None) -> None:
    """Blame the file that is at fault: municipalities.csv when it holds fewer records than the manifest lists
    or (no manifest to ask) when several files refer to a municipality it lacks; else the first row naming an
    unknown spelling."""
    if not unknown:
        return
    spelling, places = next(iter(unknown.items()))
    short = listed is not None and read < listed
    intact = listed is not None and read >= listed
    shared = [] if intact else [s for s, p in unknown.items() if len({f for f, _, _ in p}) > 1]
    if short or shared:
        spelling = spelling if short else shared[0]
        file, row, column = unknown[spelling][0]
        cause = (f"enthält {read} statt {listed} Datensätze laut Lieferverzeichnis – Datei abgeschnitten?" if short
                 else "Datei abgeschnitten oder Zeilen gelöscht?")
        raise DataError("municipalities.csv", f"Kommune fehlt, auf die {file} (Zeile {row}, Spalte „{column}“) "
                        f"verweist; {cause}", value=spelling, more=len(unknown) - 1)
    file, row, column = places[0]
    raise DataError(file, "unbekannte Kommune – nicht in municipalities.csv und keine bekannte Schreibweise "
                    "(metadata/municipality_aliases.csv)" + names.suggestion(spelling),
                    row=row, column=column, value=spelling)


def _life_situations(offers: pd.DataFrame, file: str) -> pd.DataFrame:
    parts = (offers["life_situations"].astype(str).str.replace(";", ",", regex=False).str.split(",")
             .explode().str.strip())
    unknown = ~parts.isin(LIFE_SITUATIONS)
    if unknown.any():
        row = parts.index[unknown.to_numpy()][0]
        raise DataError(file, "unbekannte Lebenslage; erlaubt sind: " + ", ".join(LIFE_SITUATIONS),
                        row=row, column="Lebenslagen", value=parts[unknown].iloc[0],
                        more=int(unknown.sum()) - 1)
    return pd.DataFrame({"offer_no": offers.loc[parts.index, "offer_no"].to_numpy(),
                         "life_situation": parts.to_numpy()}).drop_duplicates()


def _data_end(tables: dict, specs: dict) -> str | None:
    """The latest date of any record kept (ISO): how far the data reach, whatever the reporting date says."""
    ends = [tables[key][spec.date].max() for key, spec in specs.items() if spec.date and len(tables[key])]
    ends = [e for e in ends if pd.notna(e)]
    return max(ends).date().isoformat() if ends else None


def _screen(tables: dict, register: "guard.Register", located: dict, german: dict) -> None:
    """Every text column of every table that is kept is screened for personal data: segment texts, document
    names, comments and coders, survey free texts, activity and offer titles – whatever reaches the processed
    data, a notebook, the report or a QDA export. Refuses at the first hit (guard.PersonalDataError)."""
    for key, frame in tables.items():
        if key in located:
            guard.screen(frame, register, located[key], german.get(key, {}))



def _renumbered(frame: pd.DataFrame) -> pd.DataFrame:
    """`reset_index(drop=True)` without copying the data (at scale a table of millions of rows)."""
    out = frame.copy(deep=False)
    out.index = pd.RangeIndex(len(out))
    return out


@dataclass
class Checked:
    """A delivery that passed the one check: its validated tables (municipalities resolved, codes annotated),
    the records read per file, the quality counts so far and what was set aside or warned of."""
    delivery: Delivery
    tables: dict
    records: dict
    counts: dict
    notes: list
    persons: pd.DataFrame   # the person register: input of the guard, never written


def check(raw: "Path | Delivery", progress: Callable[[str], None] | None = None,
          compare_manifest: bool = True) -> Checked:
    """The one delivery check, used by `manifest` (make delivery) and first thing by `run`: everything a build
    refuses on – every file's schema, no file without records, references between files (municipalities,
    document register, codes vs codebook, Lebenslagen), the personal-data guard and, with `compare_manifest`,
    the manifest (checked on its own, then against what was read)."""
    delivery = Delivery.of(raw)
    if not delivery.raw_dir.is_dir():
        raise EvaluationError(f"Rohdatenordner „{delivery.raw_dir}“ existiert nicht – Pfad bei --raw-dir "
                              "(bzw. RAW=) prüfen")
    tables, counts, records, notes = {}, {}, {}, []
    for spec in RAW_FILES:
        path = delivery.relative(spec)
        if progress:
            progress(f"lese {path}")
        seen = len(notes)
        tables[spec.key], records[path], dups = _read(spec, delivery, notes)
        for note in notes[seen:]:
            if progress:
                progress(f"Hinweis: {note}")
        counts[spec.key] = [spec.label, path, records[path], dups]
    for key in tables.keys() - RECORD_TABLES:  # master data serve as lookups: plain text at once
        tables[key] = plain(tables[key])

    municipalities = _municipalities(tables["municipalities"], tables["register"], "municipalities.csv")
    ordered = pseudonym_orderings(municipalities)
    if ordered:
        raise DataError("municipalities.csv", "Pseudonyme folgen der Reihenfolge nach " + " und ".join(ordered)
                        + " – so ließen sie sich erraten; bitte zufällig vergeben", column="Pseudonym")
    names = MunicipalityNames(municipalities)
    codebook = Codebook(tables["codebook"])
    # the pseudonyms („Kommune A“) are needed only here, to keep cited interviews unjoined; kept in the
    # dataset they would be the key that reverses them
    tables["municipalities"] = municipalities.drop(columns="pseudonym", errors="ignore")
    areas = tables["model_areas"]
    tables["model_areas"] = areas.assign(in_programme_from=areas["decided_on"].fillna(areas["start"])
                                         if "decided_on" in areas else areas["start"])
    located = {s.key: delivery.relative(s) for s in RAW_FILES}
    german = {s.key: {c.metadata["name"]: de for de, c in s.schema.columns.items()} for s in RAW_FILES}
    unknown: dict = {}
    for spec in RAW_FILES:
        if spec.municipality and spec.municipality in tables[spec.key].columns:
            tables[spec.key] = _resolve(tables[spec.key], names, spec, german[spec.key][spec.municipality],
                                        located[spec.key], unknown)
    _refuse_unknown(unknown, names, records[located["municipalities"]],
                    manifest.listed_records(delivery, located["municipalities"]) if unknown else None)
    document_register.require_listed({located[k]: tables[k] for k in SEGMENT_TABLES}, tables["documents"],
                                     located["documents"])
    for key in SEGMENT_TABLES:
        tables[key] = codebook.annotate(document_register.attach(tables[key], tables["documents"]), located[key])
    tables["offer_life_situations"] = _life_situations(tables["offers_families"], located["offers_families"])
    persons = tables.pop("persons")  # an input of the guard only: never written, never shown
    _screen(tables, guard.register_of(persons), located, german)
    if compare_manifest:
        manifest.check(delivery, records)  # last: a content error names its row, the manifest only the file
    return Checked(delivery, tables, records, counts, notes, persons)


def build(raw: "Path | Delivery", reporting_date: str,
          progress: Callable[[str], None] | None = None) -> Dataset:
    """The one delivery check (`check`), then keep what is dated on or before the date."""
    date = rd.parse(reporting_date)
    cut_at = pd.Timestamp(date)
    raw = Delivery.of(raw)
    stats = raw.stats()  # before reading: a file changed while it is read does not look unchanged
    checked = check(raw, progress)
    delivery, tables, counts, notes = checked.delivery, checked.tables, checked.counts, checked.notes
    rd.parse(date, programme_start=tables["municipalities"]["funding_start"].min().date())
    specs = {s.key: s for s in RAW_FILES}

    quality = []
    for key, spec in specs.items():
        if key == "persons":  # read and used by the guard, not kept
            counts[key] += [0, len(checked.persons)]
            quality.append(counts[key])
            continue
        before = len(tables[key])
        if spec.date:
            tables[key] = tables[key][tables[key][spec.date] <= cut_at]
        counts[key] += [before - len(tables[key]), len(tables[key])]
        quality.append(counts[key])
    kept = set(tables["offers_families"]["offer_no"])
    situations = tables["offer_life_situations"]
    tables["offer_life_situations"] = situations[situations["offer_no"].isin(kept)]
    tables = {k: plain(_renumbered(v)) for k, v in tables.items()}
    tables["quality"] = pd.DataFrame(quality, columns=QUALITY_COLUMNS)
    meta = {"reporting_date": date, "raw_files": delivery.fingerprint(), "raw_stats": stats,
            "data_end": _data_end(tables, specs),
            "delivery_notes": notes}
    return Dataset(tables, meta)

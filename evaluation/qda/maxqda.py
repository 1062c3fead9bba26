"""Coded-segment exports as the programs write them → the tidy table: MAXQDA „Codierte Segmente“
(MAXQDA 12 to 2024, German or English headers) and ATLAS.ti's quotation manager (English or German UI,
all codes of a quotation in one cell), read under MAXQDA's German headings.

`.xlsx` on whichever sheet holds the export (a workbook may start with a pivot sheet), `.csv` in
MAXQDA's and Excel's encodings and separators; the file's kind is taken from its content, not its
extension (see sniff.py). Columns beyond the segment's own (Farbe, Gewicht, Fläche, Abdeckungsgrad,
memos, further codes …) are ignored; `Segment` is kept byte for byte, comments are kept. Rows without
text (PDF/picture areas, segments of length 0, quotations without code) are set aside and listed.

MAXQDA writes the segment's columns first and appends the document variables when they are exported;
its system variables repeat headings such as „Dokumentname“ or „Erstellt am“. The first heading is the
segment's own, a repeat is dropped – and refused only where it contradicts the segment on which
document it belongs to.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.intake import schemas
from evaluation.intake.codebook import normalise
from evaluation.errors import DataError
from evaluation import metadata_files
from evaluation.intake.readers import plain, read_csv, read_xlsx
from evaluation.intake.validation import conform, distinct
from evaluation.qda import document_register, sniff
from evaluation.qda.columns import TIDY, german_name, headings, tidy, to_german

IDENTIFYING = ("Dokumentname", "Dokumentgruppe")
SHOWN = 8  # set-aside rows named in one message
_REPEAT = re.compile(r"^(?P<base>.+) \((?P<n>\d+)\)$")


def _quotation_names() -> dict[str, str]:
    table = metadata_files.read("quotation_columns.csv")
    return {h.casefold(): c for h, c in zip(table["Überschrift"], table["Spalte"])}


def quotation_name(header, names: dict[str, str]) -> str:
    """The German column an ATLAS.ti quotation-manager heading (English or German UI) stands for."""
    text = str(header)
    m = _REPEAT.match(text)
    base, number = (m["base"], f" ({m['n']})") if m else (text, "")
    return names.get(base.casefold(), base) + number


def is_quotation_export(header: list[str]) -> bool:
    """ATLAS.ti's quotation manager export: document, codes (all in one cell) and the text."""
    names = _quotation_names()
    return {"Dokumentname", "Codes", "Segment"} <= {quotation_name(h, names) for h in header}


def is_export(header: list[str]) -> bool:
    """A header row of a coded-segments export: it names the document and the code (MAXQDA), or the
    document and the codes (ATLAS.ti quotations)."""
    names = {german_name(h) for h in header}
    return {"Dokumentname", "Code"} <= names or is_quotation_export(header)


EXPORT_SHEET = (is_export, "eines MAXQDA-Exports „Codierte Segmente“ (u. a. „Dokumentname“/„Document name“ "
                           "und „Code“) oder eines ATLAS.ti-Zitatexports („Document“/„Dokument“, „Codes“, "
                           "„Text Content“/„Textinhalt“)")
CODES = "Codes (einzeln)"  # an ATLAS.ti quotation's codes, one cell split into a tuple


def _drop_repeats(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    repeats = [(c, m["base"]) for c in frame.columns if (m := _REPEAT.match(str(c))) and m["base"] in frame]
    for column, base in repeats:
        if base not in IDENTIFYING:
            continue
        both = frame[column].notna() & frame[base].notna()
        differs = both & (frame[column].astype(str) != frame[base].astype(str))
        if differs.any():
            row = differs.idxmax()
            raise DataError(name, f"die Spalte kommt zweimal vor (etwa als Dokumentvariable), die zweite sagt "
                            f"„{frame.at[row, column]}“ – welche gilt, ist nicht zu entscheiden",
                            row=row, column=base, value=frame.at[row, base], more=int(differs.sum()) - 1)
    return frame.drop(columns=[c for c, _ in repeats])


def _coder(frame: pd.DataFrame) -> pd.DataFrame:
    """„Bearbeitet von“, where empty the segment's „Erstellt von“."""
    if "Erstellt von" not in frame:
        return frame
    coders = plain(frame[[c for c in ("Bearbeitet von", "Erstellt von") if c in frame]])
    created = coders["Erstellt von"]
    edited = coders["Bearbeitet von"] if "Bearbeitet von" in coders else created
    return frame.assign(**{"Bearbeitet von": edited.where(edited.notna(), created)})


def _is_area(value) -> bool:
    """A PDF or picture area: MAXQDA writes its corners as „page: x|y“ („1: 38|557“)."""
    return isinstance(value, str) and "|" in value


def _set_aside(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Rows that hold no text to import – PDF/picture areas, segments of length 0 – taken out and
    listed (row, reason): they are no coded text, and one of them must not refuse the export."""
    if "Segment" not in frame:
        return frame, []
    area = pd.Series(False, index=frame.index)
    for column in ("Anfang", "Ende"):
        if column in frame:
            area |= each_distinct(frame[column], _is_area).astype(bool)
    uncoded = frame[CODES].map(len).eq(0) if CODES in frame else pd.Series(False, index=frame.index)
    aside = area | frame["Segment"].isna() | uncoded
    listed = []
    for row in frame.index[aside]:
        where = " bis ".join(f"„{frame.at[row, c]}“" for c in ("Anfang", "Ende") if c in frame
                             and frame.at[row, c] is not None)
        if uncoded[row] and not area[row] and frame.at[row, "Segment"] is not None:
            reason = f"Zitat ohne Code (Position {where or 'ohne Angabe'})"
        elif area[row]:
            reason = f"PDF- oder Bildbereich ohne Text (Position {where})"
        else:
            size = f", Fläche {frame.at[row, 'Fläche']}" if "Fläche" in frame and frame.at[row, "Fläche"] is not None \
                else ""
            reason = f"Segment ohne Text (Länge 0{size}; Position {where or 'ohne Angabe'})"
        listed.append({"row": int(row), "reason": reason})
    return frame[~aside], listed


def read_export(path: str | Path, name: str | None = None, sheet: str | None = None,
                categories: bool = False) -> pd.DataFrame:
    """The export's cells under German headings, one column per heading; the segment text exactly as
    exported (its line breaks are speaker turns). Rows without text are set aside and listed in
    `attrs["set_aside"]` (row, reason). `categories`: a CSV export's columns as Categoricals (read_csv)."""
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise DataError(name, f"Datei fehlt (erwartet unter {path.parent.name}/{path.name})")
    keep = headings("Segment") | {h for h, c in metadata_files.read("quotation_columns.csv").values if c == "Segment"}
    found = sniff.kind(path)  # by content: the extension may lie
    if found == "xlsx":
        cells = read_xlsx(path, name, sheet, number_repeats=True, holds=EXPORT_SHEET, keep=keep)
    elif found == "text":
        cells = read_csv(path, name, number_repeats=True, keep=keep, categories=categories)
    else:
        raise sniff.refuse(path, name, found)
    if is_quotation_export(list(cells.columns)):
        frame = _from_quotations(plain(cells))
    else:
        frame = to_german(cells)
    frame, aside = _set_aside(_coder(_drop_repeats(frame, name)))
    frame.attrs["set_aside"] = aside
    return frame


def _from_quotations(cells: pd.DataFrame) -> pd.DataFrame:
    """An ATLAS.ti quotation export under MAXQDA's German headings; its codes (one per line in one cell)
    as a tuple in CODES, the first in „Code“ (`conform_export` makes one row per code)."""
    names = _quotation_names()
    frame = cells.rename(columns=lambda c: quotation_name(c, names))
    if "Referenz" in frame and not {"Anfang", "Ende"} <= set(frame.columns):
        # without position columns the reference says where: „1:3 ¶ 5 – 7 in Interview A“
        found = frame["Referenz"].astype("string").str.extract(r"¶\s*(\d+)(?:\s*[–-]\s*(\d+))?")
        frame["Anfang"] = found[0].astype(object).where(found[0].notna(), None)
        frame["Ende"] = found[1].where(found[1].notna(), found[0]).astype(object).where(found[0].notna(), None)
    codes = frame["Codes"].map(lambda cell: tuple(p.strip() for p in re.split(r"\r\n|\r|\n", cell) if p.strip())
                               if isinstance(cell, str) else ())
    frame = frame.drop(columns=["Codes"]).assign(**{"Code": codes.map(lambda c: c[0] if c else None), CODES: codes})
    return frame


def conform_export(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate an export read by `read_export`: one row per segment and code (an ATLAS.ti quotation with
    several codes gives several rows, each keeping its row number), code paths in one form."""
    typed = conform(raw, schemas.CODED_SEGMENTS, name)
    if CODES in raw:
        typed = typed.assign(code=raw.loc[typed.index, CODES].to_numpy()).explode("code")
    typed["code"] = each_distinct(typed["code"], normalise)
    return typed


def each_distinct(values: pd.Series, function) -> pd.Series:
    """`function` of every cell, called once per distinct value (None where the cell is empty)."""
    codes, found = distinct(values)
    results = np.empty(len(found) + 1, dtype=object)
    results[:-1] = [function(v) for v in found]
    return pd.Series(results[codes], index=values.index)


def set_aside_note(file: str, aside: list[dict]) -> str:
    """One German sentence naming the rows set aside and why."""
    shown = "; ".join(f"Zeile {a['row']}: {a['reason']}" for a in aside[:SHOWN])
    more = f" und {len(aside) - SHOWN} weitere" if len(aside) > SHOWN else ""
    return (f"{file}: {len(aside)} {'Zeile' if len(aside) == 1 else 'Zeilen'} beiseitegelegt, weil sie keinen Text "
            f"enthalten – {shown}{more}.")


def import_export(path: str | Path, name: str | None = None, register: str | Path | None = None):
    """Read and validate an export → (tidy table with `comment`, info). Municipality, date and type of each
    document from the export's document variables or, with `register`, from the document register.

    info: documents, codes, segments, coders, coder_names, comments (rows with a comment), set_aside
    (row, reason) and warnings (German, naming the file). German DataError naming file, row, column, value.
    """
    path = Path(path)
    name = name or path.name
    raw = read_export(path, name)
    typed = conform_export(raw, name)
    if register is not None:
        documents = document_register.read(register)
        document_register.require_listed({name: typed}, documents, Path(register).name)
        typed = document_register.attach(typed, documents, fields=("municipality", "document_date", "document_type"))
    table = tidy(typed)
    comments = typed["comment"].to_numpy() if "comment" in typed else [None] * len(typed)
    table["comment"] = pd.Series(comments, dtype=object).where(pd.notna(pd.Series(comments, dtype=object)), None)
    coders = sorted(table["coder"].dropna().unique())
    warnings = []
    if not coders and len(table):
        where = ("die Spalte „Bearbeitet von“/„Erstellt von“ ist in jeder Zeile leer" if "coder" in typed else
                 "keine Spalte „Bearbeitet von“, „Erstellt von“ (englisch „Modified by“, „Created by“, „Author“)")
        warnings.append(f"{name}: keine Codierenden gefunden – {where}; ohne sie ist keine "
                        "Intercoder-Übereinstimmung zu berechnen.")
    if CODES in raw and "Anzahl Codes" in raw:
        stated = pd.to_numeric(raw["Anzahl Codes"], errors="coerce")
        differs = stated.notna() & (stated != raw[CODES].map(len))
        if differs.any():
            listed = "; ".join(f"Zeile {row}: {int(stated[row])} laut „Anzahl Codes“, {len(raw.at[row, CODES])} "
                               "gelesen" for row in raw.index[differs][:SHOWN])
            warnings.append(f"{name}: in {int(differs.sum())} Zeile(n) passt die Zahl der Codes nicht zur Spalte "
                            f"„Codes“ (je Zeile ein Code erwartet) – {listed}.")
    aside = raw.attrs.get("set_aside", [])
    if aside:
        warnings.append(set_aside_note(name, aside))
    if not len(table) and not aside:
        warnings.append(f"{name}: die Datei enthält nur die Kopfzeile – keine codierten Segmente gefunden.")
    info = {"documents": table["document"].nunique(), "codes": table["code"].nunique(), "segments": len(table),
            "coders": len(coders), "coder_names": coders, "comments": int(table["comment"].notna().sum()),
            "set_aside": aside, "warnings": warnings}
    return table, info


def summary(name: str, info: dict) -> list[str]:
    """What `qda import` prints for a coded-segments export."""
    def n(count, one, many):
        return f"{count} {one if count == 1 else many}"
    lines = [f"{name}: {n(info['documents'], 'Dokument', 'Dokumente')}, {n(info['codes'], 'Code', 'Codes')}, "
             f"{n(info['segments'], 'codiertes Segment', 'codierte Segmente')}, "
             f"{n(info['coders'], 'Codierende*r', 'Codierende')} ({', '.join(info['coder_names']) or '–'})."]
    lines.append(f"Außerdem übernommen: {n(info['comments'], 'Kommentar', 'Kommentare')}.")
    if info["set_aside"]:
        lines.append(f"Beiseitegelegt: {n(len(info['set_aside']), 'Zeile', 'Zeilen')} ohne Text (PDF- oder "
                     "Bildbereiche, Segmente der Länge 0) – siehe Warnung.")
    return lines


def read_coded_segments(path: str | Path, name: str | None = None, register: str | Path | None = None):
    """The tidy table of `import_export` (without comments)."""
    return import_export(path, name, register)[0][TIDY]

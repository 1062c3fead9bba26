"""The code system: code paths of the QDA exports → indicators.

Evaluators change the mapping in coding/codebook.csv, not in code. Paths arrive
with `\\` (MAXQDA), `>` or `::` (ATLAS.ti) between levels; all are read as one form.
A QDA program's own code system comes as a REFI-QDA codebook (.qdc: Taguette, QualCoder,
MAXQDA, ATLAS.ti, NVivo): `read_code_system` reads it (hierarchy, colours, descriptions);
it names no indicators, so `skeleton` turns it into a codebook.csv to complete.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from evaluation.errors import DataError

QDC_NS = "urn:QDA-XML:codebook:1.0"
SYSTEM_COLUMNS = ["path", "colour", "description", "codable"]
CSV_COLUMNS = ["Code", "Indikator", "Ausprägung", "Bezeichnung", "Definition"]

_SEPARATORS = re.compile(r"\s*(?:\\|>|::)\s*")


def normalise(path: str) -> str:
    """'Struktur > Gremien >ÖGD' → 'Struktur\\Gremien\\ÖGD'."""
    return "\\".join(part.strip() for part in _SEPARATORS.split(str(path).strip()) if part.strip())


class Codebook:
    def __init__(self, codebook: pd.DataFrame):
        self.table = codebook.assign(code=codebook["code"].map(normalise))
        self._by_code = self.table.set_index("code")

    def annotate(self, segments: pd.DataFrame, file: str) -> pd.DataFrame:
        """Add `indicator` and `value` to coded segments; unknown codes are refused."""
        segments = segments.copy()
        positions, spellings = pd.factorize(segments["code"], use_na_sentinel=False)  # each spelling once
        segments["code"] = pd.Series([normalise(s) for s in spellings], dtype=object).to_numpy()[positions]
        unknown = ~segments["code"].isin(self._by_code.index)
        if unknown.any():
            row = segments.index[unknown][0]
            raise DataError(file, "Code fehlt im Codesystem (coding/codebook.csv) – dort ergänzen "
                            "oder Schreibweise prüfen", row=row, column="Code",
                            value=segments.at[row, "code"], more=int(unknown.sum()) - 1)
        segments["indicator"] = segments["code"].map(self._by_code["indicator"])
        segments["value"] = segments["code"].map(self._by_code["value"])
        return segments


def _colour(value: str | None) -> str | None:
    text = (value or "").strip().lstrip("#")
    if re.fullmatch(r"[0-9A-Fa-f]{3}", text):
        text = "".join(c * 2 for c in text)
    return "#" + text.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", text) else None


def read_qdc(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """A REFI-QDA codebook → one row per code (path, colour, description, codable), in the codebook's
    order. Levels come from nesting and from `::` in names (ATLAS.ti); a level only named that way is
    added as a code that cannot be coded."""
    from lxml import etree
    path = Path(path)
    name = name or path.name
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(path.read_bytes(), parser)
    except etree.XMLSyntaxError as error:
        raise DataError(name, f"Codebuch ist kein wohlgeformtes XML ({error})") from None
    qname = etree.QName(root)
    if qname.namespace != QDC_NS or qname.localname != "CodeBook":
        raise DataError(name, f"kein REFI-QDA-Codebuch: erwartet „CodeBook“ im Namensraum „{QDC_NS}“, gefunden "
                        f"„{qname.localname}“ im Namensraum „{qname.namespace or 'kein Namensraum'}“")
    q = "{%s}" % QDC_NS
    rows: dict[str, dict] = {}

    def walk(element, parent: str) -> None:
        for code in element.findall(q + "Code"):
            code_path = "\\".join(p for p in (parent, normalise(code.get("name", ""))) if p)
            parts = code_path.split("\\")
            for n in range(1, len(parts)):
                rows.setdefault("\\".join(parts[:n]), {"colour": None, "description": None, "codable": False})
            described = (code.findtext(q + "Description") or "").strip() or None
            rows[code_path] = {"colour": _colour(code.get("color")), "description": described,
                           "codable": code.get("isCodable", "true").strip().lower() not in ("false", "0")}
            walk(code, code_path)

    for codes in root.iterfind(q + "Codes"):
        walk(codes, "")
    return pd.DataFrame([{"path": p, **v} for p, v in rows.items()], columns=SYSTEM_COLUMNS)


def read_code_system(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """A code system from a .qdc, or from a codebook.csv/.xlsx (its codes and definitions)."""
    from evaluation.intake import schemas
    from evaluation.intake.readers import read_table
    from evaluation.intake.validation import conform
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise DataError(name, "Datei nicht gefunden")
    if path.suffix.lower() == ".qdc":
        return read_qdc(path, name)
    table = conform(read_table(path, name), schemas.CODEBOOK, name)
    described = table["definition"] if "definition" in table else pd.Series(None, index=table.index)
    return pd.DataFrame({"path": table["code"].map(normalise).to_numpy(), "colour": None,
                         "description": described.to_numpy(), "codable": True}, columns=SYSTEM_COLUMNS)


def skeleton(system: pd.DataFrame) -> pd.DataFrame:
    """A codebook.csv to complete from a code system: every codable code, label = its last level,
    definition = its description; Indikator and Ausprägung are left for the evaluators to fill in."""
    codable = system[system["codable"].astype(bool)]
    return pd.DataFrame({"Code": codable["path"], "Indikator": None, "Ausprägung": None,
                         "Bezeichnung": codable["path"].str.split("\\").str[-1],
                         "Definition": codable["description"]}, columns=CSV_COLUMNS)


def missing_codes(codes, system: pd.DataFrame) -> list[str]:
    """Codes (normalised) of an import the code system lacks, sorted."""
    known = set(system["path"])
    return sorted({normalise(c) for c in codes if isinstance(c, str)} - known)


def merge_code_systems(own: pd.DataFrame, given: pd.DataFrame) -> pd.DataFrame:
    """The delivery's codes (path, description) with colours, codability and missing descriptions from a
    QDA program's code system; its other codes (parents, codes the codebook does not map) follow."""
    own = own.assign(path=own["path"].map(normalise))
    known = given.set_index("path")
    merged = own.assign(
        colour=own["path"].map(known["colour"]),
        description=own["description"].where(own["description"].notna(), own["path"].map(known["description"])),
        codable=[known.at[p, "codable"] if p in known.index else True for p in own["path"]])[SYSTEM_COLUMNS]
    rest = given[~given["path"].isin(own["path"])]
    parts = [p.astype(object) for p in (merged, rest) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else merged


def refuse_qdc_instead(declared: Path) -> None:
    """A delivery whose codebook.csv is missing but which holds a REFI-QDA codebook: say how to convert it."""
    qdc = Path(declared).with_suffix(".qdc")
    if qdc.is_file() and not Path(declared).is_file():
        raise DataError(qdc.name, "ist ein REFI-QDA-Codebuch: es nennt Codes, Farben und Beschreibungen, aber keine "
                        "Indikatoren, und kann coding/codebook.csv daher nicht ersetzen – mit „python -m evaluation "
                        f"qda import {qdc.as_posix()} --to-csv {Path(declared).as_posix()}“ eine Vorlage schreiben, "
                        "darin „Indikator“ (und „Ausprägung“) ergänzen")

"""The document register: what the analysis needs to know about each coded document.

A QDA export knows a document only by its name. Municipality, document date (which places every
segment before or after the reporting date) and document type (which decides how a quote is cited)
are kept by the evaluators in one row per document (coding/documents.csv) – unless the export carries
them as document variables, which then take precedence where filled.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from evaluation.intake import schemas
from evaluation.errors import DataError
from evaluation.intake.readers import plain, read_table
from evaluation.intake.validation import conform

FIELDS = ("municipality_id", "document_date", "document_type")


def read(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """A register file, validated (one row per document name)."""
    name = name or Path(path).name
    return conform(read_table(Path(path), name), schemas.DOCUMENTS, name)


def require_listed(exports: dict[str, pd.DataFrame], register: pd.DataFrame, register_file: str) -> None:
    """Every document of every export ({file: segments}) has a register row or a document date of its
    own; otherwise one message names them all, each with its file and first row."""
    listed = set(register["document"])
    missing = []
    for file, segments in exports.items():
        dated = segments["document_date"].notna() if "document_date" in segments else segments["document"].isna()
        lacking = segments.loc[~segments["document"].isin(listed) & ~dated, "document"].drop_duplicates()
        missing += [f"„{doc}“ ({Path(file).name}, Zeile {row})" for row, doc in lacking.items()]
    if missing:
        raise DataError(register_file, f"{len(missing)} Dokument(e) der Codierung fehlen im Dokumentregister – "
                        "je Dokument eine Zeile mit Dokumentname, Kommune, Dokumentdatum, Dokumenttyp ergänzen: "
                        + "; ".join(missing), column="Dokumentname")


def attach(segments: pd.DataFrame, register: pd.DataFrame, fields: tuple[str, ...] = FIELDS) -> pd.DataFrame:
    """`fields` of each segment from the export where filled, else from the register."""
    known = register.set_index("document")
    out = segments.copy()
    position = known.index.get_indexer(out["document"])  # each segment's register row, looked up once
    for field in fields:
        listed = (pd.Series(known[field].array.take(position, allow_fill=True), index=out.index) if field in known
                  else pd.Series(None, index=out.index))
        if field == "document_date":
            listed = pd.to_datetime(listed)
        if field in out and isinstance(out[field].dtype, pd.CategoricalDtype):
            out[field] = plain(out[[field]])[field]  # an export's text, filled from the register's
        out[field] = listed if field not in out else out[field].where(out[field].notna(), listed)
    return out

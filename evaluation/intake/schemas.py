"""Declared shape of every raw file: German column → English name, kind, rules.

Read each schema as a table: which columns a delivery must have, what they may hold.
The metadata `name` is the column's name in the processed dataset, `kind` how its
cells are parsed (see validation.py). `Belegstatus` and `Quelle` only record how the
reconstructed data were made: a partner's delivery need not have them.
"""
from __future__ import annotations

import pandera.pandas as pa

from evaluation.vocabulary import (ACTIVITY_KINDS, AGE_GROUPS, EVIDENCE, FAMILY_OFFER_KINDS, FORMATS,  # noqa: F401
                         LIFE_SITUATIONS, MODEL_AREA_KINDS, MUNICIPALITY_TYPES, PROFESSIONAL_OFFER_KINDS,
                         SATISFACTION)


def _column(name, kind, required=True, optional_column=False, allowed=None, unique=False,
            checks=()):
    checks = list(checks)
    if allowed is not None:
        checks.append(pa.Check.isin(allowed, error="nicht zulässiger Wert; erlaubt sind: "
                                    + ", ".join(f"„{a}“" for a in allowed)))
    return pa.Column(checks=checks, nullable=not required, required=not optional_column,
                     unique=unique, metadata={"name": name, "kind": kind})


def text(name, **kw):
    return _column(name, "text", **kw)


def verbatim(name, **kw):
    """Text kept byte for byte (no blanks collapsed), as quotes are."""
    return _column(name, "verbatim", **kw)


def date(name, **kw):
    return _column(name, "date", **kw)


def integer(name, **kw):
    return _column(name, "integer", **kw)


def decimal(name, **kw):
    return _column(name, "decimal", **kw)


def position(name, **kw):
    return _column(name, "position", **kw)


def not_before(end: str, start: str) -> pa.Check:
    """Wide check: `end` is empty or not earlier than `start` (message names `end`)."""
    return pa.Check(lambda df: df[end].isna() | df[start].isna() | (df[end] >= df[start]),
                    error=f"{end} liegt vor {start}")


MUNICIPALITIES = pa.DataFrameSchema({
    "Kennung": text("programme_key", unique=True),
    "Kommune": text("name", unique=True),
    "Typ": text("type", allowed=MUNICIPALITY_TYPES),
    "AGS": text("ags", required=False,
                checks=[pa.Check.str_matches(r"^\d{5}(\d{3})?$", error="AGS muss 5 oder 8 Ziffern haben")]),
    "Übergeordnet": text("parent", required=False),
    "Kohorte": integer("cohort", checks=[pa.Check.in_range(2016, 2022, error="Kohorte außerhalb 2016–2022")]),
    "Förderbeginn": date("funding_start"),
    "Förderende": date("funding_end"),
    "Ausgeschieden am": date("left_on", required=False, optional_column=True),
    "Pseudonym": text("pseudonym", required=False, optional_column=True),
    "Belegstatus": text("evidence", required=False, optional_column=True, allowed=EVIDENCE),
    "Quelle": text("source", required=False, optional_column=True),
}, checks=[not_before("Förderende", "Förderbeginn")], name="municipalities")

MODEL_AREAS = pa.DataFrameSchema({
    "Modellraum": text("model_area", unique=True),
    "Kommune": text("municipality"),
    "Art": text("kind", allowed=MODEL_AREA_KINDS),
    "Beginn": date("start"),
    "Ende": date("end"),
    "Entscheidung am": date("decided_on", required=False),
    "Belegstatus": text("evidence", required=False, optional_column=True, allowed=EVIDENCE),
}, checks=[not_before("Ende", "Beginn")], name="model_areas")

REGISTER = pa.DataFrameSchema({
    "AGS": text("ags", unique=True, checks=[pa.Check.str_matches(r"^\d{5}$", error="AGS muss 5 Ziffern haben")]),
    "type": text("type", allowed=["Kreisfreie Stadt", "Landkreis"]),
    "name": text("name"),
    "NUTS3": text("nuts3", required=False, optional_column=True),
}, name="register")

CODEBOOK = pa.DataFrameSchema({
    "Code": text("code", unique=True),
    "Indikator": text("indicator", checks=[pa.Check.str_matches(r"^[a-z][a-z0-9_]*$",
                                           error="Indikator-Kennung: nur a–z, 0–9 und _")]),
    "Ausprägung": text("value", required=False),
    "Bezeichnung": text("label"),
    "Definition": text("definition", required=False, optional_column=True),
}, name="codebook")

# A MAXQDA „Codierte Segmente“ export as MAXQDA writes it (English headers are renamed first, see
# qda/columns.py). Kommune, Dokumentdatum, Dokumenttyp are document variables the export may carry;
# where it does not, the document register (DOCUMENTS) supplies them.
CODED_SEGMENTS = pa.DataFrameSchema({
    "Dokumentgruppe": text("document_group", required=False, optional_column=True),
    "Dokumentname": text("document"),
    "Kommune": text("municipality", required=False, optional_column=True),
    "Dokumentdatum": date("document_date", required=False, optional_column=True),
    "Dokumenttyp": text("document_type", required=False, optional_column=True),
    "Code": text("code"),
    "Anfang": position("begin", checks=[pa.Check.ge(0, error="Anfang darf nicht negativ sein")]),
    "Ende": position("end"),
    "Segment": verbatim("text"),
    "Kommentar": text("comment", required=False, optional_column=True),
    "Bearbeitet von": text("coder", required=False, optional_column=True),
}, checks=[not_before("Ende", "Anfang")], name="coded_segments")

# The document register evaluators keep beside the exports: one row per coded document.
DOCUMENTS = pa.DataFrameSchema({
    "Dokumentname": text("document", unique=True),
    "Kommune": text("municipality", required=False),
    "Dokumentdatum": date("document_date"),
    "Dokumenttyp": text("document_type"),
}, name="documents")

OFFERS_FAMILIES = pa.DataFrameSchema({
    "Nr": integer("offer_no", unique=True),
    "Kommune": text("municipality"),
    "Angebot": text("title"),
    "Art": text("kind", allowed=FAMILY_OFFER_KINDS),
    "Lebenslagen": text("life_situations"),
    "Altersgruppe": text("age_group", allowed=AGE_GROUPS),
    "Gemeldet am": date("reported_on"),
    "Belegstatus": text("evidence", required=False, optional_column=True,
                        allowed=["im Bericht genannt", "rekonstruiert"]),
}, name="offers_families")

OFFERS_PROFESSIONALS = pa.DataFrameSchema({
    "Nr": integer("offer_no", unique=True),
    "Kommune": text("municipality"),
    "Angebot": text("title"),
    "Art": text("kind", allowed=PROFESSIONAL_OFFER_KINDS),
    "Zielgruppe": text("target_group", required=False),
    "Datum": date("date"),
}, name="offers_professionals")

ACTIVITIES = pa.DataFrameSchema({
    "Datum": date("date"),
    "Art": text("kind", allowed=ACTIVITY_KINDS),
    "Kommune": text("municipality", required=False),
    "Titel": text("title", required=False),
    "Format": text("format", required=False, allowed=FORMATS),
    "Dauer (Std.)": decimal("hours", required=False,
                            checks=[pa.Check.ge(0, error="Dauer darf nicht negativ sein")]),
}, name="activities")

SURVEY = pa.DataFrameSchema({
    "Fragebogen": text("questionnaire", unique=True),
    "Eingang": date("received_on"),
    "Zufriedenheit mit der Landeskoordinierungsstelle": text("satisfaction", allowed=SATISFACTION),
    "Freitext": text("free_text", required=False),
}, name="survey")

PERSONS = pa.DataFrameSchema({
    "Name": text("name", unique=True),
    "Rolle": text("role", required=False),
}, name="persons")

MANIFEST = pa.DataFrameSchema({
    "Datei": text("file", unique=True),
    "Datensätze": integer("records", checks=[pa.Check.ge(0, error="negative Zahl von Datensätzen – "
                                                         "Lieferverzeichnis beschädigt")]),
    "SHA-256": text("sha256", checks=[pa.Check.str_matches(r"^[0-9a-f]{64}$",
                                      error="keine SHA-256-Prüfsumme (64 Hex-Zeichen)")]),
}, name="manifest")

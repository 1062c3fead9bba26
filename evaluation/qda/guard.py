"""Pseudonymisation guard: no personal data in a figure, a report or an executed notebook.

Checked are the names of the persons register (data/raw/persons.csv: coordinators,
interviewees), e-mail addresses, phone numbers and street addresses. A hit stops with a
German message that names document and paragraph — never the personal data itself.
"""
from __future__ import annotations

import re

import pandas as pd

from evaluation.errors import EvaluationError

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+49|0)[\s/-]?\(?\d{2,5}\)?[\s/-]?\d{3,}([\s/-]?\d+)*(?!\d)")
STREET = re.compile(r"\b[A-ZÄÖÜ][\wäöüß-]*(straße|strasse|str\.|weg|platz|allee|ring|gasse|damm)\s+\d+[a-z]?\b",
                    re.IGNORECASE)


class PersonalDataError(EvaluationError):
    """Personal data found in segment text bound for an output."""


def findings(text: str, persons: list[str]) -> list[str]:
    """Kinds of personal data in `text` (German labels), empty when clean."""
    kinds = []
    lowered = text.casefold()
    if any(p and re.search(rf"\b{re.escape(p.casefold())}\b", lowered) for p in persons):
        kinds.append("Name aus dem Personenregister")
    if EMAIL.search(text):
        kinds.append("E-Mail-Adresse")
    if PHONE.search(text):
        kinds.append("Telefonnummer")
    if STREET.search(text):
        kinds.append("Straßenanschrift")
    return kinds


def check(segments: pd.DataFrame, persons: list[str]) -> None:
    """Raise PersonalDataError for the first segment carrying personal data."""
    for row in segments.itertuples(index=False):
        kinds = findings(str(row.text), persons)
        if kinds:
            raise PersonalDataError(
                f"Personenbezogene Daten ({', '.join(kinds)}) im Segment „{row.document}“, Absatz "
                f"{int(row.begin)}–{int(row.end)}: vor der Ausgabe pseudonymisieren (die Fundstelle wird "
                "hier bewusst nicht wiedergegeben).")

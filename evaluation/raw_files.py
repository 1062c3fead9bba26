"""The raw files of a delivery: where each lies, its schema, and how it is dated.

One row per file; `date` is the column that places a record in time (records after the
reporting date are cut), `municipality` the column whose spellings are harmonised.
"""
from __future__ import annotations

from dataclasses import dataclass



@dataclass(frozen=True)
class RawFile:
    key: str
    path: str
    schema_name: str
    label: str
    date: str | None = None
    municipality: str | None = None
    sheet: str | None = None

    @property
    def schema(self):
        """The pandera schema (imported on first use: loading a built dataset needs no pandera)."""
        from . import schemas
        return getattr(schemas, self.schema_name)


RAW_FILES = [
    RawFile("register", "reference/niedersachsen_kreise.csv", "REGISTER",
            "Amtliches Kreisverzeichnis Niedersachsen"),
    RawFile("municipalities", "municipalities.csv", "MUNICIPALITIES",
            "Programmkommunen", date="funding_start"),
    RawFile("model_areas", "model_areas.csv", "MODEL_AREAS",
            "Modellräume", date="start", municipality="municipality"),
    RawFile("codebook", "coding/codebook.csv", "CODEBOOK", "Codesystem"),
    RawFile("document_segments", "coding/document_analysis.xlsx", "CODED_SEGMENTS",
            "Dokumentenanalyse (codierte Segmente)", date="document_date",
            municipality="municipality", sheet="Codierte Segmente"),
    RawFile("interview_segments", "coding/interviews.xlsx", "CODED_SEGMENTS",
            "Interviews und Freitexte (codierte Segmente)", date="document_date",
            municipality="municipality", sheet="Codierte Segmente"),
    RawFile("offers_families", "offers_families.csv", "OFFERS_FAMILIES",
            "Angebote für Kinder und Familien (Anlage 7)", date="reported_on",
            municipality="municipality"),
    RawFile("offers_professionals", "offers_professionals.xlsx", "OFFERS_PROFESSIONALS",
            "Angebote für Fachkräfte (Anlage 8)", date="date", municipality="municipality",
            sheet="Angebote Fachkräfte"),
    RawFile("activities", "activities.csv", "ACTIVITIES",
            "Tätigkeitsnachweis der Landeskoordinierungsstelle", date="date",
            municipality="municipality"),
    RawFile("survey", "survey_coordinators_2021-03.csv", "SURVEY",
            "Koordinator*innen-Befragung März 2021", date="received_on"),
    RawFile("persons", "persons.csv", "PERSONS", "Personenregister (Pseudonymisierungsschutz)"),
]

MANIFEST_FILE = "MANIFEST.csv"
ALTERNATIVE_SUFFIXES = (".xlsx", ".csv")
QDA_SUFFIX = ".qdpx"


def locate(raw_dir, spec: RawFile) -> str:
    """The file's path relative to `raw_dir`: as declared, or the same name as .csv/.xlsx
    (QDA tools export coded segments either way) or, for coded segments, a REFI-QDA .qdpx."""
    from pathlib import Path
    declared = Path(spec.path)
    if (Path(raw_dir) / declared).is_file():
        return spec.path
    suffixes = ALTERNATIVE_SUFFIXES + ((QDA_SUFFIX,) if spec.schema_name == "CODED_SEGMENTS" else ())
    for suffix in suffixes:
        other = declared.with_suffix(suffix)
        if (Path(raw_dir) / other).is_file():
            return other.as_posix()
    return spec.path

"""A delivery of raw data: which files it has, where each lies, its schema, its checksum.

`RAW_FILES` declares one row per file; `date` is the column that places a record in time
(records after the reporting date are cut), `municipality` the column whose spellings are
harmonised (coded segments have both only where the export carries them as document variables;
otherwise the document register supplies them). A `Delivery` locates and hashes each file of one
raw folder once, however many steps (manifest, cleaning, provenance, the published-state guard)
ask for it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


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
        from evaluation.intake import schemas
        return getattr(schemas, self.schema_name)


RAW_FILES = [
    RawFile("register", "reference/niedersachsen_kreise.csv", "REGISTER",
            "Amtliches Kreisverzeichnis Niedersachsen"),
    RawFile("municipalities", "municipalities.csv", "MUNICIPALITIES",
            "Programmkommunen", date="funding_start"),
    # A model area belongs to the programme from its decision (deepening phases, 3.2.3: decided 24.11.2020),
    # else from its start: clean.py derives `in_programme_from`.
    RawFile("model_areas", "model_areas.csv", "MODEL_AREAS",
            "Modellräume", date="in_programme_from", municipality="municipality"),
    RawFile("codebook", "coding/codebook.csv", "CODEBOOK", "Codesystem"),
    RawFile("documents", "coding/documents.csv", "DOCUMENTS",
            "Dokumentregister (Kommune, Datum und Typ je codiertem Dokument)", municipality="municipality"),
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


def sha256(path: Path) -> str:
    """Read in blocks: at 1000 × the reconstruction the activity log alone is 430 MB, which every notebook's
    ev.load would otherwise hold at once to check the dataset against the raw data."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


class Delivery:
    """One raw folder: each declared file located once and hashed once, on first request."""

    def __init__(self, raw_dir: str | Path):
        self.raw_dir = Path(raw_dir).resolve()
        self._located: dict[str, str] = {}
        self._hashes: dict[str, str] = {}

    @classmethod
    def of(cls, raw: "str | Path | Delivery") -> "Delivery":
        return raw if isinstance(raw, Delivery) else cls(raw)

    def relative(self, spec: RawFile) -> str:
        """The file's path relative to the raw folder (as declared or an accepted alternative)."""
        if spec.key not in self._located:
            self._located[spec.key] = _locate(self.raw_dir, spec)
        return self._located[spec.key]

    def path(self, spec: RawFile) -> Path:
        return self.raw_dir / self.relative(spec)

    def sha256(self, relative: str) -> str:
        if relative not in self._hashes:
            self._hashes[relative] = sha256(self.raw_dir / relative)
        return self._hashes[relative]

    def _found(self) -> list[str]:
        """Every raw file the pipeline reads that is there (missing files are left out)."""
        return [self.relative(spec) for spec in RAW_FILES if self.path(spec).is_file()]

    def fingerprint(self) -> dict[str, str]:
        """SHA-256 of every raw file the pipeline reads."""
        return {rel: self.sha256(rel) for rel in self._found()}

    def stats(self) -> dict[str, list[int]]:
        """Size and modification time (ns) of every raw file the pipeline reads: the quick test whether a
        dataset was built from these very files (as make and rsync test), before anything is hashed."""
        return {rel: [(st := (self.raw_dir / rel).stat()).st_size, st.st_mtime_ns] for rel in self._found()}

    def __repr__(self) -> str:
        return f"Delivery({str(self.raw_dir)!r})"


def _locate(raw_dir: Path, spec: RawFile) -> str:
    """As declared, or the same name as .csv/.xlsx (QDA tools export coded segments either way)
    or, for coded segments, a REFI-QDA .qdpx."""
    declared = Path(spec.path)
    if (raw_dir / declared).is_file():
        return spec.path
    suffixes = ALTERNATIVE_SUFFIXES + ((QDA_SUFFIX,) if spec.schema_name == "CODED_SEGMENTS" else ())
    for suffix in suffixes:
        other = declared.with_suffix(suffix)
        if (raw_dir / other).is_file():
            return other.as_posix()
    return spec.path

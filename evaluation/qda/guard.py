"""Pseudonymisation guard: no personal data in a figure, a report, an executed notebook or a QDA export.

Checked are the names of the persons register (data/raw/persons.csv: coordinators, interviewees) in the
forms German texts use – „Erika Mustermann“, „Mustermann, Erika“, „Frau/Herrn/Dr./Prof. Mustermann“,
„E. Mustermann“, „Mustermann, E.“, any case, with genitive/dative endings („Mustermanns“) – plus e-mail
addresses, also written to dodge filters („name (at) domain (dot) org“, „name [at] domain.org“), phone
numbers with blanks, dashes, slashes, brackets or +49, and street addresses.

Every text column of the delivery is screened (`screen`), not only quoted segments: a document name, a
comment, a survey free text or an activity title reaches the processed data, the executed notebooks and
the QDA export just as well. A hit refuses the delivery with a German message naming file, row, column
and the form found – never the personal data itself, which would otherwise end up in logs and CI output.
Masking is not offered: a quote with a blanked name is still a quote of an identifiable person, and a
silent mask hides that the source was not pseudonymised. Coder names („Bearbeitet von“) are the one
exception – no output needs them in clear, so `pseudonymise_coders` replaces them by „Codierende*r 1“ ….
The register itself is an input only: it is read from the raw delivery and never written anywhere.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from evaluation.errors import EvaluationError

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|ät|@)\s*[)\]}>]\s*|\s+(?:at|ät)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:dot|punkt|\.)\s*[)\]}>]\s*|\s+(?:dot|punkt)\s+)"
EMAIL = re.compile(rf"[\w.+-]*\w{_AT}\w[\w-]*(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,}}(?!\w)", re.IGNORECASE)
PHONE = re.compile(r"""(?<![\w+])
    (?: (?:\+|00)\s*49\s*(?:\(\s*0\s*\)\s*)?[1-9]\d{1,4}       # +49 (0)511, 0049 511
      | \(\s*0\d{2,5}\s*\)                                      # (0511)
      | 0[1-9]\d{1,4} )                                         # 0511
    (?:\s*[-/–]\s*|\s+)?
    \d(?:[ \-/–]?\d){3,}                                        # 12 34 56, 123456, 12-34-56
    (?![\d,.]\d)""", re.VERBOSE)
PHONE_LABELLED = re.compile(r"\b(?:Tel|Telefon|Fon|Fax|Mobil|Handy)\b\.?\s*(?:-?Nr\.?)?\s*:?\s*\+?\(?\d[\d\s()/.\-–]{4,}\d",
                            re.IGNORECASE)
STREET = re.compile(r"\b[A-ZÄÖÜ][\wäöüß-]*(straße|strasse|str\.|weg|platz|allee|ring|gasse|damm)\s+\d+[a-z]?\b",
                    re.IGNORECASE)
SALUTATION = (r"(?:Frau|Frauen|Herrn?|Fr\.|Hr\.|Hrn\.|Dr\.|Prof\.|Professor(?:in)?|Doktor|Dipl\.-?\w*\.?|Kollegin|"
              r"Kollegen?|Koordinator(?:in)?)")
PARTICLES = {"von", "vom", "van", "de", "der", "den", "zu", "zum", "zur", "ten", "ter", "di", "da", "del", "le"}
ENDING = r"(?:s|es|n|en|ns|')?"  # Mustermanns Bericht, Herrn Lange(n), Mustermann' (after -s)
# Anything a form of CONTACTS needs, or a character NFKC or the removal of invisible characters changes: a
# value without any of these cannot hold a contact (RE2 syntax, case-insensitive).
_PREFILTER = (r"@|\s(at|ät)\s|[(\[{<]\s*(at|ät|dot|punkt|\.)\s*[)\]}>]|\+\s*49|00\s*49|\b0\d\d|\(\s*0|"
              r"\b(tel|telefon|fon|fax|mobil|handy)\b|(straße|strasse|str\.|weg|platz|allee|ring|gasse|damm)\s+\d|"
              r"[\x{00ad}\x{200b}-\x{200d}\x{2060}\x{feff}\x{fb00}-\x{fb4f}\x{ff00}-\x{ffef}\x{00a0}]")
FILE_NUMBER = re.compile(r"0\d{1,5}\s*/\s*(19|20)\d\d")  # „Vorlage 0815/2019“: a council paper, not a phone
CONTACTS = (("E-Mail-Adresse", EMAIL), ("Telefonnummer", PHONE), ("Telefonnummer", PHONE_LABELLED),
            ("Straßenanschrift", STREET))


class PersonalDataError(EvaluationError):
    """Personal data found in a text bound for an output."""


def normalise(text: str) -> str:
    """Compatibility forms (full-width letters, ligatures) unified and invisible characters removed, so
    that „Erika\u00adMustermann“ or full-width letters do not slip past."""
    return unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE)


def _words(name: str) -> str:
    return r"[\s\-]+".join(re.escape(w) for w in name.split())


class Register:
    """The name forms of each registered person as (form, pattern) pairs – built per run, never cached."""

    def __init__(self, names):
        self.patterns: list[tuple[str, re.Pattern]] = []
        self.words: list[str] = []  # each name's surname, for the coarse test
        for name in (normalise(n).strip() for n in names if isinstance(n, str)):
            parts = name.split()
            if parts:
                self.words.append(re.escape(parts[-1]))
            if len(parts) < 2:
                if parts:
                    self._add("Name", rf"{_words(name)}{ENDING}")
                continue
            # „Anna von der Heide“: the surname starts at its particle and is also written without it
            cut = next((i for i in range(1, len(parts) - 1) if parts[i].casefold() in PARTICLES), len(parts) - 1)
            given, surname, first = " ".join(parts[:cut]), " ".join(parts[cut:]), parts[0]
            core = " ".join(p for p in parts[cut:] if p.casefold() not in PARTICLES)
            bare = f"(?:{_words(surname)}|{_words(core)})"
            sur, giv, ini = bare + ENDING, f"(?:{_words(given)}|{re.escape(first)})", re.escape(first[0])
            self._add("Vorname Nachname", rf"{giv}\s+{sur}")
            self._add("Nachname, Vorname", rf"{bare}\s*,\s*{giv}")
            self._add("Initiale Nachname", rf"{ini}\.(?:\s*-?\s*[A-ZÄÖÜ]\.)*\s*{sur}")
            self._add("Nachname, Initiale", rf"{bare}\s*,\s*{ini}\.")
            self._add("Anrede/Titel + Nachname", rf"{SALUTATION}(?:\s*{SALUTATION})*\s*{sur}")

    def _add(self, form: str, pattern: str) -> None:
        self.patterns.append((form, re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE)))

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def candidates(self, values: pd.Series) -> pd.Series:
        """Which of `values` might hold personal data – a coarse test in Arrow (RE2, one pass in C++) that
        the exact forms then decide on: at 1000 × the data, texts number in the hundreds of thousands."""
        import pyarrow as pa
        import pyarrow.compute as pc
        array = pa.array(values.astype(object).tolist(), type=pa.string())
        hit = pc.match_substring_regex(array, _PREFILTER, ignore_case=True)
        if self.words:
            hit = pc.or_(hit, pc.match_substring_regex(array, "|".join(self.words), ignore_case=True))
        return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index)


def register_of(persons) -> Register:
    """A Register from a list of names, a persons table or an existing Register."""
    if isinstance(persons, Register):
        return persons
    if isinstance(persons, pd.DataFrame):
        persons = persons["name"].tolist()
    return Register(persons or [])


def read_register(raw_dir: str | Path) -> Register:
    """The register of the raw delivery (persons.csv, validated as the run validates it)."""
    from evaluation.intake.delivery import RAW_FILES, Delivery
    from evaluation.intake.readers import read_table
    from evaluation.intake.validation import conform
    delivery = Delivery.of(Path(raw_dir))
    spec = next(s for s in RAW_FILES if s.key == "persons")
    frame = conform(read_table(delivery.path(spec), delivery.relative(spec), spec.sheet), spec.schema,
                    delivery.relative(spec))
    return Register(frame["name"].tolist())


def findings(text: str, persons) -> list[str]:
    """The forms of personal data in `text` (German labels), empty when clean."""
    text = normalise(text)
    kinds = [f"Name aus dem Personenregister in der Form „{form}“"
             for form, pattern in register_of(persons).patterns if pattern.search(text)]
    kinds += [kind for kind, pattern in CONTACTS
              if any(not (pattern is PHONE and FILE_NUMBER.fullmatch(m.group())) for m in pattern.finditer(text))]
    return list(dict.fromkeys(kinds))


def _message(where: str, kinds: list[str]) -> str:
    return (f"Personenbezogene Daten ({', '.join(kinds)}) in {where}: vor der Ausgabe pseudonymisieren "
            "(die Fundstelle wird hier bewusst nicht wiedergegeben).")


def check(segments: pd.DataFrame, persons) -> None:
    """Raise PersonalDataError for the first segment whose text, document name or comment carries personal data
    (the document is named only when its name is clean)."""
    register = register_of(persons)
    columns = [c for c in ("document", "text", "comment") if c in segments.columns]
    for n, row in enumerate(segments.itertuples(index=False), start=1):
        for column in columns:
            value = getattr(row, column)
            kinds = findings(value, register) if isinstance(value, str) else []
            if not kinds:
                continue
            label = {"document": "Dokumentname", "text": "Segmenttext", "comment": "Kommentar"}[column]
            where = (f"{label} des {n}. Segments" if column == "document" else
                     f"{label} des Segments „{row.document}“, Absatz {int(row.begin)}–{int(row.end)}"
                     if {"begin", "end"} <= set(segments.columns) else f"{label} des {n}. Segments")
            raise PersonalDataError(_message(where, kinds))


def screen(frame: pd.DataFrame, register: Register, file: str, columns: dict[str, str] | None = None,
           row_label: str = "Zeile") -> None:
    """Raise PersonalDataError for the first cell of a text column of `frame` carrying personal data; the
    message names `file`, the row (the frame's index: the row of the file) and the column (its German header
    from `columns`, internal name → header) and the form found."""
    columns = columns or {}
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        values = values.dropna().drop_duplicates()
        values = values[[isinstance(v, str) for v in values]]
        if values.empty:
            continue
        for row, value in values[register.candidates(values)].items():
            kinds = findings(value, register)
            if kinds:
                raise PersonalDataError(_message(f"{file}, {row_label} {row}, Spalte „{columns.get(column, column)}“",
                                                 kinds))


def pseudonymise_coders(tables: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Coder names („Bearbeitet von“) → „Codierende*r 1“, „Codierende*r 2“ … in the order of first
    appearance, one numbering across all `tables`: intercoder agreement needs only who is who."""
    numbers: dict[str, str] = {}
    out = []
    for frame in tables:
        if "coder" not in frame.columns:
            out.append(frame)
            continue
        for coder in frame["coder"].dropna():
            numbers.setdefault(coder, f"Codierende*r {len(numbers) + 1}")
        out.append(frame.assign(coder=frame["coder"].map(numbers).astype(object)))
    return out

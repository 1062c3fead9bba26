"""REFI-QDA import: a project (.qdpx, or a bare .qde) → the tidy coded-segments table, one row
per selection-coding pair, and an account (`info`) of everything read and everything not
imported (PDF regions, pictures, audio/video, whole-source codings), so nothing goes silently.

Positions: tools count differently. NVivo counts UTF-16 code units (an emoji counts two), as
.NET strings do; ATLAS.ti counts a CRLF as one character (QualCoder's REFI importer corrects for
exactly this); QualCoder and qc index Python strings, i.e. characters, and so, as reported, does
MAXQDA. The counting is taken from the
project's `origin` where known, and checked against the texts: every selection must lie inside
its text and must not split an emoji or a CRLF. Where the origin leaves the choice open, the
counting whose selections start and end at word boundaries wins; where that does not decide,
a warning names the selections.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
from lxml import etree

from evaluation.intake.codebook import normalise
from evaluation.errors import DataError
from evaluation.intake.readers import decode
from evaluation.qda import sniff
from evaluation.qda.refi_format import (DOCUMENT_DATE, DOCUMENT_NAME, MUNICIPALITY, NOTE_COLUMNS, ORIGIN, Q, SOURCE_KINDS, colour,
                   key, normalise_text, parse, span, table, validate_project_xml)

ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
SELECTION_KINDS = {"PDFSelection": "pdf", "PictureSelection": "picture", "AudioSelection": "audio",
                   "VideoSelection": "video", "TranscriptSelection": "transcript"}
VALUE_TAGS = [Q + t for t in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
                              "DateTimeValue")]
SHOWN = 8  # selections named in one warning
CASE_CODING_COLUMNS = ["case", "document", "selection", "begin", "end", "text", "coder"]


# ---------------------------------------------------------------- position counting

@dataclass(frozen=True)
class Counting:
    """How a tool counts positions: UTF-16 code units or characters; a CRLF as two or one."""
    utf16: bool
    crlf: bool

    def __str__(self) -> str:
        return self.describe(crlf_seen=True)

    def describe(self, crlf_seen: bool) -> str:
        unit = "UTF-16-Codeeinheiten" if self.utf16 else "Unicode-Zeichen"
        return f"{unit}, CRLF als {'zwei Zeichen' if self.crlf else 'ein Zeichen'}" if crlf_seen else unit


# default preference first: characters of the stored text, as the standard's plain text files read
COUNTINGS = (Counting(False, True), Counting(True, True), Counting(False, False), Counting(True, False))
# origin → (utf16, crlf); None: not known for that tool, decided from the texts
ORIGINS = ((re.compile(r"nvivo", re.I), True, True),
           (re.compile(r"atlas\.?\s*ti", re.I), False, False),
           (re.compile(r"maxqda", re.I), False, None),
           (re.compile(r"qualcoder", re.I), False, None),
           (re.compile(r"^\s*qc\b", re.I), False, False),
           (re.compile(re.escape(ORIGIN)), False, None))


class _Text:
    """A source text as stored and normalised, with the characters some tools count twice."""

    def __init__(self, raw: str):
        raw = raw.removeprefix("\ufeff")
        self.text = normalise_text(raw)
        self.astral = [m.start() for m in ASTRAL.finditer(self.text)]
        self.crlf, shift = [], 0
        for match in re.finditer(r"\r\n|\r|\n", raw):
            if match.group() == "\r\n":
                self.crlf.append(match.start() - shift)  # index of its LF in the normalised text
                shift += 1
        self._wide: dict[Counting, tuple[list[int], list[int]]] = {}

    def wide(self, counting: Counting) -> tuple[list[int], list[int]]:
        """Normalised indices of characters counted twice, and the positions right after each."""
        if counting not in self._wide:
            wide = sorted((self.astral if counting.utf16 else []) + (self.crlf if counting.crlf else []))
            self._wide[counting] = wide, [w + j + 2 for j, w in enumerate(wide)]
        return self._wide[counting]

    def length(self, counting: Counting) -> int:
        return len(self.text) + len(self.wide(counting)[0])

    def position(self, counting: Counting, p: int) -> int | None:
        """The normalised position of a tool position; None inside an emoji or a CRLF."""
        wide, after = self.wide(counting)
        k = bisect_right(after, p)
        if k < len(wide) and wide[k] + k + 1 == p:
            return None
        return p - k

    def span(self, counting: Counting, start: int, end: int) -> tuple[int, int] | None:
        if not 0 <= start <= end <= self.length(counting):
            return None
        s, e = self.position(counting, start), self.position(counting, end)
        return None if s is None or e is None else (s, e)


def _word_edges(text: str, start: int, end: int) -> int:
    """How many of the two boundaries do not cut through a word."""
    def cuts(i: int) -> bool:
        return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()
    return (not cuts(start)) + (not cuts(end))


@dataclass
class _Selection:
    guid: str
    source: str
    document: str
    text: _Text
    start: int
    end: int
    codings: list = field(default_factory=list)   # (code path, coder)
    description: str | None = None
    cases: list = field(default_factory=list)     # (case name, coder): NVivo codes cases like codes

    def label(self, place: tuple[int, int] | None = None) -> str:
        where = f", Absatz {span(self.text.text, *place)[0]}" if place else ""
        return f"„{self.document}“ Auswahl {self.guid}{where}"


def _listing(selections: list[_Selection], places: list) -> str:
    shown = [s.label(p) for s, p in zip(selections[:SHOWN], places[:SHOWN])]
    rest = len(selections) - SHOWN
    return "; ".join(shown) + (f" und {rest} weitere" if rest > 0 else "")


def _origin_rule(origin: str | None) -> tuple[bool | None, bool | None]:
    for pattern, utf16, crlf in ORIGINS:
        if origin and pattern.search(origin):
            return utf16, crlf
    return None, None


def _positions(selections: list[_Selection], origin: str | None, name: str):
    """Normalised (start, end) per selection, the counting used, how it was chosen, warnings."""
    utf16, crlf = _origin_rule(origin)
    candidates = [c for c in COUNTINGS if utf16 in (None, c.utf16) and crlf in (None, c.crlf)]
    spans = {c: [s.text.span(c, s.start, s.end) for s in selections] for c in COUNTINGS}
    for i, selection in enumerate(selections):
        if all(spans[c][i] is None for c in COUNTINGS):
            raise DataError(name, f"Auswahl {selection.guid} in Quelle „{selection.document}“: Positionen "
                            f"{selection.start}–{selection.end} liegen außerhalb des Textes (Länge "
                            f"{len(selection.text.text)} Zeichen) oder der Anfang liegt hinter dem Ende")
    told = f"laut Herkunft „{origin}“" if origin else "ohne Angabe der Herkunft"
    complete = [c for c in candidates if all(x is not None for x in spans[c])]
    if not complete:
        return _misfits(selections, spans, candidates, told)
    if len(candidates) == 1:
        return spans[candidates[0]], candidates[0], told, _second_opinion(selections, spans, candidates[0], told)
    differing = [i for i in range(len(selections)) if len({spans[c][i] for c in complete}) > 1]
    if not differing:
        return spans[complete[0]], complete[0], "eindeutig: jede mögliche Zählweise ergibt dieselben Textstellen", []
    return _by_word_edges(selections, spans, complete, differing, told)


def _misfits(selections, spans, candidates, told):
    """No counting the origin allows fits every selection: the best one, the others where it fails."""
    chosen = max(candidates, key=lambda c: sum(x is not None for x in spans[c]))
    misfits = [i for i, x in enumerate(spans[chosen]) if x is None]
    result = list(spans[chosen])
    for i in misfits:
        result[i] = next(spans[c][i] for c in COUNTINGS if spans[c][i] is not None)
    warning = (f"{len(misfits)} von {len(selections)} Auswahlen passen nicht zur Zählweise {chosen} ({told}): sie "
               "lägen außerhalb des Textes oder zerschnitten ein Emoji oder einen Zeilenumbruch; übernommen mit "
               "einer anderen Zählweise, bitte prüfen: "
               + _listing([selections[i] for i in misfits], [result[i] for i in misfits]))
    return result, chosen, "nicht eindeutig – siehe Warnung", [warning]


def _second_opinion(selections, spans, chosen, told) -> list[str]:
    """The origin decided; a warning if another counting would put the boundaries at words more often."""
    rivals = [c for c in COUNTINGS if c != chosen and all(x is not None for x in spans[c])]
    against = [i for i in range(len(selections)) if any(spans[c][i] != spans[chosen][i] for c in rivals)]
    mine = _score(selections, spans[chosen], against)
    better = [c for c in rivals if _score(selections, spans[c], against) > mine]
    if not better:
        return []
    return [f"Positionen als {chosen} gelesen ({told}), aber als {better[0]} lägen die Grenzen von "
            f"{len(against)} Auswahlen öfter an Wortgrenzen – bitte prüfen: "
            + _listing([selections[i] for i in against], [spans[chosen][i] for i in against])]


def _by_word_edges(selections, spans, complete, differing, told):
    """Countings differ for some selections: the one whose boundaries cut fewest words; a warning
    naming the selections where that leaves a tie with different excerpts."""
    scores = {c: _score(selections, spans[c], differing) for c in complete}
    winners = [c for c in complete if scores[c] == max(scores.values())]
    chosen = winners[0]
    undecided = [i for i in differing if len({spans[c][i] for c in winners}) > 1]
    if not undecided:
        return spans[chosen], chosen, "aus dem Text bestimmt: Auswahlgrenzen an Wortgrenzen", []
    warning = (f"Zählweise der Positionen nicht entscheidbar ({told}): {len(undecided)} Auswahlen ergeben als "
               f"{' oder '.join(map(str, winners))} verschiedene Textstellen; übernommen als {chosen}, bitte "
               "prüfen: " + _listing([selections[i] for i in undecided], [spans[chosen][i] for i in undecided]))
    return spans[chosen], chosen, "nicht eindeutig – siehe Warnung", [warning]


def _score(selections: list[_Selection], spans: list, indices: list[int]) -> int:
    return sum(_word_edges(selections[i].text.text, *spans[i]) for i in indices)


# ---------------------------------------------------------------- files

class _Files:
    """Source files: archive members (any case) or, for a bare .qde, the folder beside it."""

    def __init__(self, members: dict[str, bytes] | None = None, folder: Path | None = None):
        self.members, self.folder = members or {}, folder

    def read(self, location: str) -> tuple[bytes | None, str]:
        """The file a plainTextPath names, or None and why it is missing."""
        scheme, _, rest = location.partition("://") if "://" in location else ("", "", location)
        scheme = scheme.lower()
        if scheme in ("relative", "absolute"):
            return None, f"liegt außerhalb des Projekts ({scheme}://)"
        if scheme not in ("", "internal"):
            return None, f"unbekannte Pfadangabe {scheme}://"
        relative = rest.replace("\\", "/").lstrip("/").removeprefix("./")
        for candidate in dict.fromkeys((relative, unquote(relative))):
            for member in (f"sources/{candidate}", candidate):
                data = self._get(member)
                if data is not None:
                    return data, ""
        return None, "fehlt im Projekt"

    def _get(self, member: str) -> bytes | None:
        if self.folder is None:
            return self.members.get(member.lower())
        root = self.folder.resolve()
        for variant in (member, re.sub(r"^sources/", "Sources/", member)):
            path = (root / variant).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path.read_bytes()
        return None


def _unzip(path: Path, name: str) -> tuple[bytes, _Files]:
    """Project XML and the other members (names lower-cased: tools differ in case)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir()]
            projects = [n for n in names if n.lower().endswith(".qde")]
            top = [n for n in projects if "/" not in n.strip("/")] or projects
            if not top:
                content = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
                raise DataError(name, f"keine Projektdatei (*.qde) im Archiv (enthält: {content or 'nichts'})")
            if len(top) > 1:
                raise DataError(name, f"mehrere Projektdateien (*.qde) im Archiv: {', '.join(sorted(top))}")
            members = {n.lower(): archive.read(n) for n in names if n != top[0]}
            return archive.read(top[0]), _Files(members)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise DataError(name, f"kein lesbares ZIP-Archiv, wie es eine .qdpx-Datei sein muss ({error}) – "
                        "Datei neu aus der QDA-Software exportieren") from None


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM, as some Windows tools write
        return data.decode("utf-16")
    return decode(data, name)


# ---------------------------------------------------------------- project parts

def _text(element, tag: str) -> str | None:
    value = (element.findtext(Q + tag) or "").strip()
    return value or None


def _date(value: str, name: str, document: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(pd.to_datetime(value, dayfirst="." in value))
    except (ValueError, TypeError):
        raise DataError(name, f"Dokumentdatum der Quelle „{document}“ ist kein Datum",
                        column=DOCUMENT_DATE, value=value) from None
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize()  # the day, as exported


class _Project:
    """The parts of a project XML, read once: codebook, users, variables, cases, sets, notes."""

    def __init__(self, root, name: str, files: _Files):
        self.root, self.name, self.files = root, name, files
        self.origin, self.warnings = root.get("origin"), []
        self.users = {key(u.get("guid")): u.get("name") or u.get("guid") for u in root.iterfind(f"{Q}Users/{Q}User")}
        self.case_guids = {key(c.get("guid")) for c in root.iterfind(f"{Q}Cases/{Q}Case")}
        self.codes, self.codebook = self._codebook()
        self.variables = {key(v.get("guid")): v for v in root.iterfind(f"{Q}Variables/{Q}Variable")}
        self.sources = [s for s in root.iterfind(f"{Q}Sources/*")
                        if isinstance(s.tag, str) and etree.QName(s).localname in SOURCE_KINDS]
        self.names = self._source_names()
        self.case_names = {key(c.get("guid")): c.get("name") or "(ohne Namen)"
                           for c in root.iterfind(f"{Q}Cases/{Q}Case")}
        self.coded_cases = self._coded_cases()
        self.coder_from = {"selection": 0, "coding": 0}
        self.coder_first = self._coder_rule()

    def _coded_cases(self) -> dict[str, list[str]]:
        """Source GUID → the cases its codings point at (NVivo assigns sources and passages to cases
        by coding them with the case, which it repeats as a code)."""
        found: dict[str, list[str]] = {}
        for source in self.sources:
            for ref in source.iterfind(f".//{Q}Coding/{Q}CodeRef"):
                target = key(ref.get("targetGUID"))
                if target in self.case_guids and target not in found.setdefault(key(source.get("guid")), []):
                    found[key(source.get("guid"))].append(target)
        return {k: v for k, v in found.items() if v}

    def _coder_rule(self) -> str:
        """Which element names the coder first. NVivo writes the project's creator on every Coding and the
        coder on the selection; ATLAS.ti, MAXQDA and this project's export write the coder on the Coding
        (a selection several coders coded names only one of them). So: the selection for NVivo, and
        wherever the codings name at most one user while the selections name several; else the coding."""
        tags = [Q + t for t in ("PlainTextSelection", *SELECTION_KINDS)]
        on_codings = {key(c.get("creatingUser")) for c in self.root.iter(Q + "Coding") if c.get("creatingUser")}
        on_selections = {key(s.get("creatingUser")) for s in self.root.iter(*tags) if s.get("creatingUser")}
        nvivo = bool(self.origin and re.search(r"nvivo", self.origin, re.I))
        return "selection" if nvivo or (len(on_codings) <= 1 < len(on_selections)) else "coding"

    def coder(self, selection, coding) -> str:
        """The coder as `_coder_rule` decides, else from the other element; counted, so the summary can
        say which one named the coders."""
        first, other = ((selection, coding), "coding") if self.coder_first == "selection" else \
            ((coding, selection), "selection")
        user = first[0].get("creatingUser")
        self.coder_from[self.coder_first if user else other] += 1
        user = user or first[1].get("creatingUser")
        return self.users.get(key(user), user or "")

    def _codebook(self) -> tuple[dict[str, str], pd.DataFrame]:
        """GUID → path, and path, colour, description, codable per code. Nesting and ATLAS.ti's
        `Parent::Child` names both make levels; NVivo repeats its cases as codes – those are cases."""
        paths, rows = {}, []

        def walk(element, parent: str) -> None:
            for code in element.findall(Q + "Code"):
                path = "\\".join(p for p in (parent, normalise(code.get("name", ""))) if p)
                if key(code.get("guid")) not in self.case_guids:
                    paths[key(code.get("guid"))] = path
                    rows.append({"path": path, "colour": self._colour(code.get("color"), path),
                                 "description": _text(code, "Description"),
                                 "codable": code.get("isCodable", "true").strip().lower() not in ("false", "0")})
                walk(code, path)

        for codes in self.root.iterfind(f"{Q}CodeBook/{Q}Codes"):
            walk(codes, "")
        frame = pd.DataFrame(rows, columns=["path", "colour", "description", "codable"])
        return paths, frame.drop_duplicates("path").reset_index(drop=True)

    def _colour(self, value: str | None, path: str) -> str | None:
        try:
            return colour(value, self.name, path)
        except DataError:
            self.warnings.append(f"Farbe „{value}“ von Code „{path}“ ist keine Farbe der Form #RRGGBB – "
                                 "ohne Farbe übernommen.")
            return None

    def _source_names(self) -> dict[str, str]:
        """GUID → document name; a name used twice gets „(2)“, so two sources do not merge. Own
        exports keep a name that had to be made safe in the variable „Dokumentname“."""
        names, seen = {}, {}
        for source in self.sources:
            location = source.get("plainTextPath") or source.get("path") or ""
            original = self.values(source).get(DOCUMENT_NAME) if self.origin == ORIGIN else None
            base = original or source.get("name") or location.split("://")[-1].lstrip("/") or source.get("guid")
            seen[base] = seen.get(base, 0) + 1
            names[key(source.get("guid"))] = base if seen[base] == 1 else f"{base} ({seen[base]})"
        return names

    def values(self, element) -> dict[str, str]:
        """Variable name → value text of an element's VariableValues."""
        values = {}
        for value in element.findall(Q + "VariableValue"):
            ref = value.find(Q + "VariableRef")
            variable = self.variables.get(key(ref.get("targetGUID") if ref is not None else None))
            content = next((child.text for child in value if child.tag in VALUE_TAGS), None)
            if variable is not None and (content or "").strip():
                values[variable.get("name", "")] = content.strip()
        return values

    def attributes(self) -> dict[str, dict]:
        """Per source GUID: document group (first Set naming it), municipality and date."""
        cases = {}
        for case in self.root.iterfind(f"{Q}Cases/{Q}Case"):
            for ref in case.findall(Q + "SourceRef"):
                cases.setdefault(key(ref.get("targetGUID")), (case.get("name"), self.values(case)))
        by_guid = {key(c.get("guid")): c for c in self.root.iterfind(f"{Q}Cases/{Q}Case")}
        for source, coded in self.coded_cases.items():
            case = by_guid[coded[0]]
            cases.setdefault(source, (case.get("name"), self.values(case)))
        groups = {}
        for member in self.root.iterfind(f"{Q}Sets/{Q}Set/{Q}MemberSource"):
            groups.setdefault(key(member.get("targetGUID")), member.getparent().get("name"))
        result = {}
        for source in self.sources:
            guid = key(source.get("guid"))
            case_name, case_values = cases.get(guid, (None, {}))
            values = {k.casefold(): v for k, v in {**case_values, **self.values(source)}.items()}
            date = values.get(DOCUMENT_DATE.casefold())
            result[guid] = {"document_group": groups.get(guid),
                            "municipality": values.get(MUNICIPALITY.casefold()) or case_name or None,
                            "document_date": _date(date, self.name, self.names[guid]) if date else pd.NaT}
        return result

    def source_text(self, holder) -> tuple[_Text | None, str]:
        content = holder.find(Q + "PlainTextContent")
        if content is not None:
            return _Text(content.text or ""), ""
        location = holder.get("plainTextPath")
        if not location:
            return None, "ohne Text (weder PlainTextContent noch plainTextPath)"
        data, why = self.files.read(location)
        return (_Text(_decode(data, f"{self.name}/{location}")), "") if data is not None else (None, why)

    # -------------------------------------------------------- what the table does not hold

    def describe(self, element) -> tuple[str, str | None]:
        """What a NoteRef, Link or set member points at, in evaluators' words."""
        tag = etree.QName(element).localname
        if tag == "Project":
            return "Projekt", None
        if tag == "Code":
            return "Code", self.codes.get(key(element.get("guid")), element.get("name"))
        if tag in SOURCE_KINDS:
            return "Dokument", self.names.get(key(element.get("guid")))
        if tag in ("PlainTextSelection", *SELECTION_KINDS):
            owner = next((a for a in element.iterancestors() if etree.QName(a).localname in SOURCE_KINDS), None)
            document = self.names.get(key(owner.get("guid"))) if owner is not None else None
            where = f"{document}: {element.get('guid')}" if document else element.get("guid")
            return "Textstelle" if tag == "PlainTextSelection" else "Auswahl", where
        if tag in ("Coding", "Representation", "Transcript"):
            return self.describe(element.getparent())
        labels = {"Case": "Fall", "Set": "Set", "Note": "Notiz", "Link": "Verknüpfung"}
        return labels.get(tag, tag), element.get("name") or element.get("guid")

    def notes(self) -> pd.DataFrame:
        """One row per note and what it is attached to (NoteRef, Link, set membership)."""
        index = {key(e.get("guid")): e for e in self.root.iter() if e.get("guid")}
        targets: dict[str, list] = {}
        for ref in self.root.iter(Q + "NoteRef", Q + "MemberNote"):
            targets.setdefault(key(ref.get("targetGUID")), []).append(self.describe(ref.getparent()))
        for link in self.root.iterfind(f"{Q}Links/{Q}Link"):
            ends = [key(link.get("originGUID")), key(link.get("targetGUID"))]
            for this, other in (ends, ends[::-1]):
                if other in index:
                    targets.setdefault(this, []).append(self.describe(index[other]))
        rows = []
        for note in self.root.iterfind(f"{Q}Notes/{Q}Note"):
            try:
                text, _ = self.source_text(note)
            except DataError as error:
                self.warnings.append(f"Text der Notiz „{note.get('name') or note.get('guid')}“ unlesbar ({error}).")
                text = None
            for kind, target in targets.get(key(note.get("guid")), [("Projekt", None)]):
                rows.append({"note": note.get("name") or "", "text": text.text.rstrip() if text else "",
                             "description": _text(note, "Description"), "target_kind": kind, "target": target})
        return pd.DataFrame(rows, columns=NOTE_COLUMNS)

    def memberships(self, tag: str, member_tags: dict[str, str]) -> pd.DataFrame:
        """Sets or cases in long form: one row per member (an empty one keeps one row). A case's documents
        include those NVivo assigns to it by coding them (or passages of them) with the case."""
        column = {"Set": "set", "Case": "case"}[tag]
        rows = []
        for element in self.root.iterfind(f"{Q}{tag}s/{Q}{tag}"):
            base = {column: element.get("name") or "(ohne Namen)", "description": _text(element, "Description")}
            members = []
            for child_tag, kind in member_tags.items():
                for ref in element.findall(Q + child_tag):
                    target = key(ref.get("targetGUID"))
                    members.append((kind, self.names.get(target) if kind == "Dokument"
                                    else self.codes.get(target, target)))
            if tag == "Case":
                coded = [self.names[s] for s, cases in self.coded_cases.items() if key(element.get("guid")) in cases]
                members += [("Dokument", d) for d in coded if ("Dokument", d) not in members]
            rows += [{**base, "member_kind": kind, "member": name} for kind, name in members]
            if not members:
                rows.append({**base, "member_kind": None, "member": None})
        return pd.DataFrame(rows, columns=[column, "description", "member_kind", "member"])

    def variable_values(self) -> pd.DataFrame:
        rows = [{"owner_kind": "Dokument", "owner": self.names[key(s.get("guid"))], "variable": v, "value": x}
                for s in self.sources for v, x in self.values(s).items()]
        rows += [{"owner_kind": "Fall", "owner": c.get("name") or "(ohne Namen)", "variable": v, "value": x}
                 for c in self.root.iterfind(f"{Q}Cases/{Q}Case") for v, x in self.values(c).items()]
        return pd.DataFrame(rows, columns=["owner_kind", "owner", "variable", "value"])

    def variables_table(self) -> pd.DataFrame:
        return pd.DataFrame([{"variable": v.get("name"), "type": v.get("typeOfVariable"),
                              "description": _text(v, "Description")} for v in self.variables.values()],
                            columns=["variable", "type", "description"])

    # -------------------------------------------------------- sources and their selections

    def read_sources(self) -> None:
        """Texts and text selections of every source; other selections are counted, not read."""
        self.selections, self.texts, self.missing, self.skipped = [], {}, [], []
        self.by_kind = dict.fromkeys(SOURCE_KINDS.values(), 0)
        self.not_imported = dict.fromkeys(("pdf", "picture", "audio", "video", "transcript", "source",
                                           "missing_text", "link", "graph"), 0)
        self.not_imported["link"] = len(self.root.findall(f"{Q}Links/{Q}Link"))
        self.not_imported["graph"] = len(self.root.findall(f"{Q}Graphs/{Q}Graph"))
        self.case_assignments, self.source_case_codings, self.media_coders = 0, [], set()
        for source in self.sources:
            kind = SOURCE_KINDS[etree.QName(source).localname]
            self.by_kind[kind] += 1
            for tag, skipped_kind in SELECTION_KINDS.items():
                for selection in source.iterfind(f".//{Q}{tag}"):
                    self.not_imported[skipped_kind] += 1
                    self.media_coders |= {self.coder(selection, c) for c in selection.findall(Q + "Coding")}
            for coding in source.findall(Q + "Coding"):
                target = key(next((r.get("targetGUID") for r in coding.findall(Q + "CodeRef")), None))
                if target in self.case_guids and target not in self.codes:
                    self.case_assignments += 1
                    self.source_case_codings.append({
                        "case": self.case_names[target], "document": self.names[key(source.get("guid"))],
                        "selection": None, "begin": None, "end": None, "text": None,
                        "coder": self.coder(source, coding)})
                else:
                    self.not_imported["source"] += 1
            for holder in [source] if kind == "text" else source.findall(Q + "Representation"):
                self._read_holder(source, holder)

    def _read_holder(self, source, holder) -> None:
        """A TextSource, or a PDF's text representation: its text and PlainTextSelections."""
        document = self.names[key(source.get("guid"))]
        text, why = self.source_text(holder)
        if text is None:
            self.missing.append(document)
            if why != "fehlt im Projekt":
                self.warnings.append(f"Quelltext von „{document}“ {why}; seine Textstellen fehlen in der Tabelle.")
        else:
            self.texts[document] = text.text
        for element in holder.findall(Q + "PlainTextSelection"):
            guid = element.get("guid")
            codings = self._codings(element, document)
            if text is None:
                self.skipped.append(guid)
                self.not_imported["missing_text"] += 1
                continue
            try:
                start, end = int(element.get("startPosition")), int(element.get("endPosition"))
            except (TypeError, ValueError):
                raise DataError(self.name, f"Auswahl {guid} in Quelle „{document}“ ohne ganzzahlige "
                                "Positionen") from None
            self.selections.append(_Selection(guid, key(source.get("guid")), document, text, start, end, codings,
                                              _text(element, "Description"), self._case_codings(element)))

    def _case_codings(self, element) -> list[tuple[str, str]]:
        cases = []
        for coding in element.findall(Q + "Coding"):
            target = key(next((r.get("targetGUID") for r in coding.findall(Q + "CodeRef")), None))
            if target in self.case_guids and target not in self.codes:
                cases.append((self.case_names[target], self.coder(element, coding)))
        return cases

    def _codings(self, element, document: str) -> list[tuple[str, str]]:
        """(code path, coder) per Coding; one pointing at a case (NVivo) is a case assignment."""
        codings = []
        for coding in element.findall(Q + "Coding"):
            target = key(next((r.get("targetGUID") for r in coding.findall(Q + "CodeRef")), None))
            if target in self.case_guids and target not in self.codes:
                self.case_assignments += 1
                continue
            if target not in self.codes:
                raise DataError(self.name, f"Kodierung in Auswahl {element.get('guid')} (Quelle „{document}“) "
                                f"verweist auf Code {target or '(ohne targetGUID)'}, "
                                "der im Codesystem (CodeBook) fehlt")
            codings.append((self.codes[target], self.coder(element, coding)))
        return codings


def _rows(selections: list[_Selection], places: list, attributes: dict, comments: bool):
    """Table rows (one per selection-coding pair), comments on codings, and comments on uncoded
    passages (MAXQDA writes those as selections without Coding) as notes."""
    rows, comment_rows, note_rows, case_rows = [], [], [], []
    for selection, (start, end) in zip(selections, places):
        begin, last, excerpt = span(selection.text.text, start, end)
        case_rows += [{"case": case, "document": selection.document, "selection": selection.guid, "begin": begin,
                       "end": last, "text": excerpt, "coder": coder} for case, coder in selection.cases]
        if not selection.codings and selection.description:
            note_rows.append({"note": "Kommentar", "text": selection.description, "description": None,
                              "target_kind": "Textstelle", "target": f"{selection.document}: {selection.guid}"})
        for code, coder in selection.codings:
            row = {"document": selection.document, **attributes[selection.source], "code": code, "begin": begin,
                   "end": last, "start_char": start, "end_char": end, "text": excerpt, "coder": coder}
            rows.append({**row, "comment": selection.description} if comments else row)
            if selection.description:
                comment_rows.append({"document": selection.document, "start_char": start, "end_char": end,
                                     "code": code, "coder": coder, "comment": selection.description})
    comment_columns = ["document", "start_char", "end_char", "code", "coder", "comment"]
    return (rows, pd.DataFrame(comment_rows, columns=comment_columns), pd.DataFrame(note_rows, columns=NOTE_COLUMNS),
            case_rows)


# ---------------------------------------------------------------- read_qdpx

def _read(path: Path, name: str) -> tuple[bytes, _Files]:
    if not path.is_file():
        raise DataError(name, "Datei nicht gefunden")
    if path.suffix.lower() == ".qde" or sniff.kind(path) == "qde":  # a bare project.qde by any name
        return path.read_bytes(), _Files(folder=path.parent)
    return _unzip(path, name)


def read_qdpx(path, *, comments: bool = False) -> tuple[pd.DataFrame, dict]:
    """Coded text segments of a REFI-QDA project (.qdpx, or a bare .qde with an optional
    `sources` folder beside it): one row per selection-coding pair.

    comments=True adds a `comment` column (the selection's Description). info holds counts
    (documents, codes, segments, coders, counts, not_imported), origin, position_counting and
    position_basis, warnings (German, naming selections), missing_sources and
    skipped_selections (selections whose text is not in the project), the frames codebook,
    sets, cases, variables, variable_values, notes and comments, plus code_paths, users,
    coder_names, texts (document → normalised text) and schema_errors (XSD findings).
    """
    path = Path(path)
    name = path.name
    xml, files = _read(path, name)
    root = parse(xml, name)
    project = _Project(root, name, files)
    attributes = project.attributes()
    project.read_sources()
    selections = project.selections
    places, counting, basis, warnings = (_positions(selections, project.origin, name) if selections
                                         else ([], COUNTINGS[0], "keine Textstellen", []))
    rows, comments_table, passage_notes, case_rows = _rows(selections, places, attributes, comments)
    case_codings = pd.DataFrame(project.source_case_codings + case_rows, columns=CASE_CODING_COLUMNS)
    segments = table(rows, ("comment",) if comments else ())
    notes = pd.concat([project.notes(), passage_notes], ignore_index=True) if len(passage_notes) else project.notes()
    sets = project.memberships("Set", {"MemberSource": "Dokument", "MemberCode": "Code", "MemberNote": "Notiz"})
    variables, codebook = project.variables_table(), project.codebook
    coder_names = sorted(set(segments["coder"].dropna()) - {""})
    nobody = []
    if len(segments) and not coder_names:
        nobody.append("keine Codierenden gefunden – weder die Codierungen noch die Textstellen nennen "
                                "eine Person (creatingUser); ohne sie ist keine Intercoder-Übereinstimmung zu "
                                "berechnen.")
    cases = project.memberships("Case", {"SourceRef": "Dokument", "CodeRef": "Code"})
    passages = case_codings.dropna(subset=["selection"])
    if len(passages):
        described = dict(zip(cases["case"], cases["description"]))
        placeholder = cases["member"].isna() & cases["case"].isin(passages["case"])
        cases = pd.concat([cases[~placeholder], pd.DataFrame({
            "case": passages["case"], "description": passages["case"].map(described),
            "member_kind": "Textstelle", "member": passages["document"] + ": " + passages["selection"]})],
            ignore_index=True)
    counts = {"documents": len(project.sources), "documents_by_kind": project.by_kind, "codes": len(codebook),
              "codes_with_colour": int(codebook["colour"].notna().sum()),
              "codes_with_description": int(codebook["description"].notna().sum()),
              "segments": len(segments), "coders": len(coder_names), "users": len(project.users),
              "sets": len(root.findall(f"{Q}Sets/{Q}Set")), "cases": len(project.case_guids),
              "variables": len(variables), "notes": len(root.findall(f"{Q}Notes/{Q}Note")) + len(passage_notes),
              "comments": len(comments_table), "selections_read": len(selections) + len(project.skipped),
              "selections_imported": sum(bool(s.codings) for s in selections),
              "case_assignments": project.case_assignments}
    coder_source = ("selection" if project.coder_from["selection"] >= project.coder_from["coding"]
                    else "coding") if any(project.coder_from.values()) else None
    info = {"documents": counts["documents"], "codes": counts["codes"], "segments": len(segments),
            "coders": counts["coders"], "counts": counts, "not_imported": project.not_imported,
            "origin": project.origin, "position_counting": counting.describe(any(s.text.crlf for s in selections)),
            "position_basis": basis, "warnings": project.warnings + warnings + nobody,
            "missing_sources": project.missing, "skipped_selections": project.skipped, "codebook": codebook,
            "sets": sets, "cases": cases,
            "variables": variables, "variable_values": project.variable_values(), "notes": notes,
            "comments": comments_table, "code_paths": sorted(set(project.codes.values())),
            "users": sorted(project.users.values()), "coder_names": coder_names, "texts": project.texts,
            "schema_errors": validate_project_xml(xml), "coder_source": coder_source,
            "coder_from": dict(project.coder_from), "media_coders": sorted(project.media_coders - {""}),
            "case_codings": case_codings}
    return segments, info

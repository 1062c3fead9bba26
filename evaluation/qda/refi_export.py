"""REFI-QDA export: the tidy coded-segments table (with code colours and descriptions, notes and
comments when given) → a .qdpx that validates against the QDA-XML 1.0 schema and is byte for
byte the same for the same input.

Source names are what other tools turn into file names (QualCoder copies each source to
`documents/<name>.<ext>`), so a `/` or `:` in a name breaks their import: the `name` attribute
is made safe, and the original name kept in the variable „Dokumentname“, from which read_qdpx
restores it. `pseudonymise` gives the documents of this evaluation names without municipalities and drops the
municipality, so that an export handed on cannot be joined to the named profiles.
"""
from __future__ import annotations

import io
import re
import zipfile
from itertools import accumulate
from pathlib import Path

import pandas as pd
from lxml import etree

from evaluation.intake.codebook import normalise
from evaluation.errors import DataError
from evaluation.intake.municipalities import base_name
from evaluation.qda.refi_format import (COLUMNS, DOCUMENT_DATE, DOCUMENT_NAME, MUNICIPALITY, NOTE_COLUMNS, NS, ORIGIN, Q, colour,
                   guid, normalise_text, span, table)

# table column → exported variable: name, typeOfVariable, value element, value as text
VARIABLES = {"municipality": (MUNICIPALITY, "Text", "TextValue", str),
             "document_date": (DOCUMENT_DATE, "Date", "DateValue", lambda d: d.date().isoformat())}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# characters Windows forbids in file names, replaced readably (the gender star by the gap)
REPLACE = str.maketrans({"/": "-", "\\": "-", ":": "-", "|": "-", "*": "_", "?": "", '"': "'", "<": "(", ">": ")",
                         **{chr(c): " " for c in (*range(32), 127)}})
RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")  # Windows device names
NAME_LENGTH = 150


# ---------------------------------------------------------------- names

def safe_name(name: str) -> str:
    """A source name every REFI importer can use as a file name: no / \\ : * ? " < > | or control
    characters, no trailing dot or blank, no Windows device name, at most 150 characters."""
    text = " ".join(str(name).translate(REPLACE).split()).strip(" .-") or "Dokument"
    text = text[:NAME_LENGTH].rstrip(" .")
    return f"{text}_" if RESERVED.match(text) else text


def _safe_names(documents) -> dict[str, str]:
    """Document → safe name, unique (case-insensitively, as file systems compare)."""
    names, taken = {}, set()
    for document in sorted(set(documents)):
        base = candidate = safe_name(document)
        n = 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base} ({n})"
        taken.add(candidate.casefold())
        names[document] = candidate
    return names


CITED = re.compile(r"\bKommune [A-Z]\b")
"""The report's citation pseudonyms („Leitfadeninterview Evaluation, Leitungsebene, Kommune A“)."""


def pseudonymise(segments: pd.DataFrame, municipalities: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Segments without any municipality, ready to hand on; and the documents whose text or comment still names
    a municipality of `municipalities` (name) in clear.

    No document carries a municipality (no variable, no case), not even as a pseudonym: the codes of one
    municipality's documents, grouped, could be matched with the named profiles' indicators and would reverse
    the report's pseudonyms. A document is „<document group> <n>“, numbered by date and then in an order
    drawn from its name (not alphabetical, which would follow the municipality's name). An interview the
    report cites keeps its citation name („Leitfadeninterview Evaluation, Leitungsebene, Kommune A“) when
    that names no municipality, so that its quotes can be found under the report's footnote – without its
    date, which a dated talk on a named profile could match.
    """
    out = segments.copy()
    out["municipality"] = None
    pattern = _names_pattern(municipalities["name"])
    documents = (out.assign(_date=pd.to_datetime(out["document_date"]), _order=out["document"].map(guid))
                 .sort_values(["_date", "_order"], na_position="last", kind="stable")
                 .drop_duplicates("document"))
    names, numbers, undated = {}, {}, set()
    for row in documents.itertuples(index=False):
        if CITED.search(row.document) and not pattern.search(row.document):
            names[row.document] = row.document
            undated.add(row.document)
            continue
        group = row.document_group if isinstance(row.document_group, str) and row.document_group.strip() else "Dokument"
        numbers[group] = numbers.get(group, 0) + 1
        names[row.document] = f"{group} {numbers[group]}"
    out["document_date"] = out["document_date"].where(~out["document"].isin(undated))
    out["document"] = out["document"].map(names)
    columns = [c for c in ("document", "document_group", "text", "comment") if c in out.columns]
    clear = out[columns].fillna("").astype(str).agg(" ".join, axis=1).str.contains(pattern)
    return out, sorted(out.loc[clear, "document"].unique())


def protect(segments: pd.DataFrame, register) -> pd.DataFrame:
    """Segments fit to hand on as far as persons go: coders become „Codierende*r 1“, „Codierende*r 2“ … (who
    coded what matters for agreement, not their names), and document names, groups, segment texts and comments
    are screened by the pseudonymisation guard against `register` (the raw delivery's persons.csv) – a hit
    refuses the export (guard.PersonalDataError) before anything is written."""
    from evaluation.qda import guard
    out = guard.pseudonymise_coders([segments.reset_index(drop=True)])[0]
    columns = {"document": "Dokumentname", "document_group": "Dokumentgruppe", "text": "Segment",
               "comment": "Kommentar", "coder": "Bearbeitet von"}
    shown = out[[c for c in columns if c in out.columns]]
    shown.index = pd.RangeIndex(1, len(shown) + 1)
    guard.screen(shown, guard.register_of(register), "dem REFI-QDA-Export", columns, row_label="Segment")
    return out


def _names_pattern(names) -> re.Pattern:
    """Municipality names as written and without their prefix („Landkreis“, „Stadt“ …)."""
    spellings = set()
    for name in names.dropna():
        spellings |= {name, base_name(name), re.sub(r"\s*\(.*\)$", "", base_name(name))}
    words = sorted((s for s in spellings if len(s) >= 4), key=len, reverse=True)
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


# ---------------------------------------------------------------- segments

def _prepare(segments: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in COLUMNS if c not in segments.columns]
    if missing:
        raise DataError(name, f"Segmenttabelle ohne Spalten: {', '.join(missing)}")
    extra = ["comment"] if "comment" in segments.columns else []
    frame = segments[COLUMNS + extra].reset_index(drop=True).copy()
    frame["code"] = frame["code"].map(normalise)
    frame["text"] = frame["text"].fillna("").map(normalise_text)
    frame["coder"] = frame["coder"].fillna("").astype(str)
    frame["document"] = frame["document"].astype(str)
    frame["document_date"] = pd.to_datetime(frame["document_date"])
    if extra:
        frame["comment"] = frame["comment"].map(lambda c: str(c).strip() if isinstance(c, str) and c.strip() else None)
    for column in ("start_char", "end_char"):
        frame[column] = frame[column].astype("Int64")
    begin, end = (pd.to_numeric(frame[c], errors="coerce").astype("Float64") for c in ("begin", "end"))
    bad = (begin.isna() | end.isna() | (begin < 1) | (end < begin)).fillna(True).astype(bool)
    if bad.any():
        row = frame[bad].iloc[0]
        raise DataError(name, f"Dokument „{row['document']}“: Absätze {row['begin']}–{row['end']} ungültig "
                        "(ab 1, Ende nicht vor Anfang)", column="begin", value=row["begin"], more=int(bad.sum()) - 1)
    return frame.assign(begin=begin.astype("int64"), end=end.astype("int64"))


def _metadata(rows: pd.DataFrame, name: str, document: str) -> dict:
    """One group, municipality and date per document – a REFI source carries one of each."""
    result = {}
    for column in ("document_group", "municipality", "document_date"):
        values = [v for v in rows[column].dropna().unique() if not (isinstance(v, str) and not v.strip())]
        if len(values) > 1:
            raise DataError(name, f"Dokument „{document}“ hat widersprüchliche Angaben", column=column,
                            value=" / ".join(map(str, values)))
        result[column] = values[0] if values else None
    date = result["document_date"]
    result["document_date"] = pd.Timestamp(date).normalize() if date is not None else pd.NaT
    return result


def _spread(text: str, paragraphs: int) -> list[str]:
    """A segment's lines over its paragraphs, so that begin and end survive a synthesised text.

    More lines than paragraphs: neighbouring lines share one (joined by a space). Fewer: the
    longest line is split at the blank nearest its middle, since an empty last paragraph
    could not be selected; one word that cannot be split leaves the rest empty.
    """
    lines = text.split("\n")
    if len(lines) > paragraphs:
        size, extra = divmod(len(lines), paragraphs)
        cuts = list(accumulate([0] + [size + (i < extra) for i in range(paragraphs)]))
        return [" ".join(lines[a:b]) for a, b in zip(cuts, cuts[1:])]
    while len(lines) < paragraphs:
        blanks = [(abs(m.start() - len(line) / 2) - len(line), i, m.start())
                  for i, line in enumerate(lines) for m in re.finditer(" ", line) if 0 < m.start() < len(line) - 1]
        if not blanks:
            break
        _, i, cut = min(blanks)
        lines[i:i + 1] = [lines[i][:cut], lines[i][cut + 1:]]
    return lines + [""] * (paragraphs - len(lines))


def _synthesise(rows: pd.DataFrame) -> tuple[str, dict[int, str]]:
    """Paragraphs 1..max(end): covered ones hold the segment text, the others stay empty.

    Returns the text and, per row, the segment text as spread over its paragraphs.
    """
    paragraphs: list[str | None] = [None] * int(rows["end"].max())
    pieces = {}
    widest_first = sorted(rows.itertuples(), key=lambda r: (r.begin - r.end, -len(r.text), r.begin))
    for row in widest_first:
        lines = _spread(row.text, row.end - row.begin + 1)
        pieces[row.Index] = "\n".join(lines).rstrip("\n")
        for i, line in enumerate(lines, start=row.begin - 1):  # an overlapped paragraph keeps the wider text
            if paragraphs[i] is None:
                paragraphs[i] = line
    return "\n".join(p or "" for p in paragraphs), pieces


def _place(rows: pd.DataFrame, text: str, pieces: dict[int, str] | None, name: str, document: str) -> dict:
    """Row index → (start, end). Given positions are kept (after a range check); otherwise the
    segment text is searched from its first paragraph on. Paragraphs are the coordinates that
    count: a text not found there (shortened quotes with "(…)", overlapping segments of two
    coders in a synthesised text) selects its whole paragraphs instead of failing the export.
    """
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    placed = {}
    for row in rows.itertuples():
        if row.end > len(starts):
            raise DataError(name, f"Dokument „{document}“: Absatz {row.end} gibt es nicht "
                            f"(Text hat {len(starts)} Absätze)", column="end", value=row.end)
        if pieces is None and not pd.isna(row.start_char) and not pd.isna(row.end_char):
            start, end = int(row.start_char), int(row.end_char)
            if not 0 <= start <= end <= len(text):
                raise DataError(name, f"Dokument „{document}“: Zeichen {start}–{end} liegen außerhalb des "
                                f"Dokumenttextes (Länge {len(text)})", column="start_char", value=start)
            placed[row.Index] = (start, end)
            continue
        wanted = pieces[row.Index] if pieces is not None else row.text
        start = text.find(wanted, starts[row.begin - 1])
        end = start + len(wanted)
        if start < 0 or span(text, start, end)[:2] != (row.begin, row.end):
            start = starts[row.begin - 1]
            end = starts[row.end] - 1 if row.end < len(starts) else len(text)
        placed[row.Index] = (start, end)
    return placed


# ---------------------------------------------------------------- codebook and notes

def _codebook(codebook: pd.DataFrame | None, used: set[str], name: str) -> dict[str, dict]:
    """path → colour, description, codable and rank for every code used or listed, with its parents.
    The rank keeps the codebook's order (evaluators arrange their code system); codes used but
    not listed follow alphabetically; a parent ranks with its first child."""
    entries: dict[str, dict] = {}
    if codebook is not None:
        for row in codebook.to_dict("records"):
            path = normalise(row["path"])
            description, codable = row.get("description"), row.get("codable")
            entries[path] = {"colour": colour(row.get("colour"), name, path),
                             "description": description.strip() if isinstance(description, str) and description.strip()
                             else None,
                             "codable": True if codable is None or pd.isna(codable) else bool(codable)}
    for path in sorted(used):
        entries.setdefault(path, {"colour": None, "description": None, "codable": True})["codable"] = True
    for rank, path in enumerate(list(entries)):
        parts = path.split("\\")
        for n in range(1, len(parts) + 1):
            entry = entries.setdefault("\\".join(parts[:n]), {"colour": None, "description": None, "codable": True})
            entry["rank"] = min(entry.get("rank", rank), rank)
    return entries


def _notes(notes: pd.DataFrame | None) -> list[dict]:
    """Notes grouped by content, each with its targets (kind, name); sorted for stable bytes."""
    if notes is None or notes.empty:
        return []
    grouped: dict[tuple, set] = {}
    frame = notes.reindex(columns=NOTE_COLUMNS).astype(object)
    for row in frame.where(frame.notna(), None).to_dict("records"):
        content = (row["note"] or "", row["text"] or "", row["description"] or "")
        grouped.setdefault(content, set()).add((row["target_kind"] or "Projekt", row["target"] or ""))
    return [{"note": n, "text": t, "description": d, "targets": sorted(targets), "guid": guid("note", n, t, d)}
            for (n, t, d), targets in sorted(grouped.items())]


# ---------------------------------------------------------------- XML

def _add(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, Q + tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _note_refs(notes: list[dict], codes: dict, texts: dict) -> dict[tuple, list[str]]:
    """(kind, name) → GUIDs of the notes attached there; targets not in the project: the project."""
    refs: dict[tuple, list[str]] = {}
    for note in notes:
        for kind, target in note["targets"]:
            known = (kind == "Code" and target in codes) or (kind == "Dokument" and target in texts)
            refs.setdefault((kind, target) if known else ("Projekt", ""), []).append(note["guid"])
    return refs


def _write_codebook(root, codes: dict[str, dict], refs: dict) -> None:
    tree: dict = {}
    for path in codes:
        level = tree
        for part in path.split("\\"):
            level = level.setdefault(part, {})

    def write(parent, level: dict, prefix: str) -> None:
        for part in sorted(level, key=lambda p: (codes[f"{prefix}\\{p}" if prefix else p]["rank"], p)):
            path = f"{prefix}\\{part}" if prefix else part
            entry = codes[path]
            code = _add(parent, "Code", guid=guid("code", path), name=part,
                        isCodable="true" if entry["codable"] else "false",
                        **({"color": entry["colour"]} if entry["colour"] else {}))
            if entry["description"]:
                _add(code, "Description", entry["description"])
            for note in refs.get(("Code", path), []):
                _add(code, "NoteRef", targetGUID=note)
            write(code, level[part], path)

    if tree:
        write(_add(_add(root, "CodeBook"), "Codes"), tree, "")


def _write_selections(source, rows: pd.DataFrame, document: str) -> None:
    """One PlainTextSelection per position and comment, one Coding per row."""
    rows = rows.assign(_comment=rows["comment"].fillna("") if "comment" in rows else "")
    for (start, end, comment), group in rows.groupby(["start_char", "end_char", "_comment"], sort=True):
        group = group.sort_values(["code", "coder"], kind="stable")
        selection = _add(source, "PlainTextSelection", guid=guid("selection", document, start, end, comment),
                         startPosition=start, endPosition=end)
        if group["coder"].iloc[0]:
            selection.set("creatingUser", guid("user", group["coder"].iloc[0]))
        if comment:
            _add(selection, "Description", comment)
        for n, row in enumerate(group.itertuples()):
            coding = _add(selection, "Coding", guid=guid("coding", document, start, end, row.code, row.coder, n))
            if row.coder:
                coding.set("creatingUser", guid("user", row.coder))
            _add(coding, "CodeRef", targetGUID=guid("code", row.code))


def _variable_values(texts: dict[str, str], metadata: dict[str, dict], variables: pd.DataFrame | None):
    """(document, variable, type, value element, value) for the fixed variables (Kommune,
    Dokumentdatum), the given ones, and the original names of renamed sources."""
    safe = _safe_names(texts)
    rows = [(d, VARIABLES[c][0], VARIABLES[c][1], VARIABLES[c][2], VARIABLES[c][3](m[c]))
            for d, m in metadata.items() if d in texts for c in VARIABLES if not pd.isna(m[c])]
    if variables is not None:
        given = variables[~variables["variable"].isin([MUNICIPALITY, DOCUMENT_DATE, DOCUMENT_NAME])
                          & variables["document"].isin(texts) & variables["value"].notna()]
        rows += [(r.document, r.variable, "Text", "TextValue", str(r.value)) for r in given.itertuples()]
    rows += [(d, DOCUMENT_NAME, "Text", "TextValue", d) for d in texts if safe[d] != d]
    return sorted(rows)


def _write_groups(root, metadata: dict[str, dict], column: str, tags: tuple[str, str, str]) -> None:
    """Cases (by municipality) or Sets (by document group): one element per value, its documents as members."""
    values = sorted({m[column] for m in metadata.values() if m[column] is not None})
    if not values:
        return
    container, tag, member = tags
    parent = _add(root, container)
    for value in values:
        element = _add(parent, tag, guid=guid(tag.lower(), value), name=value)
        for document in sorted(d for d, m in metadata.items() if m[column] == value):
            _add(element, member, targetGUID=guid("source", document))


def _project_xml(segments: pd.DataFrame, texts: dict[str, str], metadata: dict[str, dict], project: str,
                 codes: dict[str, dict], notes: list[dict], variables: pd.DataFrame | None) -> bytes:
    """The elements in the schema's order: Users, CodeBook, Variables, Cases, Sources, Notes, Sets, NoteRef."""
    root = etree.Element(Q + "Project", {"name": project, "origin": ORIGIN}, nsmap={None: NS})
    refs = _note_refs(notes, codes, texts)
    coders = sorted(set(segments["coder"]) - {""})
    if coders:
        users = _add(root, "Users")
        for coder in coders:
            _add(users, "User", guid=guid("user", coder), name=coder)
    _write_codebook(root, codes, refs)
    values = _variable_values(texts, metadata, variables)
    kinds = {variable: kind for _, variable, kind, _, _ in values}
    if kinds:
        element = _add(root, "Variables")
        fixed = [v for v in (MUNICIPALITY, DOCUMENT_DATE) if v in kinds]
        for variable in fixed + sorted(set(kinds) - set(fixed)):
            _add(element, "Variable", guid=guid("variable", variable), name=variable, typeOfVariable=kinds[variable])
    _write_groups(root, metadata, "municipality", ("Cases", "Case", "SourceRef"))
    safe = _safe_names(texts)
    sources = _add(root, "Sources") if texts else None
    for document in sorted(texts):
        source_guid = guid("source", document)
        source = _add(sources, "TextSource", guid=source_guid, name=safe[document],
                      plainTextPath=f"internal://{source_guid}.txt")
        _write_selections(source, segments[segments["document"] == document], document)
        for note in refs.get(("Dokument", document), []):
            _add(source, "NoteRef", targetGUID=note)
        for _, variable, _, tag, value in (v for v in values if v[0] == document):
            element = _add(source, "VariableValue")
            _add(element, "VariableRef", targetGUID=guid("variable", variable))
            _add(element, tag, value)
    if notes:
        element = _add(root, "Notes")
        for note in notes:
            entry = _add(element, "Note", guid=note["guid"], name=note["note"])
            if note["description"]:
                _add(entry, "Description", note["description"])
            _add(entry, "PlainTextContent", note["text"])
    _write_groups(root, metadata, "document_group", ("Sets", "Set", "MemberSource"))
    for note in refs.get(("Projekt", ""), []):
        _add(root, "NoteRef", targetGUID=note)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, standalone=True)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    """Fixed timestamps and attributes: the same project gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members:
            info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# ---------------------------------------------------------------- write_qdpx

def write_qdpx(segments: pd.DataFrame, path, texts: dict[str, str] | None = None, *,
               codebook: pd.DataFrame | None = None, notes: pd.DataFrame | None = None,
               variables: pd.DataFrame | None = None) -> pd.DataFrame:
    """Write the segments as a REFI-QDA project and return the table as read_qdpx will give it back.

    A document missing from `texts` gets a text synthesised from its segments (see _spread) and
    positions derived from it; with a text, missing positions are searched (see _place). Compare
    the returned `text` with the input to see segments that had to take their whole paragraphs.
    Source names are made safe for other tools (see safe_name); read_qdpx restores the originals.

    Optional, in the form read_qdpx gives them in `info`: a `comment` column (→ the selection's
    Description), `codebook` (path, colour, description[, codable]), `notes` (note, text,
    description, target_kind „Projekt“/„Code“/„Dokument“, target) and `variables`
    (document, variable, value; written as text variables).
    """
    path = Path(path)
    name = path.name
    frame = _prepare(segments, name)
    texts = {str(d): normalise_text(t) for d, t in (texts or {}).items()}
    if variables is not None:
        variables = variables.assign(document=variables["document"].astype(str))
    extra = ("comment",) if "comment" in frame.columns else ()
    rows, metadata = [], {}
    for document, group in frame.groupby("document", sort=True):
        metadata[document] = _metadata(group, name, document)
        if document in texts:
            placed = _place(group, texts[document], None, name, document)
        else:
            texts[document], pieces = _synthesise(group)
            placed = _place(group, texts[document], pieces, name, document)
        for row in group.itertuples():
            start, end = placed[row.Index]
            begin, last, excerpt = span(texts[document], start, end)
            rows.append({"document": document, **metadata[document], "code": row.code, "begin": begin,
                         "end": last, "start_char": start, "end_char": end, "text": excerpt, "coder": row.coder,
                         **({"comment": row.comment} if extra else {})})
    for document in texts.keys() - metadata.keys():
        metadata[document] = {"document_group": None, "municipality": None, "document_date": pd.NaT}
    filled = table(rows, extra)
    codes = _codebook(codebook, set(filled["code"]), name)
    xml = _project_xml(filled, texts, metadata, path.stem, codes, _notes(notes), variables)
    members = [("project.qde", xml)] + sorted(
        (f"sources/{guid('source', d)}.txt", t.encode("utf-8")) for d, t in texts.items())
    path.write_bytes(_zip(members))
    return filled


# ---------------------------------------------------------------- write_qdc (REFI-QDA codebook)

QDC_NS = "urn:QDA-XML:codebook:1.0"


def write_qdc(codebook: pd.DataFrame, path) -> Path:
    """The code system (path, colour, description[, codable]) as a REFI-QDA codebook (.qdc): the project's
    CodeBook element in the codebook namespace, with the same GUIDs a .qdpx export gives the codes, so a
    QDA program that imports both matches them. Same input, same bytes."""
    path = Path(path)
    codes = _codebook(codebook, set(), path.name)
    holder = etree.Element(Q + "Project")
    _write_codebook(holder, codes, {})
    root = etree.Element("{%s}CodeBook" % QDC_NS, {"origin": ORIGIN}, nsmap={None: QDC_NS})
    for element in holder.iterfind(Q + "CodeBook/*"):
        root.append(element)
    for element in root.iter():
        element.tag = "{%s}%s" % (QDC_NS, etree.QName(element).localname)
    etree.cleanup_namespaces(root)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, standalone=True))
    return path

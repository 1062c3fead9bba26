"""REFI-QDA projects (.qdpx): import into the tidy coded-segments table, export, XSD validation.

REFI-QDA is the exchange format of ATLAS.ti, MAXQDA, NVivo and others, so evaluators can
bring their codings from any of them. A .qdpx is a zip holding `project.qde` (XML,
namespace urn:QDA-XML:project:1.0) and the plain texts under `sources/`.

Positions: REFI counts characters of the stored text; the table counts characters of
the text after removing a BOM and turning CRLF/CR into LF, and paragraphs are its lines.
Positions in CRLF texts are therefore mapped on import; exported texts are stored normalised.
"""
from __future__ import annotations

import io
import re
import uuid
import zipfile
import zlib
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import pandas as pd
from lxml import etree

from ..codebook import normalise
from ..errors import DataError
from .. import metadata_files
from ..readers import decode
from .columns import TIDY as COLUMNS

NS = "urn:QDA-XML:project:1.0"
Q = "{%s}" % NS
XSD = metadata_files.path("refi_qda_project.xsd")
ORIGIN = "praeventionsketten-evaluation"
MUNICIPALITY, DOCUMENT_DATE = "Kommune", "Dokumentdatum"
# table column → exported variable: name, typeOfVariable, value element, value as text
VARIABLES = {"municipality": (MUNICIPALITY, "Text", "TextValue", str),
             "document_date": (DOCUMENT_DATE, "Date", "DateValue", lambda d: d.date().isoformat())}
# Fixed, so that users, codes and sources keep their GUIDs from one export to the next.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:praeventionsketten-evaluation:refi-qda")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- shared helpers

def normalise_text(text: str) -> str:
    """The text positions refer to: no BOM, LF line ends."""
    return str(text).removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _paragraph(text: str, position: int) -> int:
    return 1 + text.count("\n", 0, position)


def _span(text: str, start: int, end: int) -> tuple[int, int, str]:
    """begin, end paragraph and text of a selection; an empty one ends where it begins."""
    return _paragraph(text, start), _paragraph(text, max(end - 1, start)), text[start:end]


def _key(guid: str | None) -> str:
    """Tools differ in GUID case and braces; compare them in one form."""
    return (guid or "").strip().strip("{}").upper()


def _guid(*parts) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, "|".join(map(str, parts)))).upper()


def _table(rows: list[dict]) -> pd.DataFrame:
    """The tidy coded-segments table in its dtypes and canonical row order."""
    table = pd.DataFrame.from_records(rows, columns=COLUMNS)
    table = table.astype({"begin": "int64", "end": "int64", "start_char": "Int64", "end_char": "Int64",
                          "document_date": "datetime64[ns]"})
    for column in ("document_group", "municipality"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    order = ["document", "start_char", "end_char", "code", "coder"]
    return table.sort_values(order, kind="stable").reset_index(drop=True)


def _parse(xml: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise DataError(name, f"Projektdatei ist kein wohlgeformtes XML ({error})") from None
    qname = etree.QName(root)
    if qname.namespace != NS:
        raise DataError(name, f"falscher XML-Namensraum: erwartet „{NS}“, gefunden "
                        f"„{qname.namespace or 'kein Namensraum'}“ – keine REFI-QDA-Projektdatei")
    if qname.localname != "Project":
        raise DataError(name, f"Wurzelelement „{qname.localname}“ statt „Project“ – keine REFI-QDA-Projektdatei")
    return root


# ---------------------------------------------------------------- import

def _unzip(path: Path, name: str) -> tuple[bytes, dict[str, bytes]]:
    """project XML and the files under sources/ (names lower-cased: tools differ in case)."""
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
            sources = {n.lower(): archive.read(n) for n in names if n.lower().startswith("sources/")}
            return archive.read(top[0]), sources
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise DataError(name, f"kein lesbares ZIP-Archiv, wie es eine .qdpx-Datei sein muss ({error}) – "
                        "Datei neu aus der QDA-Software exportieren") from None


def _code_paths(root) -> dict[str, str]:
    """GUID → path; nesting and ATLAS.ti's `Parent::Child` names both make levels."""
    paths: dict[str, str] = {}

    def walk(element, parent: str) -> None:
        for code in element.findall(Q + "Code"):
            path = "\\".join(p for p in (parent, normalise(code.get("name", ""))) if p)
            paths[_key(code.get("guid"))] = path
            walk(code, path)

    for codes in root.iterfind(f"{Q}CodeBook/{Q}Codes"):
        walk(codes, "")
    return paths


def _values(element, variables: dict[str, str]) -> dict[str, str]:
    """Variable name (case-folded) → value text of an element's VariableValues."""
    values = {}
    for value in element.findall(Q + "VariableValue"):
        ref = value.find(Q + "VariableRef")
        variable = variables.get(_key(ref.get("targetGUID") if ref is not None else None))
        content = [child.text for child in value if child is not ref]
        if variable and content and (content[0] or "").strip():
            values[variable.casefold()] = content[0].strip()
    return values


def _attributes(root, name: str) -> dict[str, dict]:
    """Per source GUID: document group (first Set naming it), municipality and date."""
    variables = {_key(v.get("guid")): v.get("name", "") for v in root.iterfind(f"{Q}Variables/{Q}Variable")}
    cases = {}
    for case in root.iterfind(f"{Q}Cases/{Q}Case"):
        for ref in case.findall(Q + "SourceRef"):
            cases.setdefault(_key(ref.get("targetGUID")), (case.get("name"), _values(case, variables)))
    groups = {}
    for member in root.iterfind(f"{Q}Sets/{Q}Set/{Q}MemberSource"):
        groups.setdefault(_key(member.get("targetGUID")), member.getparent().get("name"))
    result = {}
    for source in root.iterfind(f"{Q}Sources/*"):
        guid = _key(source.get("guid"))
        case_name, case_values = cases.get(guid, (None, {}))
        values = {**case_values, **_values(source, variables)}
        date = values.get(DOCUMENT_DATE.casefold())
        result[guid] = {"document_group": groups.get(guid),
                        "municipality": values.get(MUNICIPALITY.casefold()) or case_name or None,
                        "document_date": _date(date, name, source.get("name")) if date else pd.NaT}
    return result


def _date(value: str, name: str, document: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(pd.to_datetime(value, dayfirst="." in value))
    except (ValueError, TypeError):
        raise DataError(name, f"Dokumentdatum der Quelle „{document}“ ist kein Datum",
                        column=DOCUMENT_DATE, value=value) from None
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize()  # the day, as exported


def _text_sources(root):
    """(element with PlainTextSelections, owning source, document name); PDFs via their text representation."""
    for source in root.iterfind(f"{Q}Sources/*"):
        holders = [source] if source.tag == Q + "TextSource" else source.findall(Q + "Representation")
        for holder in holders:
            yield holder, source, source.get("name") or source.get("guid")


def _source_text(holder, files: dict[str, bytes], name: str) -> str | None:
    """The stored text (BOM removed, line ends as stored), or None if the project lacks it."""
    content = holder.find(Q + "PlainTextContent")
    if content is not None:
        return (content.text or "").removeprefix("\ufeff")
    location = holder.get("plainTextPath") or ""
    if not location.lower().startswith("internal://"):
        return None  # relative:// and absolute paths point outside the archive
    member = "sources/" + location[len("internal://"):].lstrip("/").lower()
    return decode(files[member], f"{name}/{member}") if member in files else None


def read_qdpx(path) -> tuple[pd.DataFrame, dict]:
    """Coded text segments of a REFI-QDA project (.qdpx, or a bare .qde without sources).

    info: documents, codes, segments, coders (counts), missing_sources (documents whose text
    is not in the archive – their selections are skipped, listed in skipped_selections),
    code_paths, users, texts (document → normalised text) and schema_errors (XSD findings).
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise DataError(name, "Datei nicht gefunden")
    if path.suffix.lower() == ".qde":
        xml, files = path.read_bytes(), {}
    else:
        xml, files = _unzip(path, name)
    root = _parse(xml, name)
    users = {_key(u.get("guid")): u.get("name") or u.get("guid") for u in root.iterfind(f"{Q}Users/{Q}User")}
    codes = _code_paths(root)
    attributes = _attributes(root, name)
    rows, texts, missing, skipped, documents = [], {}, [], [], 0
    for holder, source, document in _text_sources(root):
        documents += 1
        raw = _source_text(holder, files, name)
        if raw is None:
            missing.append(document)
        else:
            texts[document] = text = normalise_text(raw)
        for selection in holder.findall(Q + "PlainTextSelection"):
            guid = selection.get("guid")
            codings = [(c, _key(next((r.get("targetGUID") for r in c.findall(Q + "CodeRef")), None)))
                       for c in selection.findall(Q + "Coding")]
            for _, target in codings:
                if target not in codes:
                    raise DataError(name, f"Kodierung in Auswahl {guid} (Quelle „{document}“) verweist auf Code "
                                    f"{target or '(ohne targetGUID)'}, der im Codesystem (CodeBook) fehlt")
            if raw is None:
                skipped.append(guid)
                continue
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                raise DataError(name, f"Auswahl {guid} in Quelle „{document}“ ohne ganzzahlige Positionen") from None
            if not 0 <= start <= end <= len(raw):
                raise DataError(name, f"Auswahl {guid} in Quelle „{document}“: Positionen {start}–{end} liegen "
                                f"außerhalb des Textes (Länge {len(raw)}) oder der Anfang liegt hinter dem Ende")
            # CRLF counts two characters in the stored text, one (LF) in the normalised one.
            start, end = (p - raw.count("\r\n", 0, p + 1) for p in (start, end))
            begin, last, excerpt = _span(text, start, end)
            for coding, target in codings:
                user = coding.get("creatingUser") or selection.get("creatingUser")
                rows.append({"document": document, **attributes[_key(source.get("guid"))],
                             "code": codes[target], "begin": begin, "end": last, "start_char": start,
                             "end_char": end, "text": excerpt, "coder": users.get(_key(user), user or "")})
    table = _table(rows)
    info = {"documents": documents, "codes": len(codes), "segments": len(table),
            "coders": int(table["coder"].nunique()), "missing_sources": missing, "skipped_selections": skipped,
            "code_paths": sorted(set(codes.values())), "users": sorted(users.values()), "texts": texts,
            "schema_errors": validate_project_xml(xml)}
    return table, info


# ---------------------------------------------------------------- export

def _prepare(segments: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in COLUMNS if c not in segments.columns]
    if missing:
        raise DataError(name, f"Segmenttabelle ohne Spalten: {', '.join(missing)}")
    table = segments[COLUMNS].reset_index(drop=True).copy()
    table["code"] = table["code"].map(normalise)
    table["text"] = table["text"].fillna("").map(normalise_text)
    table["coder"] = table["coder"].fillna("").astype(str)
    table["document"] = table["document"].astype(str)
    table["document_date"] = pd.to_datetime(table["document_date"])
    for column in ("start_char", "end_char"):
        table[column] = table[column].astype("Int64")
    begin, end = (pd.to_numeric(table[c], errors="coerce").astype("Float64") for c in ("begin", "end"))
    bad = (begin.isna() | end.isna() | (begin < 1) | (end < begin)).fillna(True).astype(bool)
    if bad.any():
        row = table[bad].iloc[0]
        raise DataError(name, f"Dokument „{row['document']}“: Absätze {row['begin']}–{row['end']} ungültig "
                        "(ab 1, Ende nicht vor Anfang)", column="begin", value=row["begin"], more=int(bad.sum()) - 1)
    return table.assign(begin=begin.astype("int64"), end=end.astype("int64"))


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
        if start < 0 or _span(text, start, end)[:2] != (row.begin, row.end):
            start = starts[row.begin - 1]
            end = starts[row.end] - 1 if row.end < len(starts) else len(text)
        placed[row.Index] = (start, end)
    return placed


def _project_xml(table: pd.DataFrame, texts: dict[str, str], metadata: dict[str, dict], project: str) -> bytes:
    def add(parent, tag, **attributes):
        return etree.SubElement(parent, Q + tag, {k: str(v) for k, v in attributes.items()})

    root = etree.Element(Q + "Project", {"name": project, "origin": ORIGIN}, nsmap={None: NS})
    coders = sorted(set(table["coder"]) - {""})
    if coders:
        users = add(root, "Users")
        for coder in coders:
            add(users, "User", guid=_guid("user", coder), name=coder)
    tree: dict = {}
    for path in table["code"]:
        level = tree
        for part in path.split("\\"):
            level = level.setdefault(part, {})

    def codes(parent, level: dict, prefix: str) -> None:
        for part in sorted(level):
            path = f"{prefix}\\{part}" if prefix else part
            codes(add(parent, "Code", guid=_guid("code", path), name=part, isCodable="true"), level[part], path)

    if tree:
        codes(add(add(root, "CodeBook"), "Codes"), tree, "")
    variables = [c for c in VARIABLES if any(not pd.isna(m[c]) for m in metadata.values())]
    if variables:
        element = add(root, "Variables")
        for column in variables:
            variable, kind = VARIABLES[column][:2]
            add(element, "Variable", guid=_guid("variable", variable), name=variable, typeOfVariable=kind)
    sources = add(root, "Sources") if texts else None
    for document in sorted(texts):
        guid = _guid("source", document)
        source = add(sources, "TextSource", guid=guid, name=document, plainTextPath=f"internal://{guid}.txt")
        rows = table[table["document"] == document].sort_values(["start_char", "end_char", "code", "coder"])
        for (start, end), selection_rows in rows.groupby(["start_char", "end_char"], sort=True):
            selection = add(source, "PlainTextSelection", guid=_guid("selection", document, start, end),
                            startPosition=start, endPosition=end)
            if selection_rows["coder"].iloc[0]:
                selection.set("creatingUser", _guid("user", selection_rows["coder"].iloc[0]))
            for n, row in enumerate(selection_rows.itertuples()):
                coding = add(selection, "Coding", guid=_guid("coding", document, start, end, row.code, row.coder, n))
                if row.coder:
                    coding.set("creatingUser", _guid("user", row.coder))
                add(coding, "CodeRef", targetGUID=_guid("code", row.code))
        for column in variables:
            variable, _, tag, as_text = VARIABLES[column]
            if not pd.isna(metadata[document][column]):
                element = add(source, "VariableValue")
                add(element, "VariableRef", targetGUID=_guid("variable", variable))
                add(element, tag).text = as_text(metadata[document][column])
    groups = sorted({m["document_group"] for m in metadata.values() if m["document_group"] is not None})
    if groups:
        sets = add(root, "Sets")
        for group in groups:
            element = add(sets, "Set", guid=_guid("set", group), name=group)
            for document in sorted(d for d, m in metadata.items() if m["document_group"] == group):
                add(element, "MemberSource", targetGUID=_guid("source", document))
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


def write_qdpx(segments: pd.DataFrame, path, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Write the segments as a REFI-QDA project and return the table as read_qdpx will give it back.

    A document missing from `texts` gets a text synthesised from its segments (see _spread) and
    positions derived from it; with a text, missing positions are searched (see _place). Compare
    the returned `text` with the input to see segments that had to take their whole paragraphs.
    """
    path = Path(path)
    name = path.name
    table = _prepare(segments, name)
    texts = {str(d): normalise_text(t) for d, t in (texts or {}).items()}
    rows, metadata = [], {}
    for document, group in table.groupby("document", sort=True):
        metadata[document] = _metadata(group, name, document)
        if document in texts:
            placed = _place(group, texts[document], None, name, document)
        else:
            texts[document], pieces = _synthesise(group)
            placed = _place(group, texts[document], pieces, name, document)
        for row in group.itertuples():
            start, end = placed[row.Index]
            begin, last, excerpt = _span(texts[document], start, end)
            rows.append({"document": document, **metadata[document], "code": row.code, "begin": begin,
                         "end": last, "start_char": start, "end_char": end, "text": excerpt, "coder": row.coder})
    for document in texts.keys() - metadata.keys():
        metadata[document] = {"document_group": None, "municipality": None, "document_date": pd.NaT}
    filled = _table(rows)
    xml = _project_xml(filled, texts, metadata, path.stem)
    members = [("project.qde", xml)] + sorted(
        (f"sources/{_guid('source', d)}.txt", t.encode("utf-8")) for d, t in texts.items())
    path.write_bytes(_zip(members))
    return filled


# ---------------------------------------------------------------- validation

@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def validate_project_xml(xml_bytes: bytes) -> list[str]:
    """Findings of the official QDA-XML 1.0 schema (shipped in metadata/); empty when valid."""
    try:
        document = etree.fromstring(xml_bytes, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"nicht wohlgeformt: {error}"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"Zeile {e.line}: {e.message}" for e in schema.error_log]

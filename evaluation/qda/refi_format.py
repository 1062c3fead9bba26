"""What REFI-QDA import and export share: namespace, GUIDs, text normalisation, the table form,
German labels for the account of a project, and validation against the shipped QDA-XML schema.

Positions: the table counts characters (code points) of the text after removing a BOM and
turning CRLF/CR into LF, and paragraphs are its lines. Tools count differently (NVivo in UTF-16
code units, ATLAS.ti a CRLF as one character), so refi_import maps their positions.
"""
from __future__ import annotations

import re
import uuid
from functools import lru_cache

import pandas as pd
from lxml import etree

from evaluation import metadata_files
from evaluation.errors import DataError
from evaluation.qda.columns import TIDY as COLUMNS

NS = "urn:QDA-XML:project:1.0"
Q = "{%s}" % NS
XSD = metadata_files.path("refi_qda_project.xsd")
ORIGIN = "praeventionsketten-evaluation"
MUNICIPALITY, DOCUMENT_DATE = "Kommune", "Dokumentdatum"
# the original name of a source whose name had to be made safe for other tools (own exports only)
DOCUMENT_NAME = "Dokumentname"
# Fixed, so that users, codes and sources keep their GUIDs from one export to the next.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:praeventionsketten-evaluation:refi-qda")

NOTE_COLUMNS = ["note", "text", "description", "target_kind", "target"]  # info["notes"], write_qdpx(notes=…)
SOURCE_KINDS = {"TextSource": "text", "PDFSource": "pdf", "PictureSource": "picture",
                "AudioSource": "audio", "VideoSource": "video"}
# German singular and plural, for the counts the CLI prints
DOCUMENT_LABELS = {"text": ("Text", "Texte"), "pdf": ("PDF", "PDFs"), "picture": ("Bild", "Bilder"),
                   "audio": ("Audiodatei", "Audiodateien"), "video": ("Video", "Videos")}
NOT_IMPORTED_LABELS = {
    "pdf": ("PDF-Bereich", "PDF-Bereiche"),
    "picture": ("Bildausschnitt", "Bildausschnitte"),
    "audio": ("Audio-Abschnitt", "Audio-Abschnitte"),
    "video": ("Video-Abschnitt", "Video-Abschnitte"),
    "transcript": ("Transkript-Abschnitt", "Transkript-Abschnitte"),
    "source": ("Codierung einer ganzen Quelle", "Codierungen ganzer Quellen"),
    "missing_text": ("Textstelle ohne Quelltext", "Textstellen ohne Quelltext"),
    "link": ("Verknüpfung", "Verknüpfungen"),
    "graph": ("Grafik", "Grafiken"),
}


# ---------------------------------------------------------------- shared helpers

def normalise_text(text: str) -> str:
    """The text positions refer to: no BOM, LF line ends."""
    return str(text).removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def paragraph(text: str, position: int) -> int:
    return 1 + text.count("\n", 0, position)


def span(text: str, start: int, end: int) -> tuple[int, int, str]:
    """begin, end paragraph and text of a selection; an empty one ends where it begins."""
    return paragraph(text, start), paragraph(text, max(end - 1, start)), text[start:end]


def key(guid: str | None) -> str:
    """Tools differ in GUID case and braces; compare them in one form."""
    return (guid or "").strip().strip("{}").upper()


def guid(*parts) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, "|".join(map(str, parts)))).upper()


def colour(value, name: str, code: str) -> str | None:
    """'#abc', 'AABBCC' → '#AABBCC' (the schema's RGB form); empty → None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return None
    text = str(value).strip().lstrip("#")
    if re.fullmatch(r"[0-9A-Fa-f]{3}", text):
        text = "".join(c * 2 for c in text)
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        raise DataError(name, f"Farbe von Code „{code}“ ist keine Farbe der Form #RRGGBB", value=value)
    return "#" + text.upper()


def table(rows: list[dict], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The tidy coded-segments table in its dtypes and canonical row order."""
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS + list(extra))
    frame = frame.astype({"begin": "int64", "end": "int64", "start_char": "Int64", "end_char": "Int64",
                          "document_date": "datetime64[ns]"})
    for column in ("document_group", "municipality", *extra):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    order = ["document", "start_char", "end_char", "code", "coder"]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def parse(xml: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
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


# ---------------------------------------------------------------- German summary

def counted(n: int, labels: tuple[str, str]) -> str:
    return f"{n} {labels[0] if n == 1 else labels[1]}"


def summary(info: dict) -> list[str]:
    """What `qda import` prints: counts of everything read, how positions were counted,
    what was not imported and why; warnings are printed separately."""
    counts = info["counts"]
    kinds = ", ".join(counted(n, DOCUMENT_LABELS[k]) for k, n in counts["documents_by_kind"].items() if n)
    codes = counted(counts["codes"], ("Code", "Codes"))
    coloured, described = counts["codes_with_colour"], counts["codes_with_description"]
    if counts["codes"] and coloured == described == counts["codes"]:
        codes += " (mit Farben und Beschreibungen)"
    elif coloured or described:
        codes += f" ({coloured} mit Farbe, {described} mit Beschreibung)"
    coders = ", ".join(info["coder_names"]) or "–"
    lines = [f"{counted(counts['documents'], ('Dokument', 'Dokumente'))}{f' ({kinds})' if kinds else ''}, "
             f"{codes}, {counted(counts['segments'], ('codiertes Segment', 'codierte Segmente'))} aus "
             f"{counted(counts['selections_imported'], ('Textstelle', 'Textstellen'))}, "
             f"{counted(counts['coders'], ('Codierende*r', 'Codierende'))} ({coders})."]
    source = {"selection": "aus der Textstelle (PlainTextSelection@creatingUser: NVivo schreibt in jede Codierung "
                            "die Person, die das Projekt angelegt hat)",
              "coding": "aus der Codierung (Coding@creatingUser)"}
    if info.get("coder_source"):
        lines.append(f"Codierende gelesen {source[info['coder_source']]}.")
    if counts.get("case_assignments"):
        lines.append(f"{counted(counts['case_assignments'], ('Codierung eines Falls', 'Codierungen von Fällen'))} "
                     "(NVivo führt Fälle auch als Codes) als Fallzuordnung übernommen, nicht als Code; die Fälle "
                     "haben damit ihre Dokumente als Mitglieder.")
    more = [counted(counts[k], labels) for k, labels in (
        ("users", ("Benutzer*in", "Benutzer*innen")), ("sets", ("Set", "Sets")), ("cases", ("Fall", "Fälle")),
        ("variables", ("Variable", "Variablen")), ("notes", ("Notiz/Memo", "Notizen/Memos")),
        ("comments", ("Kommentar zu Codierungen", "Kommentare zu Codierungen")))]
    lines.append("Außerdem übernommen: " + ", ".join(more) + ".")
    if counts["selections_imported"]:
        lines.append(f"Positionen gezählt in {info['position_counting']} ({info['position_basis']}).")
    skipped = {k: n for k, n in info["not_imported"].items() if n}
    if skipped:
        lines.append("nicht übernommen: " + ", ".join(counted(n, NOT_IMPORTED_LABELS[k]) for k, n in skipped.items())
                     + " – die Tabelle enthält nur Codierungen von Textstellen.")
    return lines


# ---------------------------------------------------------------- validation

@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def validate_project_xml(xml_bytes: bytes) -> list[str]:
    """Findings of the official QDA-XML 1.0 schema (shipped in metadata/); empty when valid."""
    try:
        document = etree.fromstring(xml_bytes, etree.XMLParser(resolve_entities=False, no_network=True,
                                                               huge_tree=True))
    except etree.XMLSyntaxError as error:
        return [f"nicht wohlgeformt: {error}"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"Zeile {e.line}: {e.message}" for e in schema.error_log]

"""reports/<date>/werkreport.docx: the report as an editable Word file, because evaluators finish reports in Word.

Built from the same chapter plan (evaluation/chapters.py) as werkreport.html, section by section: Word's
built-in heading styles (navigation pane, table of contents), Markdown texts as paragraphs with bold,
italic, lists and block quotes (mistune's syntax tree), every figure as the run's PNG with a caption in
Word's caption style numbered as in the Werkreport („Abbildung 7: …“), every table as a Word table with a
repeated bold header row and the cells the HTML shows. German throughout (language de-DE, A4). Same data,
same bytes: core properties and zip dates are the reporting date (office_file.py).
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from evaluation import __version__, chapters, formatting as fmt, html_report
from evaluation.data import quality
from evaluation.charts.catalogue import CHARTS, label
from evaluation.publication.office_file import fixed_dates

FILE = "werkreport.docx"
LANGUAGE = "de-DE"
TEXT_WIDTH = Cm(16)  # A4 less 2.5 cm margins, the width the charts are drawn for
FIGURE_HEIGHT = Cm(21)  # a figure and its caption fit on one page
DPI = 150  # charts/style.py draws at this resolution
CHAR_WIDTH, CELL_PADDING = Cm(0.17), Cm(0.3)  # an average character of 8 pt table text; cell margins
MONOSPACE = "Consolas"
NOTICE_STYLE, TABLE_STYLE = "Hinweis", "Tabellentext"
# Word names of the Werkreport's numbered captions, by the catalogue's label
NUMBERED = {"Abb.": "Abbildung", "Tabelle": "Tabelle"}


def caption(key: str, figures: Path) -> tuple[str, str, str]:
    """(name, number, title) of a figure's caption: ('Abbildung', '7', 'Beteiligung …, n = 22').

    The title is the chart's own caption, which the PNG carries (charts/style.py); a figure the Werkreport
    does not number (the QDA code matrix) is an 'Ergänzende Abbildung' without a number.
    """
    from PIL import Image
    with Image.open(Path(figures) / f"{CHARTS[key].stem}.png") as image:  # the title precedes the pixels:
        title = " ".join(str(image.info.get("Title", "")).split())           # no need to decode them
    short = label(key)
    prefix, _, number = short.partition(" ")
    if prefix in NUMBERED and number:
        return NUMBERED[prefix], number, title.removeprefix(f"{short}:").strip()
    return "Ergänzende Abbildung", "", title or short


# --- fields, styles, document settings -------------------------------------------------------------------

def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (SEQ, PAGE, TOC …) as begin/instruction/separate/result/end runs; `shown` until updated."""
    def run_with(tag: str, **attrs):
        run = paragraph.add_run()
        element = OxmlElement(tag)
        for name, value in attrs.items():
            element.set(qn(name), value)
        run._r.append(element)
        return element
    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    instr = run_with("w:instrText", **{"xml:space": "preserve"})
    instr.text = f" {instruction} "
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(shown)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _set(parent, tag: str, **attrs) -> None:
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for name, value in attrs.items():
        element.set(qn(name), value)


def _styles(doc) -> None:
    """German language for every style, a notice style like the HTML's, a compact style for table cells."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set(defaults, "w:lang", **{"w:val": LANGUAGE})
    settings = doc.settings.element
    _set(settings, "w:themeFontLang", **{"w:val": LANGUAGE})
    _set(settings, "w:decimalSymbol", **{"w:val": ","})
    _set(settings, "w:listSeparator", **{"w:val": ";"})
    # Word fills the table of contents (and caption fields) when the file is opened; the schema
    # places updateFields before compat
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.find(qn("w:compat")).addprevious(update)

    notice = doc.styles.add_style(NOTICE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    notice.base_style = doc.styles["Normal"]
    ppr = notice.element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    _set(border, "w:left", **{"w:val": "single", "w:sz": "24", "w:space": "8", "w:color": "DE8F05"})
    ppr.append(border)
    _set(ppr, "w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": "FFF4D6"})
    notice.paragraph_format.left_indent = Cm(0.3)

    cell = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = doc.styles["Normal"]
    cell.font.size = Pt(8)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0


def _page(doc) -> None:
    """A4 with 2.5 cm margins, „Seite n von m“ in the footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run("Seite ")
    _field(footer, "PAGE", "1")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES", "1")


def _properties(doc, ds) -> None:
    moment = datetime.fromisoformat(ds.reporting_date).replace(tzinfo=timezone.utc)
    props = doc.core_properties
    props.title = f"Werkreport 1 „Präventionsketten Niedersachsen“ – Stichtag {fmt.date(ds.reporting_date)}"
    props.language = LANGUAGE
    props.author = props.last_modified_by = f"Paket evaluation {__version__}"
    props.created = props.modified = moment
    props.revision = 1


# --- Markdown (mistune's syntax tree) and the notices ------------------------------------------------------

_INLINE_HTML = {"<sup>": ("superscript", True), "</sup>": ("superscript", False),
                "<sub>": ("subscript", True), "</sub>": ("subscript", False)}


def _inline(paragraph, tokens: list[dict], marks: dict) -> None:
    """Runs of one paragraph; `marks` (bold, italic, code, superscript, subscript) apply to the text runs."""
    for token in tokens:
        kind = token["type"]
        if kind in ("text", "codespan"):
            run = paragraph.add_run(token["raw"])
            run.bold, run.italic = marks.get("bold") or None, marks.get("italic") or None
            if marks.get("superscript"):  # one vertAlign element: assigning the other property would clear it
                run.font.superscript = True
            elif marks.get("subscript"):
                run.font.subscript = True
            if kind == "codespan" or marks.get("code"):
                run.font.name = MONOSPACE
        elif kind in ("strong", "emphasis", "link"):
            mark = {"strong": "bold", "emphasis": "italic", "link": "link"}[kind]
            _inline(paragraph, token["children"], {**marks, mark: True})
        elif kind == "linebreak":
            paragraph.add_run().add_break()
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "inline_html":
            tag = token["raw"].strip().lower()
            if tag in _INLINE_HTML:
                name, on = _INLINE_HTML[tag]
                marks[name] = on
            elif tag in ("<br>", "<br/>", "<br />"):
                paragraph.add_run().add_break()
        elif "children" in token:
            _inline(paragraph, token["children"], marks)
        elif "raw" in token:
            paragraph.add_run(token["raw"])


def _list_style(ordered: bool, depth: int) -> str:
    return ("List Number" if ordered else "List Bullet") + (f" {min(depth, 2) + 1}" if depth else "")


def _markdown(doc, tokens: list[dict], style: str | None = None) -> None:
    """Block tokens as paragraphs: paragraphs, lists (nested), block quotes in Word's Quote style."""
    for token in tokens:
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            _inline(doc.add_paragraph(style=style), token["children"], {})
        elif kind == "heading":
            _inline(doc.add_heading(level=min(token["attrs"]["level"] + 1, 9)), token["children"], {})
        elif kind == "list":
            item_style = _list_style(token["attrs"]["ordered"], token["attrs"]["depth"])
            for item in token["children"]:
                _markdown(doc, item["children"], item_style)
        elif kind == "block_quote":
            _markdown(doc, token["children"], "Quote")
        elif kind == "thematic_break":
            rule = doc.add_paragraph(style=style)
            border = OxmlElement("w:pBdr")
            _set(border, "w:bottom", **{"w:val": "single", "w:sz": "4", "w:space": "1", "w:color": "999999"})
            rule._p.get_or_add_pPr().append(border)
        elif kind == "block_code":
            code = doc.add_paragraph(style=style)
            code.add_run(token["raw"].rstrip("\n")).font.name = MONOSPACE
        elif kind == "block_html":
            _html(doc.add_paragraph(style=style), token["raw"])
        elif "children" in token:
            _markdown(doc, token["children"], style)


def _text(doc, markdown: str) -> None:
    import mistune
    _markdown(doc, mistune.create_markdown(renderer=None)(markdown))


def _html(paragraph, markup: str) -> None:
    """A paragraph of simple HTML (the notices): text, <strong>/<b>, <em>/<i>, <code>."""
    from lxml import html as lxml_html
    root = lxml_html.fragment_fromstring(markup, create_parent="div")

    def walk(element, marks: dict) -> None:
        if element.text:
            _inline(paragraph, [{"type": "text", "raw": element.text}], marks)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            extra = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "code": "code",
                     "sup": "superscript", "sub": "subscript"}.get(tag)
            walk(child, {**marks, extra: True} if extra else marks)
            if child.tail:
                _inline(paragraph, [{"type": "text", "raw": child.tail}], marks)
    walk(root, {})


# --- figures and tables --------------------------------------------------------------------------------

def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _picture_size(png: Path) -> dict:
    """Width (and height) so a figure fills at most the text width and fits on a page with its caption."""
    from PIL import Image
    with Image.open(png) as image:
        width_px, height_px = image.size
    width = min(TEXT_WIDTH, Cm(width_px / DPI * 2.54))
    if width * height_px / width_px > FIGURE_HEIGHT:
        width = int(FIGURE_HEIGHT * width_px / height_px)
    return {"width": width}


def _figure(doc, key: str, figures: Path) -> None:
    png = Path(figures) / f"{CHARTS[key].stem}.png"
    picture = doc.add_paragraph()
    _keep_with_next(picture)
    picture.add_run().add_picture(str(png), **_picture_size(png))
    name, number, title = caption(key, figures)
    line = doc.add_paragraph(style="Caption")
    if number:
        line.add_run(f"{name} ")
        # a SEQ field keeps Word's list of figures working; \r fixes the Werkreport's number on update
        _field(line, f"SEQ {name} \\r {number} \\* ARABIC", number)
        line.add_run(f": {title}")
    else:
        line.add_run(f"{name}: {title}")


def _repeat_header(row) -> None:
    _set(row._tr.get_or_add_trPr(), "w:tblHeader", **{"w:val": "true"})


def _column_widths(shown: pd.DataFrame) -> list[int]:
    """Each column at least as wide as its longest word (up to 20 characters), the rest of the text width
    shared by how much longer its texts are — a long note gets room, a count does not."""
    def words(name) -> list[str]:
        return [str(name), *shown[name]]
    longest_word = [min(20, max(len(w) for text in words(n) for w in text.split() or [""])) for n in shown.columns]
    longest_text = [min(60, max(len(text) for text in words(n))) for n in shown.columns]
    least = [CHAR_WIDTH * n + CELL_PADDING for n in longest_word]
    wish = [max(low, CHAR_WIDTH * n + CELL_PADDING) for low, n in zip(least, longest_text)]
    if sum(least) >= TEXT_WIDTH:
        return [int(TEXT_WIDTH * w / sum(least)) for w in least]
    room = [w - low for w, low in zip(wish, least)]
    spare = TEXT_WIDTH - sum(least)
    if sum(room) <= spare or not sum(room):
        return [int(w * TEXT_WIDTH / sum(wish)) for w in wish]
    return [int(low + spare * r / sum(room)) for low, r in zip(least, room)]


def _table(doc, frame: pd.DataFrame, title: str) -> None:
    """A Word table with the cells the HTML shows (html_report.reader_table), bold header repeated per page."""
    shown = html_report.reader_table(frame)
    head = doc.add_paragraph(title, style="Caption")
    _keep_with_next(head)
    if shown.columns.empty:
        doc.add_paragraph("Keine Einträge zum Stichtag.")
        return
    table = doc.add_table(rows=1, cols=len(shown.columns))
    table.style = doc.styles["Table Grid"]
    style_id = doc.styles[TABLE_STYLE].style_id  # set on the XML: python-docx's lookup per cell is slow

    def fill(cell, text: str):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        return paragraph.add_run(text) if text else None
    widths = _column_widths(shown)
    for cell, name, width in zip(table.rows[0].cells, shown.columns, widths):
        fill(cell, str(name)).bold = True
        cell.width = width
    _repeat_header(table.rows[0])
    for values in shown.itertuples(index=False):
        for cell, value, width in zip(table.add_row().cells, values, widths):
            fill(cell, value)
            cell.width = width
    for column, width in zip(table.columns, widths):
        column.width = width


def _block(doc, ds, block, figures: Path) -> None:
    if isinstance(block, chapters.Text):
        _text(doc, block.render(ds))
    elif isinstance(block, chapters.Figure):
        _figure(doc, block.key, figures)
    else:
        _table(doc, block.render(ds), block.caption)


# --- the document --------------------------------------------------------------------------------------

def _contents(doc) -> None:
    """A table of contents over the headings; Word fills it on opening (updateFields)."""
    doc.add_paragraph("Inhalt", style="TOC Heading")
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
           "Das Inhaltsverzeichnis erscheint beim Öffnen in Word (sonst: Rechtsklick › Feld aktualisieren).")


def document(ds, figures: Path):
    """The whole report for the dataset's date as a python-docx Document, section by section of the plan."""
    doc = Document()
    _styles(doc)
    _page(doc)
    _properties(doc, ds)
    doc.add_heading(f"Werkreport 1 „Präventionsketten Niedersachsen“ – Auswertung zum Stichtag "
                    f"{fmt.date(ds.reporting_date)}", level=0)
    _html(doc.add_paragraph(style=NOTICE_STYLE), re.sub(r"^<p[^>]*>|</p>$", "", html_report.NOTICE))
    stale = quality.stale_note(ds)
    if stale:
        note = doc.add_paragraph(style=NOTICE_STYLE)
        note.add_run("Veralteter Datenstand.").bold = True
        note.add_run(f" {stale}")
    _contents(doc)
    for section in chapters.PLAN:
        doc.add_heading(section.title, level=1)
        for block in section.blocks:
            _block(doc, ds, block, Path(figures))
    closing = doc.add_paragraph("Paket ")
    closing.add_run("evaluation").font.name = MONOSPACE
    closing.add_run(f" {__version__}.")
    return doc


def build(ds, figures: Path, reports: Path) -> Path:
    """Write werkreport.docx for the dataset's date from the run's figures (same data, same bytes)."""
    buffer = io.BytesIO()
    document(ds, figures).save(buffer)
    target = Path(reports) / FILE
    target.write_bytes(fixed_dates(buffer.getvalue(), ds.reporting_date))
    return target

"""The report's Markdown → werkreport.html, .docx and .pdf (pandoc from pypandoc-binary, Typst from typst).

One Markdown document (collect.py) is the only source; pandoc writes each format from it, the three pandoc
processes run side by side, and Typst turns pandoc's Typst source into the PDF in this process meanwhile.
Nothing here needs a browser, root or a system package: both tools come as pip wheels.

- HTML: self-contained (`--embed-resources`: pictures as data: URIs, the house style CSS inline), table of
  contents as `<nav id="TOC">`, footnotes as endnotes, figures as `<figure>` with `<figcaption>`.
- Word: pandoc with a reference document (below): A4, „Seite n von m“ in the footer (PAGE/NUMPAGES fields, none
  on the title page), table of contents as a TOC field (Word fills it on opening), Heading 1–4, real footnotes,
  tables in 8 pt. Tables are set to autofit afterwards (pandoc writes a fixed layout: a column narrower than its
  longest word would break it inside – „Absc|hnitt“); zip members keep pandoc's dates (SOURCE_DATE_EPOCH).
- PDF: pandoc's Typst writer with templates/werkreport.typst (title page, outline on its own page, nested
  bookmarks from the headings, footnotes, „Seite n von m“, no automatic „Abbildung 1:“ before captions that
  already say „Abb. 6: …“), tables too wide for a portrait page on a landscape page, with
  their headings and, where needed, in a smaller font (templates/werkreport.lua, which also limits the height of
  tall charts in Word and PDF); fonts: the DejaVu files matplotlib ships (no system fonts: the same PDF on every machine).

The reference.docx is built at render time from pandoc's own default (`--print-default-data-file
reference.docx`) and changed with python-docx, once per process: it always fits the pinned pandoc's style names,
the changes are readable here, and no binary file lives in git that nobody can regenerate.

Same Markdown, same reporting date → same bytes in all three files (pandoc's docx dates come from
SOURCE_DATE_EPOCH, Typst's PDF date from the reporting date).
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from evaluation.errors import EvaluationError
from evaluation.report.binaries import pandoc

TEMPLATES = Path(__file__).resolve().parent / "templates"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FORMATS = ("html", "docx", "pdf")
TOC_DEPTH = 3
TOC_TITLE = "Inhalt"
RECONSTRUCTED = ("Die Daten dieser Auswertung sind rekonstruiert: Die Original-Mikrodaten der Evaluation sind nicht "
                 "öffentlich. Alle Zahlen, Abbildungen und Tabellen beruhen auf rekonstruierten Rohdaten, die mit den "
                 "veröffentlichten Werten des Werkreports 1 (Stand 31.03.2022) übereinstimmen.")
# The notebooks' Markdown: a "---" rule in prose must not open a YAML block (the metadata come from a file);
# quotes and dashes stay as written („…“, –), as JupyterLab shows them
MARKDOWN = "markdown-yaml_metadata_block-smart"


class RenderError(EvaluationError):
    """pandoc or Typst could not write a format of the report."""




def font_paths() -> list[str]:
    """DejaVu Sans as matplotlib ships it (the charts' font too)."""
    import matplotlib
    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def epoch(reporting_date: str) -> int:
    """Midnight UTC of the reporting date: the date stamped into the files."""
    day = dt.date.fromisoformat(reporting_date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


@dataclass(frozen=True)
class Meta:
    """What the title page says, and what the files' properties say (programme, author, reporting date)."""
    title: str
    subtitle: str = ""
    date: str = ""           # "Stand: 31.03.2022"
    note: str = ""           # the line on reconstructed data (abstract)
    pagetitle: str = ""      # HTML <title>; the title if empty
    reporting_date: str = ""  # ISO; names the date in subject, keywords and the PDF's date

    def properties(self) -> dict:
        """Document properties (not shown on the page): the programme and the reporting date, the evaluation as
        author – never the tool (pandoc, python-docx). Custom names where pandoc would print a standard one
        (`author` would add a line to the title page): `author-meta` for HTML and PDF, Word's creator is set
        in `_docx_after`."""
        from evaluation.publication import office_file
        data = {"author-meta": office_file.AUTHOR}
        if self.reporting_date:
            day = dt.date.fromisoformat(self.reporting_date)
            data.update({"subject": office_file.subject(self.reporting_date),
                         "description": office_file.subject(self.reporting_date),
                         "keywords": office_file.keywords(self.reporting_date),
                         "reporting-date": self.reporting_date,
                         "pdf-date": {"year": str(day.year), "month": str(day.month), "day": str(day.day)}})
        return data

    def metadata(self, toc: bool) -> str:
        data = {"lang": "de-DE", "toc-title": TOC_TITLE, "abstract-title": "Hinweis zu den Daten",
                "pagetitle": self.pagetitle or self.title, "doc-title": self.pagetitle or self.title,
                **self.properties()}
        if toc:
            data.update({"title": self.title, "subtitle": self.subtitle, "date": self.date, "abstract": self.note})
        # JSON is YAML (pandoc's --metadata-file); strings are read as Markdown
        return json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False, indent=1, sort_keys=True)


# --- reference.docx ------------------------------------------------------------------------------------------

def _field(paragraph, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES) in a footer paragraph; Word and LibreOffice compute it when laying out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _style_rpr(style, size: float | None = None, italic: bool | None = None, bold: bool | None = None,
               color: str | None = None) -> None:
    from docx.shared import Pt, RGBColor
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if italic is not None:
        font.italic = italic
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)


def _ppr(style, *tags: str) -> None:
    """Switch on paragraph properties like keepNext, pageBreakBefore in a style."""
    from docx.oxml import OxmlElement
    ppr = style.element.get_or_add_pPr()
    for tag in tags:
        if ppr.find(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}") is None:
            ppr.append(OxmlElement(f"w:{tag}"))


@functools.cache
def reference_docx() -> bytes:
    """pandoc's default reference.docx with the house style: A4, footer with page numbers, small table font."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    default = subprocess.run([pandoc(), "--print-default-data-file", "reference.docx"], capture_output=True,
                             check=True).stdout
    doc = docx.Document(io.BytesIO(default))
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
    section.footer_distance = Cm(1.1)
    section.different_first_page_header_footer = True  # the title page has no page number
    footer = section.footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("Seite ")
    _field(para, "PAGE")
    para.add_run(" von ")
    _field(para, "NUMPAGES")
    for run in para.runs:
        run.font.size = Pt(8)
    styles = doc.styles
    # the body size in the document defaults, not in "Normal": a paragraph style's size would beat the table
    # style's (Word: defaults < table style < paragraph style), and table cells are "Compact" paragraphs
    for sz in styles.element.iterfind(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/*"):
        if sz.tag in (qn("w:sz"), qn("w:szCs")):
            sz.set(qn("w:val"), "21")
    _style_rpr(styles["Table"], size=8)  # table style: the text of every table cell
    table_ppr = styles["Table"].element.get_or_add_pPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "20")
    spacing.set(qn("w:after"), "20")
    table_ppr.append(spacing)
    for name in ("Image Caption", "Table Caption"):
        _style_rpr(styles[name], size=9, italic=False, bold=True)
    _ppr(styles["Table Caption"], "keepNext")
    _ppr(styles["Captioned Figure"], "keepNext")
    _ppr(styles["Heading 1"], "pageBreakBefore")   # every chapter, and the appendices, on a new page
    _ppr(styles["TOC Heading"], "pageBreakBefore")  # the table of contents after the title page
    _style_rpr(styles["Footnote Text"], size=8.5)
    for level in (1, 2, 3, 4):
        _style_rpr(styles[f"Heading {level}"], color="1B4F72")
    out = io.BytesIO()
    doc.save(out)
    from evaluation.publication.office_file import fixed_dates
    return fixed_dates(out.getvalue(), "2000-01-01")


CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/"}


def _core_properties(content: bytes, meta: Meta | None) -> bytes:
    """docProps/core.xml with the evaluation as creator and last editor (pandoc leaves dc:creator empty without an
    `author`, which would print on the title page); title, subject, keywords, language and the dates pandoc
    already wrote from the metadata (the dates from SOURCE_DATE_EPOCH)."""
    from lxml import etree
    from evaluation.publication import office_file
    root = etree.fromstring(content)
    for tag, value in (("dc:creator", office_file.AUTHOR), ("cp:lastModifiedBy", office_file.AUTHOR),
                       ("dc:title", meta.pagetitle or meta.title if meta else None)):
        if value is None:
            continue
        prefix, name = tag.split(":")
        element = root.find(f"{{{CORE[prefix]}}}{name}")
        if element is None:
            element = etree.SubElement(root, f"{{{CORE[prefix]}}}{name}")
        element.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _docx_after(data: bytes, meta: Meta | None = None) -> bytes:
    """Word tables on autofit, the document's theme language German, the evaluation as author; zip members keep
    their dates."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _core_properties(content, meta)
            elif info.filename == "word/document.xml":
                content = re.sub(rb'<w:tblLayout w:type="fixed"\s*/>', b"", content)
            elif info.filename == "word/settings.xml":
                content = content.replace(b'<w:themeFontLang w:val="en-US" />', b'<w:themeFontLang w:val="de-DE" />')
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            out.writestr(member, content)
    return target.getvalue()


# --- the chain -----------------------------------------------------------------------------------------------

def _workdir(markdown: str, metadata: str, figures_dir: Path | None, figures: tuple[str, ...], images) -> Path:
    """A scratch folder holding the Markdown, the pictures (linked or copied) and the templates."""
    from evaluation.report.collect import FIGURES, IMAGES
    work = Path(tempfile.mkdtemp(prefix="werkreport-"))
    (work / "werkreport.md").write_text(markdown, encoding="utf-8")
    (work / "metadata.yaml").write_text(metadata, encoding="utf-8")
    if figures:
        (work / FIGURES).mkdir()
        for name in figures:
            source, target = Path(figures_dir) / name, work / FIGURES / name
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
    if images:
        (work / IMAGES).mkdir()
        for name, data in images:
            (work / IMAGES / name).write_bytes(data)
    return work


def _pandoc_args(fmt: str, toc: bool) -> list[str]:
    common = [pandoc(), "werkreport.md", "-f", MARKDOWN, "--metadata-file=metadata.yaml",
              "--resource-path=.", "--wrap=none"]
    if toc:
        common += ["--toc", f"--toc-depth={TOC_DEPTH}"]
    if fmt == "html":
        return common + ["-s", "-t", "html5", "--embed-resources", f"--template={TEMPLATES / 'werkreport.html'}",
                         f"--css={TEMPLATES / 'werkreport.css'}", "-o", "werkreport.html"]
    if fmt == "docx":
        return common + ["-s", "-t", "docx", "--reference-doc=reference.docx",
                         f"--lua-filter={TEMPLATES / 'werkreport.lua'}", "-o", "werkreport.docx"]
    if fmt == "typst":
        return common + ["-s", "-t", "typst", f"--template={TEMPLATES / 'werkreport.typst'}",
                         f"--lua-filter={TEMPLATES / 'werkreport.lua'}", "-o", "werkreport.typ"]
    raise ValueError(fmt)


def _wait(process: subprocess.Popen, fmt: str) -> None:
    _, err = process.communicate()
    if process.returncode:
        raise RenderError(f"pandoc konnte werkreport.{fmt} nicht schreiben: {err.decode('utf-8', 'replace').strip()}")


def _typst(work: Path, reporting_date: str) -> bytes:
    import typst
    try:
        return typst.compile(str(work / "werkreport.typ"), root=str(work), font_paths=font_paths(),
                             ignore_system_fonts=True, timestamp=epoch(reporting_date))
    except Exception as exc:  # typst raises its own error type with the diagnostics as text
        raise RenderError(f"Typst konnte werkreport.pdf nicht setzen: {exc}") from None


def render(markdown: str, meta: Meta, reporting_date: str, target_dir: Path, figures_dir: Path | None = None,
           figures: tuple[str, ...] = (), images=(), formats=FORMATS, toc: bool = True,
           stem: str = "werkreport") -> dict[str, Path]:
    """Write `<stem>.html/.docx/.pdf` (those in `formats`) into `target_dir`; returns {format: path}."""
    work = _workdir(markdown, meta.metadata(toc), figures_dir, figures, images)
    started: dict[str, subprocess.Popen] = {}
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch(reporting_date))}
    try:
        if "docx" in formats:
            (work / "reference.docx").write_bytes(reference_docx())
        wanted = [("typst" if f == "pdf" else f) for f in formats]
        for f in wanted:
            started[f] = subprocess.Popen(_pandoc_args(f, toc), cwd=work, env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE)
        results: dict[str, bytes] = {}
        if "typst" in started:
            _wait(started["typst"], "typ")
            results["pdf"] = _typst(work, reporting_date)
        for fmt in ("html", "docx"):
            if fmt in started:
                _wait(started[fmt], fmt)
                data = (work / f"werkreport.{fmt}").read_bytes()
                results[fmt] = _docx_after(data, meta) if fmt == "docx" else data
        target_dir = Path(target_dir)
        target_dir.mkdir(parents=True, exist_ok=True)
        written = {}
        for fmt in formats:
            path = target_dir / f"{stem}.{fmt}"
            scratch = path.with_name(f".{path.name}.tmp")
            scratch.write_bytes(results[fmt])
            os.replace(scratch, path)
            written[fmt] = path
        return written
    finally:
        for process in started.values():  # after a failure, the other pandoc processes stop too
            if process.poll() is None:
                process.kill()
                process.communicate()
        shutil.rmtree(work, ignore_errors=True)

"""Executed notebooks → one pandoc-Markdown document (the report's single source for HTML, Word and PDF).

What a reader gets from a notebook (the contract of display.py):

- markdown cells as written (they carry the headings with the Werkreport's numbers; nothing is numbered here);
- code never; cells tagged `remove-cell`, `parameters` or `injected-parameters` not at all, cells tagged
  `remove-output` without their outputs;
- an `error` output in any cell → NotebookError naming notebook and cell (a failed cell never reaches a reader);
- per output, the first that applies:
  `stream` output → nothing (log lines stay in the notebook);
  metadata `report.caption_of` → nothing (the caption is part of the figure);
  metadata `report.figure` → `![caption](figures/<file>){#fig-<stem>}`, a figure with its caption, the picture
  read from the saved file in the date's figures folder (not the notebook's base64 copy; only a notebook rendered
  without a figures folder, a profile page, uses that copy);
  `text/markdown` → inserted as Markdown (prose, a display.Table's pipe table with its caption);
  `image/png` → a picture without caption (written to `bilder/`, as the notebook has no file of it);
  `text/html` → converted to Markdown by pandoc (a DataFrame or HTML table shown without display.table then
  reaches Word and PDF too; all fragments of a document in one pandoc call);
  anything else (text/plain only) → nothing.

Footnote labels are local to a markdown cell or output in the notebook but global in the merged document:
each is prefixed with the notebook's number (and the chunk's, when a notebook defines a label twice).
A gender star (Koordinator*innen) is escaped so pandoc does not read it as emphasis. The appendices follow
the heading „Anlagen“ with a list of their titles (each appendix's first heading). Same notebooks → same text, byte for byte.
"""
from __future__ import annotations

import base64
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from evaluation.errors import NotebookError
from evaluation.report.display import MISSING, TAG_REMOVE_CELL, TAG_REMOVE_OUTPUT, column_dashes, escape_markdown

FIGURES = "figures"  # folder of the saved figures as the Markdown names it (render links it to the date's folder)
IMAGES = "bilder"    # pictures that exist only inside a notebook, written by render
DROPPED_TAGS = {TAG_REMOVE_CELL, "parameters", "injected-parameters"}
APPENDICES = "Anlagen"
_SPLIT = "XQSPLITXQ"

_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)
# Koordinator*innen, Nutzer*in: a star between letters is German gender notation, never emphasis
_GENDER_STAR = re.compile(r"(?<=[A-Za-zÄÖÜäöüß])(?<!\\)\*(?=(?:in|innen|n|r|e)\b)")


@dataclass(frozen=True)
class Collected:
    """The merged document and the files its pictures come from."""
    markdown: str
    figures: tuple[str, ...]                       # file names in the date's figures folder, in order of use
    images: tuple[tuple[str, bytes], ...] = ()     # (file name in bilder/, PNG bytes) of pictures without file

    @property
    def title(self) -> str | None:
        """The first level-1 heading's text (a profile page's title)."""
        m = re.search(r"^# +(.+?)\s*(\{[^}]*\})?\s*$", self.markdown, re.M)
        return m[1].strip() if m else None


@dataclass
class _Chunk:
    """A piece of Markdown from one markdown cell or one output: footnotes are resolved per chunk."""
    text: str
    kind: str = "markdown"   # "markdown" (rewritten: footnotes, gender star) | "html" (to convert) | "block"


def read_notebook(path: Path) -> dict:
    """An executed notebook as plain JSON (nbformat 4 as papermill writes it; no schema validation: nbformat's
    validator imports jsonschema's IRI grammar, seconds in a fresh process)."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotebookError(f"Notebook {path.stem}: das ausgeführte Notebook fehlt ({path.name}) – "
                            "ohne es entsteht kein Bericht.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NotebookError(f"Notebook {path.stem}: keine lesbare Notebook-Datei ({exc}).") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise NotebookError(f"Notebook {path.stem}: kein Notebook im Format 4 (nbformat).")
    return nb


class _Notebook:
    def __init__(self, path: Path, prefix: str, figures_dir: Path | None):
        self.path, self.prefix, self.figures_dir = Path(path), prefix, figures_dir
        self.name = self.path.stem
        self.nb = read_notebook(self.path)
        self.chunks: list[_Chunk] = []
        self.figures: list[str] = []
        self.images: list[tuple[str, bytes]] = []

    def read(self, ids: set[str]) -> "_Notebook":
        for index, cell in enumerate(self.nb["cells"], 1):
            tags = set(cell.get("metadata", {}).get("tags", []))
            for output in cell.get("outputs", []):  # a failed cell stops the report, hidden or not
                if output.get("output_type") == "error":
                    raise NotebookError(
                        f"Notebook {self.name}, Zelle {index}: die Ausgabe ist ein Fehler "
                        f"({output.get('ename', 'Fehler')}: {output.get('evalue', '')}) – ein Bericht mit einer "
                        "fehlgeschlagenen Zelle wird nicht erstellt.")
            if tags & DROPPED_TAGS:
                continue
            if cell.get("cell_type") == "markdown":
                self.chunks.append(_Chunk(_text(cell.get("source", ""))))
            elif cell.get("cell_type") == "code" and TAG_REMOVE_OUTPUT not in tags:
                for number, output in enumerate(cell.get("outputs", []), 1):
                    self._output(output, index, number, ids)
        return self

    def _output(self, output, cell: int, number: int, ids: set[str]) -> None:
        kind = output.get("output_type")
        if kind not in ("display_data", "execute_result"):
            return
        data, report = output.get("data", {}), output.get("metadata", {}).get("report", {})
        if not isinstance(report, dict):
            report = {}
        if report.get("caption_of"):
            return
        if report.get("figure"):
            self.chunks.append(_Chunk(self._figure(report, data, cell, number, ids), "block"))
        elif "text/markdown" in data:
            self.chunks.append(_Chunk(_text(data["text/markdown"])))
        elif "image/png" in data:
            name = f"{self.prefix}-{cell}-{number}.png"
            self.images.append((name, base64.b64decode(_text(data["image/png"]))))
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
            # the escaped space after the image keeps it a plain picture, not a figure with its alt text as caption
            self.chunks.append(_Chunk(f"![{escape_markdown(alt)}]({IMAGES}/{name})\\ ", "block"))
        elif "text/html" in data:
            self.chunks.append(_Chunk(_text(data["text/html"]), "html"))

    def _figure(self, report: dict, data: dict, cell: int, number: int, ids: set[str]) -> str:
        """A figure with its caption: the saved file from the figures folder; without a folder (a profile page
        rendered on its own) the notebook's copy of the picture."""
        file = Path(str(report["figure"])).name
        caption = str(report.get("caption") or "").strip()
        if not caption:
            raise NotebookError(f"Notebook {self.name}, Zelle {cell}: Abbildung {file} ohne Beschriftung "
                                "(report.caption fehlt).")
        anchor = _unique(ids, "fig-" + re.sub(r"[^A-Za-z0-9_-]+", "-", Path(file).stem))
        if self.figures_dir is None and "image/png" in data:
            name = f"{self.prefix}-{cell}-{number}.png"
            self.images.append((name, base64.b64decode(_text(data["image/png"]))))
            return f"![{escape_markdown(caption)}]({IMAGES}/{name}){{#{anchor}}}"
        if self.figures_dir is None or not (Path(self.figures_dir) / file).is_file():
            raise NotebookError(f"Notebook {self.name}, Zelle {cell}: die Abbildung {file} fehlt im Ordner der "
                                f"Abbildungen ({self.figures_dir}).")
        self.figures.append(file)
        return f"![{escape_markdown(caption)}]({FIGURES}/{file}){{#{anchor}}}"

    def first_heading(self) -> str | None:
        """The text of the notebook's first level-1 heading (an appendix's title in the overview „Anlagen“)."""
        for chunk in self.chunks:
            m = chunk.kind == "markdown" and re.search(r"^# +(.+?)\s*(\{[^}]*\})?\s*$", chunk.text, re.M)
            if m:
                return m[1].strip()
        return None

    def markdown(self) -> list[str]:
        """The notebook's chunks as Markdown: footnote labels made unique, gender stars escaped."""
        defined: dict[str, int] = {}
        for chunk in self.chunks:
            if chunk.kind == "markdown":
                for label in set(_FOOTNOTE_DEF.findall(chunk.text)):
                    defined[label] = defined.get(label, 0) + 1
        out: list[str] = []
        last: dict[str, str] = {}
        for number, chunk in enumerate(self.chunks, 1):
            if chunk.kind != "markdown":
                out.append(chunk.text)
                continue
            own = set(_FOOTNOTE_DEF.findall(chunk.text))
            for label in own:
                last[label] = f"{self.prefix}c{number}" if defined[label] > 1 else self.prefix

            def relabel(m, own=own, number=number):
                label = m[1]
                if label not in defined:
                    raise NotebookError(f"Notebook {self.name}: Fußnote [^{label}] ohne Fußnotentext "
                                        f"([^{label}]: … fehlt im Notebook).")
                scope = last.get(label) if label not in own else (
                    f"{self.prefix}c{number}" if defined[label] > 1 else self.prefix)
                return f"[^{scope or self.prefix}-{label}]"
            out.append(_GENDER_STAR.sub(r"\\*", _FOOTNOTE.sub(relabel, chunk.text)))
        return out


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _unique(ids: set[str], anchor: str) -> str:
    candidate, n = anchor, 1
    while candidate in ids:
        n += 1
        candidate = f"{anchor}-{n}"
    ids.add(candidate)
    return candidate


def html_to_markdown(fragments: list[str]) -> list[str]:
    """HTML fragments (tables shown without display.table) as pandoc Markdown, all in one pandoc call."""
    if not fragments:
        return []
    from evaluation.report.binaries import pandoc
    joined = "\n".join(f"<p>{_SPLIT}{i:05d}</p>\n{fragment}" for i, fragment in enumerate(fragments))
    result = subprocess.run([pandoc(), "-f", "html", "--wrap=none",
                             "-t", "markdown-raw_html-native_divs-native_spans-fenced_divs-bracketed_spans"
                                   "-link_attributes-header_attributes-raw_attribute-simple_tables"
                                   "-multiline_tables-smart"],
                            input=joined.encode("utf-8"), capture_output=True, check=True)
    parts = re.split(rf"^{_SPLIT}\d{{5}}\s*$", result.stdout.decode("utf-8"), flags=re.M)
    assert len(parts) == len(fragments) + 1, "pandoc hat die HTML-Ausgaben nicht getrennt zurückgegeben"
    return [_pipe_tables(p.strip("\n")) for p in parts[1:]]


_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _pipe_tables(markdown: str) -> str:
    """Pipe tables as display.pipe_table makes them: empty body cells read „–“ (a reader never sees an empty
    cell), column widths from the longest word and the share of the text (pandoc's writer draws equal dashes,
    which read back as equal columns)."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if i == 0 or not _RULE.match(line) or not lines[i - 1].startswith("|"):
            continue
        end = i + 1
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        for k in range(i + 1, end):
            lines[k] = "| " + " | ".join(c or MISSING for c in _cells(lines[k])) + " |"
        rows = [_cells(row) for row in [lines[i - 1], *lines[i + 1:end]]]
        rule = _cells(line)
        n = len(rule)
        widths = [max([len(r[k]) for r in rows if k < len(r)] or [0]) for k in range(n)]
        words = [max([len(w) for r in rows if k < len(r) for w in r[k].split()] or [0]) for k in range(n)]
        dashes = column_dashes(widths, words)
        lines[i] = "|" + "|".join((":" if r.startswith(":") else "-") + "-" * (d - 1) + (":" if r.endswith(":") else "-")
                                  for r, d in zip(rule, dashes)) + "|"
    return "\n".join(lines)


def _assemble(parts: list[tuple[str, _Notebook | str]]) -> Collected:
    """Markdown of (kind, notebook or heading) parts, with HTML outputs converted in one call."""
    texts: list[str] = []
    html_at: list[int] = []
    html: list[str] = []
    figures: list[str] = []
    images: list[tuple[str, bytes]] = []
    for kind, item in parts:
        if kind == "heading":
            texts.append(item)
            continue
        figures += item.figures
        images += item.images
        rendered = item.markdown()
        for chunk, text in zip(item.chunks, rendered):
            if chunk.kind == "html":
                html_at.append(len(texts))
                html.append(text)
            texts.append(text)
    for at, converted in zip(html_at, html_to_markdown(html)):
        texts[at] = converted
    body = "\n\n".join(t.strip("\n") for t in texts if t.strip())
    return Collected(body + "\n", tuple(dict.fromkeys(figures)), tuple(images))


def _prefix(stem: str) -> str:
    """A notebook's short, label-safe prefix: its number (`20_strukturen` → `n20`), else its name."""
    m = re.match(r"^(\d+)", stem)
    return f"n{m[1]}" if m else "n" + re.sub(r"[^A-Za-z0-9]+", "", stem)


def collect(executed_dir: Path, toc, figures_dir: Path | None = None) -> Collected:
    """The report's Markdown from the executed notebooks `<executed_dir>/<name>.ipynb` in the order of `toc`.

    Raises NotebookError (German) when a notebook is missing, shows an error output or names a figure file that
    does not exist in `figures_dir`.
    """
    ids: set[str] = set()
    parts: list[tuple[str, _Notebook | str]] = []
    prefixes: set[str] = set()

    def notebook(stem: str) -> _Notebook:
        prefix = _unique(prefixes, _prefix(stem))
        return _Notebook(Path(executed_dir) / f"{stem}.ipynb", prefix, figures_dir).read(ids)
    parts += [("notebook", notebook(stem)) for stem in toc.chapters]
    if toc.appendices:
        appendices = [notebook(stem) for stem in toc.appendices]
        titles = [t for t in (a.first_heading() for a in appendices) if t]
        overview = "".join(f"\n- {t}" for t in titles)
        parts.append(("heading", f"# {APPENDICES} {{#anlagen .unnumbered}}\n{overview}"))
        parts += [("notebook", a) for a in appendices]
    return _assemble(parts)


def collect_notebook(executed: Path, figures_dir: Path | None = None) -> Collected:
    """One executed notebook (a Kommunensteckbrief) as Markdown, by the same rules."""
    ids: set[str] = set()
    stem = Path(executed).stem
    return _assemble([("notebook", _Notebook(Path(executed), _prefix(stem), figures_dir).read(ids))])

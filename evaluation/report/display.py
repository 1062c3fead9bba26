"""What a notebook cell shows, in the form the report takes it from the executed notebook.

Three kinds of output reach the reader, each one `display_data` in the executed notebook:

- prose: `prose(text)` – Markdown (pandoc's flavour: footnotes `[^id]` allowed);
- a figure: `figure(fig, stem, caption, folder, data)` – the PNG (saved with its SVG into `folder`, its data as
  `<stem>.csv` for German Excel beside them), the caption as text below it, and the chart's data as text (nbval
  compares that text, not the pixels);
  output metadata `{"report": {"figure": "<stem>.png", "caption": "…"}}` tells the report which file
  and caption form the figure; the visible caption output carries `{"report": {"caption_of": stem}}`;
- a table: `table(frame, caption)` – HTML for JupyterLab, a pandoc pipe table with its caption for
  the report (`text/markdown`), plain text for nbval.

Everything else a cell shows (the tidy analysis frames) stays in the notebook: such cells carry the
tag `remove-output`, cells only for the notebook (parameters, imports) `remove-cell` – jupyter-book's
tags. Code is never part of the report.
"""
from __future__ import annotations

import base64
import html
import math
from pathlib import Path

import pandas as pd

MISSING = "–"
TAG_REMOVE_CELL = "remove-cell"
TAG_REMOVE_OUTPUT = "remove-output"


def _cell(value) -> str:
    """A table cell as the reader reads it: never empty, never NaN."""
    if value is None:
        return MISSING
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if not isinstance(value, str) and pd.isna(value) is True:
        return MISSING
    text = str(value).strip()
    return text or MISSING


def reader_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, '–' where nothing is; the index (if named) becomes the first column."""
    if frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    return pd.DataFrame({str(c): [_cell(v) for v in frame[c]] for c in frame.columns})


MARKDOWN_SPECIAL = set("\\`*_[]<>$^~@|")


def escape_markdown(text: str) -> str:
    """Text that pandoc's Markdown reads back as the same characters (Koordinator*innen stays as written)."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in text.replace("\n", " "))


PORTRAIT_CHARS = 100  # characters of table text side by side on a portrait A4 page (small table font)


def column_dashes(widths: list[int], words: list[int]) -> list[int]:
    """Dashes of a pipe table's rule (pandoc reads them as relative widths) from each column's longest text and
    longest word: every column first gets its longest word plus two characters of padding, the rest of a
    portrait line is shared by the length of the texts. A table whose words alone exceed the line gets no
    more than their sum (the PDF sets it on a landscape page)."""
    base = [max(3, word + 2) for word in words]
    spare = max(0, PORTRAIT_CHARS - sum(base))
    extra = [max(0, w - b) for w, b in zip(widths, base)]
    total = sum(extra) or 1
    return [b + round(spare * e / total) for b, e in zip(base, extra)]


def pipe_table(frame: pd.DataFrame, caption: str, label: str | None = None) -> str:
    """A pandoc pipe table; the dashes give the relative column widths, so long texts get wide columns.

    Each column gets at least the dashes of its longest word (plus two for the cell's padding), so a narrow
    column does not break a word in the middle ("Absc|hnitt"); the rest follows the length of its texts.
    """
    shown = reader_frame(frame)
    widths = [max([len(c)] + [len(v) for v in shown[c]]) for c in shown.columns]
    words = [max(len(w) for v in [c, *shown[c]] for w in (v.split() or [""])) for c in shown.columns]
    dashes = column_dashes(widths, words)
    right = [all(v == MISSING or _numeric(v) for v in shown[c]) for c in shown.columns]
    head = "| " + " | ".join(escape_markdown(c) for c in shown.columns) + " |"
    rule = "|" + "|".join(("-" * d + ":") if r else ("-" * d + "-") for d, r in zip(dashes, right)) + "|"
    rows = ["| " + " | ".join(escape_markdown(v) for v in row) + " |" for row in shown.itertuples(index=False)]
    # a line longer than pandoc's 72 columns makes it honour the dashes as relative widths
    rule = rule if len(rule) > 72 else rule.replace("-|", "-" * (73 - len(rule) + 1) + "|", 1)
    anchor = f" {{#{label}}}" if label else ""
    return "\n".join([head, rule, *rows, "", f": {escape_markdown(caption)}{anchor}", ""])


def _numeric(text: str) -> bool:
    """'1.234', '54,5 %', '-3' – right-aligned in a table."""
    for ch in ".,%\u00a0 ":
        text = text.replace(ch, "")
    return text.lstrip("-").isdigit()


class Prose:
    """German prose for the reader (Markdown)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def prose(text: str) -> Prose:
    return Prose(text)


class Table:
    """A table for the reader: German headers and cells as text, its caption ("Tabelle 1: …")."""

    def __init__(self, frame: pd.DataFrame, caption: str, label: str | None = None):
        self.frame, self.caption, self.label = reader_frame(frame), caption, label

    def _repr_mimebundle_(self, include=None, exclude=None):
        body = self.frame.to_html(index=False, border=0, escape=True)
        page = f"<p><strong>{html.escape(self.caption)}</strong></p>\n{body}"
        with pd.option_context("display.max_colwidth", None, "display.max_rows", None,
                               "display.max_columns", None, "display.width", 250):
            text = f"{self.caption}\n{self.frame.to_string(index=False)}"
        return ({"text/html": page, "text/markdown": pipe_table(self.frame, self.caption, self.label),
                 "text/plain": text}, {"report": {"table": self.label or ""}})


def table(frame: pd.DataFrame, caption: str, label: str | None = None) -> Table:
    return Table(frame, caption, label)


class _FigureImage:
    def __init__(self, png: bytes, stem: str, caption: str, text: str):
        self.png, self.stem, self.caption, self.text = png, stem, caption, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return ({"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.text},
                {"report": {"figure": f"{self.stem}.png", "caption": self.caption}})


class _Caption:
    def __init__(self, stem: str, caption: str):
        self.stem, self.caption = stem, caption

    def _repr_mimebundle_(self, include=None, exclude=None):
        return ({"text/markdown": f"*{escape_markdown(self.caption)}*", "text/plain": self.caption},
                {"report": {"caption_of": self.stem}})


class FigureOutput:
    """A saved chart as a notebook shows it: picture, caption as text, data as text."""

    def __init__(self, png: bytes, stem: str, caption: str, data: pd.DataFrame | None):
        self.png, self.stem, self.caption = png, stem, caption
        self.data = None if data is None else reader_frame(data)

    def _ipython_display_(self) -> None:
        from IPython.display import display
        text = self.caption
        if self.data is not None:
            with pd.option_context("display.max_colwidth", None, "display.max_rows", None,
                                   "display.max_columns", None, "display.width", 250):
                text += " – Daten der Abbildung\n" + self.data.to_string(index=False)
        display(_FigureImage(self.png, self.stem, self.caption, text))
        display(_Caption(self.stem, self.caption))


def data_csv(frame: pd.DataFrame, folder: Path, stem: str) -> Path:
    """A figure's or table's data as `folder/<stem>.csv` in the form German Excel opens (`;`, decimal comma,
    UTF-8 with BOM, '–' where nothing is): the file a reader takes to redraw or check the chart. Columns the
    frame holds as formatted text ('54,5 %') are numbers again („Anteil in %“: 54,5)."""
    from evaluation.publication import excel_csv
    return excel_csv.write(excel_csv.numbers_from_text(frame), Path(folder) / f"{stem}.csv")


def figure(fig, stem: str, caption: str, folder: Path, data: pd.DataFrame | None = None) -> FigureOutput:
    """Save `fig` as `folder/<stem>.png` and `.svg` (and its data as `<stem>.csv`) and show it with its caption
    (and its data as text)."""
    from evaluation.charts import style
    png_path = style.save(fig, Path(folder), stem)[0]
    if data is not None:
        data_csv(data, folder, stem)
    return FigureOutput(png_path.read_bytes(), stem, caption, data)

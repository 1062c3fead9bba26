"""reports/<date>/werkreport.html: the report an evaluator hands on, self-contained and in German.

Built by the pipeline as the last step of a run from the chapter plan (evaluation/chapters.py) —
the same plan the notebooks show — and the figures the run drew. Every figure carries its data
as a table beneath it; figures are embedded (base64), so no network is needed.

The page is also the source of werkreport.pdf (pdf_report.py): the `@media print` rules give
A4 pages numbered „Seite n von m“ and keep each figure with its caption on one page. The figures'
data tables are left out of print — on paper a closed <details> cannot be opened, printing all of
them open would add pages of numbers the bar labels already show; they stay in this page.
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pandas as pd

from evaluation import __version__, chapters, formatting as fmt
from evaluation.data import quality
from evaluation.charts.catalogue import CHARTS, data_table, label

CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #ccc;margin-top:2.2rem}h3{font-size:1.1rem}
.hinweis{background:#fff4d6;border-left:4px solid #de8f05;padding:.6rem 1rem}
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
details{font-size:.8rem;margin:.3rem 0 1rem}summary{cursor:pointer;color:#0173b2}
table{border-collapse:collapse;font-size:.8rem;margin:.8rem 0}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
blockquote{border-left:3px solid #0173b2;margin:1rem 0;padding:.2rem 1rem;background:#f4f8fb}
@media print{
@page{size:A4;margin:1.8cm 1.8cm 2cm;@bottom-center{content:"Seite " counter(page) " von " counter(pages);font:8pt 'DejaVu Sans',Arial,sans-serif;color:#555}}
body{max-width:none;margin:0;padding:0;font-size:10pt}
h1,h2,h3,caption{break-after:avoid}
figure{break-inside:avoid}figure img{max-height:22cm;width:auto;max-width:100%}
details{display:none}body>p:last-child{break-before:avoid}
table{width:100%;font-size:7.5pt}tr,blockquote,.hinweis{break-inside:avoid}th,td{overflow-wrap:break-word}
.hinweis,blockquote{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
# After loading, the page records whether every image decoded (checked by the browser test).
SCRIPT = """
window.addEventListener('load', function () {
  var imgs = Array.from(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.body.setAttribute('data-images', ok + '/' + imgs.length);
});
"""
NOTICE = ('<p class="hinweis"><strong>Rekonstruierte Daten.</strong> Die Original-Mikrodaten der Evaluation sind '
          "nicht öffentlich. Alle Zahlen, Abbildungen und Tabellen beruhen auf rekonstruierten Rohdaten, die mit den "
          "veröffentlichten Werten des Werkreports 1 (Stand 31.03.2022) übereinstimmen; Platzhalter und "
          "Entscheidungen sind in <code>data/raw/README.md</code> dokumentiert. Zitate sind wörtlich aus dem "
          "Bericht; andere Texte tragen die Marke „[rekonstruiert]“.</p>")


def _markdown(text: str) -> str:
    import mistune
    return mistune.html(text)


def cell_text(value) -> str:
    """One cell as a reader reads it: German numbers, empty for a missing value (never 'NaN' or 'None')."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return fmt.number(value, 0 if value.is_integer() else 2)
    return str(value)


def reader_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The table flat (row labels as first column) with every cell as text — what HTML and Word show."""
    flat = (frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame).copy()
    flat.columns.name = None  # a named column axis would print as a second header row
    return flat.astype(object).map(cell_text)


def _break_points(text: str) -> str:
    text = re.sub(r"([_/])(?=\w)", r"\1<wbr>", text)
    return re.sub(r"[0-9a-f]{32,}", lambda m: "<wbr>".join(re.findall(".{1,16}", m[0])), text)


def table_html(frame: pd.DataFrame, caption: str, key: str = "") -> str:
    """A reader's table: flat, German headers, empty cells stay empty (never 'NaN')."""
    body = reader_table(frame).to_html(index=False, escape=True, border=0, classes=key or None)
    # long file names (offers_families.csv) may wrap after "_" and "/" in narrow cells, checksums every 16
    # characters (on an A4 page a SHA-256 would run off the paper); copying them is unchanged
    body = re.sub(r">([^<]*)<", lambda m: ">" + _break_points(m[1]) + "<", body)
    return body.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>\n  <thead>", 1)


def _figure(ds, key: str, figures: Path) -> str:
    png = figures / f"{CHARTS[key].stem}.png"
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    name = label(key)
    return (f'<figure id="{key}"><img src="data:image/png;base64,{data}" alt="{html.escape(name)}">'
            f"<figcaption>{html.escape(name)} (Datei {png.name})</figcaption></figure>"
            f"<details><summary>Daten zu {html.escape(name)}</summary>"
            + table_html(data_table(ds, key), f"Daten zu {name}", f"daten-{key}") + "</details>")


def _block(ds, block, figures: Path) -> str:
    if isinstance(block, chapters.Text):
        return _markdown(block.render(ds))
    if isinstance(block, chapters.Figure):
        return _figure(ds, block.key, figures)
    return table_html(block.render(ds), block.caption)


def render(ds, figures: Path) -> str:
    """The whole page for the dataset's date, section by section of the chapter plan."""
    date = fmt.date(ds.reporting_date)
    parts = [f"<h1>Werkreport 1 „Präventionsketten Niedersachsen“ – Auswertung zum Stichtag {date}</h1>", NOTICE]
    stale = quality.stale_note(ds)
    if stale:
        parts.append(f'<p class="hinweis" id="datenstand"><strong>Veralteter Datenstand.</strong> {html.escape(stale)}</p>')
    for section in chapters.PLAN:
        parts.append(f'<h2 id="kapitel-{section.key}">{html.escape(section.title)}</h2>')
        parts += [_block(ds, block, Path(figures)) for block in section.blocks]
    parts.append(f"<p>Paket <code>evaluation</code> {html.escape(__version__)}.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
            f"<title>Werkreport 1 – Stichtag {date}</title><style>{CSS}</style><script>{SCRIPT}</script></head>"
            "<body>\n" + "\n".join(parts) + "\n</body></html>\n")


def build(ds, figures: Path, reports: Path) -> Path:
    """Write werkreport.html for the dataset's date from the run's figures."""
    target = Path(reports) / "werkreport.html"
    target.write_text(render(ds, figures), encoding="utf-8")
    return target

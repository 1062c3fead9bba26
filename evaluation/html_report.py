"""reports/<date>/werkreport.html: the report an evaluator hands on, self-contained and in German.

Built as the last step of a run from what the run produced — the figures of figures/<date>/,
findings.csv and audit.csv of reports/<date>/ — and the chapter texts of narrative.py, so
there is one source of truth. Figures are embedded (base64), so no network is needed.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from . import __version__, formatting as fmt, narrative, report, uncertainty
from .charts.catalogue import CHARTS

CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #ccc;margin-top:2.2rem}h3{font-size:1.1rem}
.hinweis{background:#fff4d6;border-left:4px solid #de8f05;padding:.6rem 1rem}
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
table{border-collapse:collapse;font-size:.8rem;margin:.8rem 0}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
blockquote{border-left:3px solid #0173b2;margin:1rem 0;padding:.2rem 1rem;background:#f4f8fb}
"""
# After loading, the page records whether every image decoded (checked by the browser test).
SCRIPT = """
window.addEventListener('load', function () {
  var imgs = Array.from(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.body.setAttribute('data-images', ok + '/' + imgs.length);
});
"""
CHAPTERS = [
    ("1 Hintergrund: die Präventionskette", None, ["abb_01"]),
    ("3.1 Inanspruchnahme des Programms", "participation", ["abb_02", "abb_03"]),
    ("3.2 Wirkungen in kommunalen Strukturen", None, ["tab_01", "tab_02"]),
    ("3.2.1 Strategieentwicklung und Strukturaufbau", "strategy", ["abb_04", "abb_05"]),
    ("3.2.1.2 Ressort- und sektorenübergreifende Zusammenarbeit", "cooperation",
     ["abb_06", "abb_07", "abb_08", "abb_09", "abb_10"]),
    ("3.2.2 Angebote für Familien und Fachkräfte", "offers_text", ["abb_11", "abb_12", "abb_13", "abb_14"]),
    ("3.2.3 Auswirkungen von Corona", "pandemic_text", []),
    ("3.3 Leistungsbilanz der Prozessbegleitung", "process_support_text", ["abb_15"]),
]


def _markdown(text: str) -> str:
    import mistune
    return mistune.html(text)


def _label(key: str) -> str:
    kind, number = key.split("_")
    return f"{'Abb.' if kind == 'abb' else 'Tabelle'} {int(number)}"


def _figure(key: str, figures: Path) -> str:
    png = figures / f"{CHARTS[key].stem}.png"
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    label = _label(key)
    return (f'<figure id="{key}"><img src="data:image/png;base64,{data}" alt="{label}">'
            f"<figcaption>{label} (Datei {png.name})</figcaption></figure>")


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0, na_rep="")


def _findings(reports: Path) -> pd.DataFrame:
    table = pd.read_csv(reports / "findings.csv", dtype={"printed_value": str, "display": str})
    shown = report.german_findings(table, small_n_note=True).reset_index()
    shown.insert(1, "Abschnitt", table["section"].astype(str))
    shown.insert(2, "Fundstelle", table["place"])
    return shown.assign(Hinweis=table["note"].fillna(""))


def _provenance(ds) -> str:
    q = ds.quality.copy()
    hashes = ds.meta.get("raw_files", {})
    q["SHA-256"] = q["Datei"].map(lambda f: hashes.get(f, ""))
    return (f"<p>Stichtag {fmt.date(ds.reporting_date)}; Paket <code>evaluation</code> {html.escape(__version__)}. "
            "Rohdateien, wie gelesen und bereinigt:</p>" + _table(q))


def build(ds, figures: Path, reports: Path) -> Path:
    """Write werkreport.html for the dataset's date from the run's figures and findings."""
    figures, reports = Path(figures), Path(reports)
    date = fmt.date(ds.reporting_date)
    parts = [f"<h1>Werkreport 1 „Präventionsketten Niedersachsen“ – Auswertung zum Stichtag {date}</h1>",
             '<p class="hinweis"><strong>Rekonstruierte Daten.</strong> Die Original-Mikrodaten der Evaluation sind '
             "nicht öffentlich. Alle Zahlen, Abbildungen und Tabellen beruhen auf rekonstruierten Rohdaten, die mit den "
             "veröffentlichten Werten des Werkreports 1 (Stand 31.03.2022) übereinstimmen; Platzhalter und "
             "Entscheidungen sind in <code>data/raw/README.md</code> dokumentiert. Zitate sind wörtlich aus dem "
             "Bericht; andere Texte tragen die Marke „[rekonstruiert]“.</p>"]
    for title, text, keys in CHAPTERS:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if text:
            parts.append(_markdown(getattr(narrative, text)(ds)))
        if title.startswith("3.3 "):
            parts.append(_markdown(uncertainty.trend_text(uncertainty.trainings_trend(ds), ds.reporting_date)))
        parts += [_figure(k, figures) for k in keys]
    parts += ["<h2>3.3.6 Bewertung der Prozessbegleitung durch die Kommunen</h2>",
              _markdown(narrative.satisfaction_text(ds)), _markdown(narrative.quote_boxes(ds, "3.3.6")),
              "<h2>3.4 Nachhaltigkeit</h2>", _markdown(narrative.sustainability_text(ds)),
              _markdown(narrative.quote_boxes(ds, "3.4"))]
    audit = pd.read_csv(reports / "audit.csv", dtype=str, keep_default_na=False)
    parts += ["<h2>4 Kennzahlen im Vergleich mit dem Werkreport</h2>",
              "<p>Anteile mit 95-%-Wilson-Intervall: Bei 22 Kommunen oder etwa 20 Befragten verschiebt eine einzelne "
              "Kommune oder Antwort einen Anteil um mehrere Prozentpunkte.</p>", _table(_findings(reports)),
              "<h2>Konsistenzprüfung des Werkreports</h2>", _markdown(narrative.audit_text(audit.rename(columns={
                  "Regel": "rule", "Ergebnis": "result", "Befund": "finding", "Lesart der Daten": "data_reading"}))),
              _table(audit), "<h2>Datenherkunft</h2>", _provenance(ds)]
    page = ("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
            f"<title>Werkreport 1 – Stichtag {date}</title><style>{CSS}</style><script>{SCRIPT}</script></head>"
            "<body>\n" + "\n".join(parts) + "\n</body></html>\n")
    target = reports / "werkreport.html"
    target.write_text(page, encoding="utf-8")
    return target

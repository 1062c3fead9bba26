"""The Kommunensteckbrief as a reader sees it: the notebook's sections, the HTML page, the index page.

notebooks/60_kommunensteckbrief.ipynb shows a profile section by section with `show(profile, key)`;
`execute_profile` runs that notebook for one municipality (papermill, on the worker's kernel) and turns its outputs
into a self-contained German page by the report's chain (evaluation.report.profile_page: the executed notebook
collected to Markdown, pandoc to HTML; prose and outputs, no code, images embedded). It is a module-level
function of (notebook, output, parameters, kernel) like execute.execute_notebook, so a run can hand it to any worker.
The index page of all profiles is rendered by the same chain from a Markdown table with links.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from evaluation import formatting as fmt
from evaluation.data import quality
from evaluation.findings import profile as profiles

FOLDER = "kommunen"           # reports/<date>/kommunen/
NOTEBOOK_ONLY = "remove-cell"  # cell tag: prose for the JupyterLab user, not for the page (report.display)
RECONSTRUCTED = ("<strong>Rekonstruierte Daten.</strong> Die Original-Mikrodaten der Evaluation sind nicht öffentlich. "
                 "Welche Kommune welches Merkmal erfüllt, welche Angebote ihr zugeordnet sind und alle Datumsangaben "
                 "sind rekonstruiert (Anlage C des Werkreports): Diese Seite ist keine Aussage über tatsächliche "
                 "Vorgänge {where}.")
PLACEHOLDER = ("<strong>Platzhalter.</strong> „{name}“ steht für keine reale Kommune. Die Rekonstruktion setzt "
               "Platzhalter dort ein, wo der Werkreport mehr Kommunen zählt, als öffentlich belegt sind; alle "
               "Angaben dieser Seite sind frei eingesetzt, damit die Summen des Berichts stimmen.")


def cell_text(value) -> str:
    """One cell as a reader reads it: German numbers, empty for a missing value (never 'NaN' or 'None')."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return fmt.number(value, 0 if value.is_integer() else 2)
    return str(value)


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """A reader's table for the notebook (JupyterLab; the page converts it with pandoc): flat, German headers,
    missing cells empty (never 'NaN')."""
    flat = (frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame).copy()
    flat.columns.name = None
    body = flat.astype(object).map(cell_text).to_html(index=False, escape=True, border=0)
    return body.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>\n  <thead>", 1)


class Output:
    """One display of a section: HTML for JupyterLab and the page, text for nbval and plain readers."""

    def __init__(self, markup: str, text: str):
        self.markup, self.text = markup, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.markup, "text/plain": self.text}, {}


class Picture:
    """A chart: the PNG with its alternative text; its data follow as a table."""

    def __init__(self, png: bytes, alt: str):
        self.png, self.alt = png, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        return ({"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt},
                {"image/png": {"alt": self.alt}})


def _date(value) -> str:
    return "–" if value is None or pd.isna(value) else fmt.date(pd.Timestamp(value).strftime("%Y-%m-%d"))


def _period(start, end) -> str:
    return f"{_date(start)} – {_date(end)}"


def table(frame: pd.DataFrame, caption: str) -> Output:
    with pd.option_context("display.max_colwidth", None, "display.width", 200):
        text = f"{caption}\n" + (frame.to_string(index=False) if len(frame) else "(keine Einträge)")
    return Output(table_html(frame, caption), text)


def notice(markup: str) -> Output:
    from lxml import html as lxml_html
    return Output(f'<p class="hinweis">{markup}</p>', lxml_html.fromstring(f"<p>{markup}</p>").text_content())


def header(p: profiles.Profile, ds) -> list:
    from IPython.display import Markdown
    out = [Markdown(f"# Kommunensteckbrief {p.name}\n\nStichtag der Auswertung: **{_date(p.reporting_date)}** · "
                    f"Kennung {p.key} · {p.municipality['type']}")]
    if p.placeholder:
        out.append(notice(PLACEHOLDER.format(name=html.escape(p.name))))
    where = fmt.municipality(p.name, p.municipality["type"], "in")  # "im Landkreis Göttingen", "in Delmenhorst"
    out.append(notice(RECONSTRUCTED.format(where=html.escape(where))))
    stale = quality.stale_note(ds)
    if stale:
        out.append(notice(f"<strong>Veralteter Datenstand.</strong> {html.escape(stale)}"))
    return out


def _given(value, missing: str) -> str:
    """A text cell as every reader table shows it (cell_text), or `missing` where the data have none."""
    return cell_text(value) or missing


def funding(p: profiles.Profile) -> list:
    m = p.municipality
    deep = p.model_areas[p.model_areas["kind"] == "Vertiefung"]
    facts = [("Kommune", p.name), ("Kennung", p.key), ("Typ", m["type"]),
             ("Amtlicher Kreisschlüssel (AGS)", _given(m["ags"], "–")), ("Übergeordnet", _given(m["parent"], "–")),
             ("Kohorte", str(m["cohort"])), ("Förderzeitraum", _period(m["funding_start"], m["funding_end"])),
             ("Vertiefungsphase", "; ".join(_period(s, e) for s, e in zip(deep["start"], deep["end"])) or "keine"),
             ("Verortung der Koordinierungsstelle", _given(p.coordination_location, "nicht dokumentiert")),
             ("Fortführung nach Förderende", _given(p.continuation, "keine Entscheidung dokumentiert")),
             ("Beleg der Teilnahme", m["evidence"]), ("Quelle", _given(m["source"], "–"))]
    areas = pd.DataFrame({"Modellraum": p.model_areas["model_area"], "Art": p.model_areas["kind"],
                          "Beginn": [_date(v) for v in p.model_areas["start"]],
                          "Ende": [_date(v) for v in p.model_areas["end"]],
                          "Beleg": p.model_areas["evidence"]})
    out = [table(pd.DataFrame(facts, columns=["Angabe", "Wert"]), "Förderung und Stammdaten"),
           table(areas, f"Modellräume ({fmt.number(len(areas))})")]
    placeholders = p.model_areas.loc[p.model_areas["evidence"] == profiles.PLACEHOLDER, "model_area"].tolist()
    if placeholders and not p.placeholder:
        out.append(notice("<strong>Platzhalter-Modellraum.</strong> " + ", ".join(map(html.escape, placeholders))
                          + " steht für keinen realen Modellraum (Beleg „Platzhalter“ in den Stammdaten der Modellräume)."))
    return out


def indicators(p: profiles.Profile) -> list:
    from evaluation.charts import kommune_merkmale as chart
    t = p.indicators
    fig = chart.kommune_merkmale(t, name=p.name, n=p.n)
    title = chart.TITLE.format(name=p.name, n=fmt.number(p.n))
    shown = pd.DataFrame({"Merkmal": t["label"], p.name: ["ja" if m else "nein" for m in t["met"]],
                          "erstmals dokumentiert": [_date(v) for v in t["first_documented"]],
                          "Kommunen mit Merkmal": [f"{fmt.number(c)} von {fmt.number(n)}" for c, n in zip(t["count"], t["n"])],
                          "Anteil aller Kommunen": [fmt.percent(s, 1) for s in t["share"]]})
    of_name = fmt.municipality(p.name, p.municipality["type"], "gen")  # "des Landkreises Göttingen", "von Delmenhorst"
    return [Picture(chart.png(fig), title), table(shown, f"Strukturmerkmale {of_name} und Anteil aller Kommunen")]


def _offer_table(frame: pd.DataFrame, p: profiles.Profile, caption: str) -> Output:
    shown = pd.DataFrame({"Art": frame["kind"], p.name: [fmt.number(v) for v in frame["count"]],
                          "alle Kommunen": [fmt.number(v) for v in frame["total"]]})
    total = pd.DataFrame([{"Art": "insgesamt", p.name: fmt.number(frame["count"].sum()),
                           "alle Kommunen": fmt.number(frame["total"].sum())}])
    return table(pd.concat([shown, total], ignore_index=True), caption)


def offers(p: profiles.Profile) -> list:
    return [_offer_table(p.family_offers, p, "Angebote für Kinder und Familien nach Art (Anlage 7)"),
            _offer_table(p.professional_offers, p, "Angebote für Fachkräfte nach Art (Anlage 8)")]


def trainings(p: profiles.Profile) -> list:
    from IPython.display import Markdown
    when = p.training_documented
    documented = (f"Die Teilnahme der Koordinierungskraft an Fortbildungen der Landeskoordinierungsstelle ist seit "
                  f"{_date(when)} dokumentiert (Dokumentenanalyse)." if when is not None else
                  "Eine Teilnahme der Koordinierungskraft an Fortbildungen der Landeskoordinierungsstelle ist bis "
                  "zum Stichtag nicht dokumentiert.")
    held = int(p.trainings["count"].sum())
    offered = (f"{fmt.number(held)} Fortbildung{'en' if held != 1 else ''} für Koordinator*innen angeboten; wer an "
               "welcher teilgenommen hat, hält der Tätigkeitsnachweis nicht fest." if held else
               "noch keine Fortbildung für Koordinator*innen angeboten.")
    of_name = fmt.municipality(p.name, p.municipality["type"], "gen")
    text = (f"{documented} Während der Förderung {of_name} (Förderzeitraum und Vertiefungsphasen bis zum Stichtag) "
            f"hat die Landeskoordinierungsstelle {offered}")
    if not held:
        return [Markdown(text)]
    shown = pd.DataFrame({"Jahr": p.trainings["year"].astype(str), "Format": p.trainings["format"],
                          "Fortbildungen": [fmt.number(v) for v in p.trainings["count"]]})
    return [Markdown(text), table(shown, "Fortbildungen für Koordinator*innen während der Förderung")]


def codes(p: profiles.Profile) -> list:
    from IPython.display import Markdown
    c = p.codes
    if c.empty:
        return [Markdown(f"Bis zum Stichtag ist kein Dokument zu {p.name} codiert (Dokumentenanalyse).")]
    text = (f"{fmt.number(c['segments'].sum())} codierte Segmente der Dokumentenanalyse zu {p.name} unter "
            f"{fmt.number(len(c))} Codes. Gezeigt werden nur Anzahlen: kein Segmenttext und nichts aus Interviews.")
    shown = pd.DataFrame({"Code": c["code"], "Bezeichnung": c["label"],
                          "Segmente": [fmt.number(v) for v in c["segments"]],
                          "Dokumente": [fmt.number(v) for v in c["documents"]]})
    return [Markdown(text), table(shown, "Codierte Segmente je Code")]


SECTIONS = {"kopf": header, "foerderung": funding, "merkmale": indicators, "angebote": offers,
            "fortbildungen": trainings, "codes": codes}


def section(p: profiles.Profile, key: str, ds=None) -> list:
    """The outputs of one section of the profile (the header also needs the dataset)."""
    render = SECTIONS[key]
    return render(p, ds) if key == "kopf" else render(p)


def show(p: profiles.Profile, key: str, ds=None) -> None:
    """Display one section of the profile in a notebook (the page is made from these outputs)."""
    from IPython.display import display
    for item in section(p, key, ds):
        display(item)


def write_page(notebook: Path, target: Path, figures: Path | None = None) -> Path:
    """The executed notebook as a self-contained page by the report's chain: outputs only, images embedded."""
    from evaluation.report import profile_page
    return profile_page(Path(notebook), figures, Path(target))


def write_index(ds, folder: Path) -> Path:
    """reports/<date>/kommunen/index.html: one row per active municipality, linking its page (report chain)."""
    from evaluation.report import display, render
    table = profiles.active(ds)
    rows = pd.DataFrame({"Kennung": table["programme_key"], "Kommune": [f"XQLINK{i:05d}XQ" for i in range(len(table))],
                         "Typ": table["type"], "Kohorte": table["cohort"].astype(str),
                         "Förderzeitraum": [_period(s, e) for s, e in zip(table["funding_start"], table["funding_end"])],
                         "Beleg": table["evidence"]})
    markdown = display.pipe_table(rows, f"Kommunensteckbriefe ({fmt.number(len(rows))} Kommunen)")
    for i, (stem, name) in enumerate(zip(table["stem"], table["name"])):
        markdown = markdown.replace(f"XQLINK{i:05d}XQ", f"[{display.escape_markdown(name)}]({stem}.html)", 1)
    date = _date(ds.reporting_date)
    note = ("**Rekonstruierte Daten.** Die Original-Mikrodaten der Evaluation sind nicht öffentlich. Welche Kommune "
            "welches Merkmal erfüllt, welche Angebote ihr zugeordnet sind und alle Datumsangaben sind rekonstruiert "
            "(Anlage C des Werkreports): Diese Seiten sind keine Aussage über tatsächliche Vorgänge in den einzelnen "
            "Kommunen.")
    title = f"Kommunensteckbriefe – Stichtag {date}"
    target = Path(folder) / "index.html"
    render.render(f"# {title}\n\n{note}\n\n{markdown}", render.Meta(title=title, pagetitle=title),
                  ds.reporting_date, Path(folder), formats=("html",), toc=False, stem="index")
    return target

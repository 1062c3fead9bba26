"""The Kommunensteckbrief as a reader sees it: the notebook's sections, the HTML page, the index page.

notebooks/60_kommunensteckbrief.ipynb shows a profile section by section: the tidy frames of
findings.profile, the charts (ev.report.figure) and, from this module, the reader's tables and prose
(`show(profile, key)`). `execute_profile` runs that notebook for one municipality (papermill, on the worker's
kernel) and turns its outputs into a self-contained German page by the report's chain
(evaluation.report.profile_page). The index page of all profiles is rendered by the same chain.

Every value the profile flags as reconstructed carries the mark "[rekonstruiert]" where it stands (cell,
row label or column header for a column that is reconstructed as a whole); the banner says so only when it
is true. A delivery without evidence (no Belegstatus, no marked texts) gets no marks and a banner saying so.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from evaluation import formatting as fmt
from evaluation.data import quality
from evaluation.findings import profile as profiles
from evaluation.prose import _text as words
from evaluation.prose.appendix import abbreviations_text

FOLDER = "kommunen"           # reports/<date>/kommunen/
REPORT = "../werkreport.html"  # the date's report, seen from a profile page
INDEX = "index.html"
NOTEBOOK_ONLY = "remove-cell"  # cell tag: prose for the JupyterLab user, not for the page (report.display)
MARK = profiles.MARK
RECONSTRUCTED = ("<strong>Rekonstruierte Daten.</strong> Die Original-Mikrodaten der Evaluation sind nicht öffentlich. "
                 "Welche Kommune welches Merkmal erfüllt, welche Angebote und Tätigkeiten ihr zugeordnet sind und die "
                 "meisten Datumsangaben sind rekonstruiert (Anlage C des Werkreports): Diese Seite ist keine Aussage über "
                 "tatsächliche Vorgänge {in_name}. Jeder Wert, der weder im Werkreport noch in einer öffentlichen Quelle "
                 "steht, trägt dort, wo er steht, die Marke [rekonstruiert]; bei einer Spalte, die ganz rekonstruiert ist, "
                 "steht sie im Spaltenkopf.")
NO_EVIDENCE = ("<strong>Ohne Belegangaben.</strong> Die Lieferung enthält keine Angaben, welche Werte belegt und welche "
               "rekonstruiert sind (Spalten „Belegstatus“ und „Quelle“ fehlen, kein Text trägt die Marke "
               "[rekonstruiert]). Die Werte dieser Seite sind daher nicht einzeln gekennzeichnet.")
PLACEHOLDER = ("<strong>Platzhalter.</strong> „{name}“ steht für keine reale Kommune. Die Rekonstruktion setzt "
               "Platzhalter dort ein, wo der Werkreport mehr Kommunen zählt, als öffentlich belegt sind; alle "
               "Angaben dieser Seite sind frei eingesetzt, damit die Summen des Berichts stimmen.")
PARTIAL_EVIDENCE = ("Die Lieferung enthält keine Spalten „Belegstatus“ und „Quelle“: Stammdaten (Kohorte, "
                    "Förderzeitraum, Modellräume) und Angebote sind deshalb nur gekennzeichnet, wo ihr Text selbst die "
                    "Marke trägt.")
NOT_RECORDED = "nicht erfasst"
ACTIVITY_LABELS = {"Beratungskontakt": "Beratungskontakte (Prozessberatung)",
                   "Beratungskontakt Wirkungsorientierung": "Beratungskontakte Wirkungsorientierung",
                   "Vortrag": "Vorträge", "Workshop Wirkungsorientierung": "Workshops Wirkungsorientierung"}
ACTIVITY_ONE = {"Beratungskontakt": "ein Beratungskontakt (Prozessberatung)",
                "Beratungskontakt Wirkungsorientierung": "ein Beratungskontakt Wirkungsorientierung",
                "Vortrag": "ein Vortrag", "Workshop Wirkungsorientierung": "ein Workshop Wirkungsorientierung"}


# How a name with a kind word is declined: nominative article, "in", "für", genitive (Werkreport: "im Landkreis
# Göttingen", "Förderung der Region Hannover"); other names stand without article ("in Barsinghausen").
def named(name: str, case: str, kind: str | None = None) -> str:
    """The name as a sentence needs it: case 'nom' (sentence start, capitalised), 'in', 'für' or 'gen'
    (articles from formatting.municipality, as the Werkreport writes them)."""
    if case == "für":
        return f"für {fmt.municipality(name, kind, 'acc')}"
    text = fmt.municipality(name, kind, case)
    return text[0].upper() + text[1:] if case == "nom" else text


def marked(text: str, reconstructed: bool) -> str:
    """`text` with the mark where the value is reconstructed (once: a text may carry it already)."""
    if not reconstructed or MARK in text:
        return text
    return f"{text} {MARK}" if text else MARK


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


def navigation() -> "Markdown":
    from IPython.display import Markdown
    return Markdown(f"[Alle Kommunensteckbriefe]({INDEX}) · [Werkreport zum Stichtag]({REPORT})")


def header(p: profiles.Profile, ds) -> list:
    from IPython.display import Markdown
    out = [Markdown(f"# Kommunensteckbrief {p.name}\n\nStichtag der Auswertung: **{_date(p.reporting_date)}** · "
                    f"Kennung {p.key} · {p.municipality['type']}"), navigation()]
    if p.placeholder:
        out.append(notice(PLACEHOLDER.format(name=html.escape(p.name))))
    if p.reconstruction:
        text = RECONSTRUCTED.format(in_name=html.escape(named(p.name, kind=p.municipality['type'], case="in")))
        out.append(notice(text if p.evidence_delivered else f"{text} {PARTIAL_EVIDENCE}"))
    elif not p.evidence_delivered:
        out.append(notice(NO_EVIDENCE))
    stale = quality.stale_note(ds)
    if stale:
        out.append(notice(f"<strong>Veralteter Datenstand.</strong> {html.escape(stale)}"))
    return out


def _given(value, missing: str) -> str:
    """A text cell as every reader table shows it (cell_text), or `missing` where the data have none."""
    return cell_text(value) or missing


def _fact_text(fact: str, value, p: profiles.Profile) -> str:
    if fact == "Förderzeitraum":
        return _period(*value)
    if fact == "Vertiefungsphase":
        return value if isinstance(value, str) else "; ".join(_period(s, e) for s, e in value) or "keine"
    if fact == "Kreisschlüssel":
        return _given(value, NOT_RECORDED)
    if fact == "Amtlicher Gemeindeschlüssel (AGS)":
        if value:
            return value
        kinds = {"Landkreis": "entfällt (Landkreis: nur Kreisschlüssel)", "Region": "entfällt (Region: nur Kreisschlüssel)"}
        return kinds.get(p.municipality["type"], NOT_RECORDED)
    missing = {"Verortung der Koordinierungsstelle": "nicht dokumentiert",
               "Fortführung nach Förderende": "keine Entscheidung dokumentiert"}.get(fact, "–")
    return _given(value, missing)


def facts_table(p: profiles.Profile) -> pd.DataFrame:
    """The master data as the page shows them: German values, each reconstructed one marked."""
    return pd.DataFrame({"Angabe": p.facts["fact"],
                         "Wert": [marked(_fact_text(f, v, p), r and _fact_text(f, v, p) != "–") for f, v, r in
                                  zip(p.facts["fact"], p.facts["value"], p.facts["reconstructed"])]})


def timeline_table(p: profiles.Profile) -> pd.DataFrame:
    t = p.timeline
    return pd.DataFrame({"Phase": t["phase"], "Bezeichnung": t["label"],
                         "Beginn": [marked(_date(v), r) for v, r in zip(t["start"], t["reconstructed"])],
                         "Ende": [marked(_date(v), r) for v, r in zip(t["end"], t["reconstructed"])]})


def timeline_caption(p: profiles.Profile) -> str:
    return (f"Zeitleiste {p.name}: Programmphase, Vertiefungsphase und Modellräume "
            f"(gestrichelt: Stichtag {_date(p.reporting_date)})")


def funding(p: profiles.Profile) -> list:
    out = [table(facts_table(p), "Förderung und Stammdaten"),
           table(timeline_table(p), f"Zeitleiste: Förderzeitraum und Modellräume ({fmt.number(len(p.model_areas))} "
                                    f"Modellr{'aum' if len(p.model_areas) == 1 else 'äume'})")]
    placeholders = p.model_areas.loc[p.model_areas["evidence"] == profiles.PLACEHOLDER, "model_area"].tolist()
    if placeholders and not p.placeholder:
        out.append(notice("<strong>Platzhalter-Modellraum.</strong> " + ", ".join(map(html.escape, placeholders))
                          + " steht für keinen realen Modellraum (Beleg „Platzhalter“ in den Stammdaten der Modellräume)."))
    return out


def _own(met: bool) -> str:
    return "erfüllt" if met else "nicht erfüllt"


def _of(count, n) -> str:
    return f"{fmt.number(count)} von {fmt.number(n)} ({fmt.percent(count / n) if n else '–'})"


def indicator_table(p: profiles.Profile) -> pd.DataFrame:
    t = p.indicators
    cohort = f"Kohorte {p.municipality['cohort']}"
    return pd.DataFrame({
        "Merkmal": t["label"], "Stelle im Werkreport": t["place"],
        p.name: [marked(_own(m), r) for m, r in zip(t["met"], t["reconstructed"])],
        "erstmals dokumentiert": [marked(_date(v), r) if m else "–"
                                  for v, r, m in zip(t["first_documented"], t["first_reconstructed"], t["met"])],
        marked(cohort, p.reconstruction): [_of(c, n) for c, n in zip(t["cohort_count"], t["cohort_n"])],
        marked("alle Kommunen", p.reconstruction): [_of(c, n) for c, n in zip(t["count"], t["n"])]})


def indicator_caption(p: profiles.Profile) -> str:
    star = " (* rekonstruiert)" if p.indicators["reconstructed"].any() else ""
    return (f"Strukturmerkmale: {p.name} (Punkt: erfüllt oder nicht), Kohorte {p.municipality['cohort']} "
            f"(n = {fmt.number(p.cohort_n)}) und alle Kommunen (n = {fmt.number(p.n)}){star}")


def indicator_table_caption(p: profiles.Profile) -> str:
    return f"Strukturmerkmale von {p.name} neben Kohorte {p.municipality['cohort']} und allen Kommunen"


def indicator_text(p: profiles.Profile) -> str:
    t = p.indicators
    t = t[t["indicator"] != "coordination_location"]  # one location each: not a feature to meet or miss
    met = int(t["met"].sum())
    rare = int((t["met"] & (t["share"] < 0.5)).sum())
    missing = t.loc[~t["met"] & (t["share"] >= 0.5), "label"].tolist()
    location = p.facts.set_index("fact")["value"].get("Verortung der Koordinierungsstelle")
    text = (f"{named(p.name, kind=p.municipality['type'], case='nom')} erfüllt zum Stichtag {words.number(met) if met != 1 else 'eines'} der "
            f"{words.number(len(t))} Merkmale (ohne die Verortung der Koordinierungsstelle"
            + (f", die hier „{location}“ ist" if isinstance(location, str) else "") + ")")
    text += (", darunter eines, das weniger als die Hälfte aller Kommunen "
             "erfüllt." if rare == 1 else f", darunter {words.number(rare)}, die weniger als die Hälfte aller Kommunen "
             "erfüllen." if rare else ".")
    if missing:
        text += (" Nicht dokumentiert ist, was die Mehrheit aller Kommunen erfüllt: " + ", ".join(missing) + ".")
    if p.reconstruction:
        text += (" Welche Kommune welches Merkmal erfüllt, nennt der Werkreport nicht; diese Zuordnung ist "
                 f"rekonstruiert und deshalb mit {MARK} gekennzeichnet, ebenso die Anteile der Kohorte. Wo der "
                 "Werkreport den Anteil aller Kommunen zum 31.03.2022 druckt (Abb. 4–9), stimmt die Spalte „alle "
                 "Kommunen“ mit ihm überein (Anlage A).")
    return text + abbreviations_text(t["label"]).replace("In den Codes steht", "In den Merkmalen steht")


def indicators(p: profiles.Profile) -> list:
    from IPython.display import Markdown
    return [table(indicator_table(p), indicator_table_caption(p)), Markdown(indicator_text(p))]


def _offer_table(frame: pd.DataFrame, p: profiles.Profile, caption: str) -> Output:
    shown = pd.DataFrame({"Art": frame["kind"], p.name: [fmt.number(v) for v in frame["count"]],
                          "alle Kommunen": [fmt.number(v) for v in frame["total"]]})
    total = pd.DataFrame([{"Art": "insgesamt", p.name: fmt.number(frame["count"].sum()),
                           "alle Kommunen": fmt.number(frame["total"].sum())}])
    return table(pd.concat([shown, total], ignore_index=True), caption)


def offer_list(frame: pd.DataFrame, detail: str, header: str) -> pd.DataFrame:
    return pd.DataFrame({"Angebot": [marked(t, r) for t, r in zip(frame["title"], frame["reconstructed"])],
                         "Art": frame["kind"], header: [_given(v, "–") for v in frame[detail]]})


def offers(p: profiles.Profile) -> list:
    from IPython.display import Markdown
    out = [_offer_table(p.family_offers, p, "Angebote für Kinder und Familien nach Art (Anlage 7)"),
           _offer_table(p.professional_offers, p, "Angebote für Fachkräfte nach Art (Anlage 8)")]
    for frame, detail, header, caption, none in (
            (p.family_offer_list, "age_group", "Altersgruppe", f"Angebote für Kinder und Familien {named(p.name, kind=p.municipality['type'], case='in')}",
             "Für Kinder und Familien ist bis zum Stichtag kein Angebot gemeldet."),
            (p.professional_offer_list, "target_group", "Zielgruppe", f"Angebote für Fachkräfte {named(p.name, kind=p.municipality['type'], case='in')}",
             "Für Fachkräfte ist bis zum Stichtag kein Angebot gemeldet.")):
        if frame.empty:
            out.append(Markdown(none))
        else:
            out.append(table(offer_list(frame, detail, header), f"{caption} ({fmt.number(len(frame))})"))
    return out


def activity_table(p: profiles.Profile) -> pd.DataFrame:
    """Counts per kind (rows) and year (columns), the kind marked where its records are reconstructed."""
    a = p.activities
    if a.empty:
        return pd.DataFrame()
    wide = a.pivot_table(index="kind", columns="year", values="count", aggfunc="sum", fill_value=0, sort=False)
    flagged = a.groupby("kind", sort=False)["reconstructed"].any()
    years = [str(y) for y in wide.columns]
    shown = pd.DataFrame({"Art": [marked(ACTIVITY_LABELS.get(k, k), flagged[k]) for k in wide.index]})
    for year, column in zip(years, wide.columns):
        shown[year] = [fmt.number(v) for v in wide[column]]
    shown["insgesamt"] = [fmt.number(v) for v in wide.sum(axis=1)]
    return shown


def activity_list_table(p: profiles.Profile) -> pd.DataFrame:
    a = p.activity_list
    return pd.DataFrame({"Datum": [marked(_date(d), r) for d, r in zip(a["date"], a["reconstructed"])],
                         "Art": a["kind"],
                         "Format": [_given(v, "–") for v in a["format"]],
                         "Titel": [marked(_given(t, "–"), r) for t, r in zip(a["title"], a["reconstructed"])]})


def activity_text(p: profiles.Profile) -> str:
    a = p.activities
    if a.empty:
        return f"Bis zum Stichtag verzeichnet der Tätigkeitsnachweis keine Tätigkeit der Landeskoordinierungsstelle {named(p.name, kind=p.municipality['type'], case='für')}."
    totals = a.groupby("kind", sort=False)["count"].sum()
    parts = [ACTIVITY_ONE.get(k, f"ein {k}") if v == 1 else f"{words.number(v)} {ACTIVITY_LABELS.get(k, k)}"
             for k, v in totals.items()]
    return (f"{named(p.name, kind=p.municipality['type'], case='für')[0].upper()}{named(p.name, kind=p.municipality['type'], case='für')[1:]} verzeichnet der Tätigkeitsnachweis der Landeskoordinierungsstelle bis zum Stichtag "
            + ", ".join(parts[:-1]) + (" und " if len(parts) > 1 else "") + parts[-1] + ".")


def lks(p: profiles.Profile) -> list:
    from IPython.display import Markdown
    out = [Markdown(activity_text(p))]
    if not p.activities.empty:
        out.append(table(activity_table(p), f"Tätigkeiten der Landeskoordinierungsstelle {named(p.name, kind=p.municipality['type'], case='für')} je Jahr"))
    if not p.activity_list.empty:
        out.append(table(activity_list_table(p), f"Vorträge und Workshops {named(p.name, kind=p.municipality['type'], case='in')}"))
    return out


def trainings(p: profiles.Profile) -> list:
    from IPython.display import Markdown
    when = p.training_documented
    flagged = p.indicators.loc[p.indicators["indicator"] == "training_participation", "first_reconstructed"]
    since = marked(_date(when), bool(flagged.any())) if when is not None else ""
    documented = (f"Die Teilnahme der Koordinierungskraft an Fortbildungen der Landeskoordinierungsstelle ist seit "
                  f"{since} dokumentiert (Dokumentenanalyse)." if when is not None else
                  "Eine Teilnahme der Koordinierungskraft an Fortbildungen der Landeskoordinierungsstelle ist bis "
                  "zum Stichtag nicht dokumentiert.")
    held = int(p.trainings["count"].sum())
    offered = (f"{words.count(held, 'eine Fortbildung', 'Fortbildungen')} für Koordinator*innen angeboten; wer an "
               "welcher teilgenommen hat, hält der Tätigkeitsnachweis nicht fest." if held else
               "noch keine Fortbildung für Koordinator*innen angeboten.")
    text = (f"{documented} Während der Förderung {named(p.name, kind=p.municipality['type'], case='gen')} (Förderzeitraum und Vertiefungsphasen bis zum Stichtag) "
            f"hat die Landeskoordinierungsstelle {offered}")
    if not held:
        return [Markdown(text)]
    shown = pd.DataFrame({"Jahr": p.trainings["year"].astype(str), "Format": p.trainings["format"],
                          "Fortbildungen": [fmt.number(v) for v in p.trainings["count"]]})
    return [Markdown(text), table(shown, "Fortbildungen für Koordinator*innen während der Förderung")]


SECTIONS = {"kopf": header, "foerderung": funding, "merkmale": indicators, "angebote": offers,
            "lks": lks, "fortbildungen": trainings}


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
                         **({"Beleg": table["evidence"]} if profiles.evidence_delivered(ds) else {})})
    markdown = display.pipe_table(rows, f"Kommunensteckbriefe ({fmt.number(len(rows))} Kommunen)")
    for i, (stem, name) in enumerate(zip(table["stem"], table["name"])):
        markdown = markdown.replace(f"XQLINK{i:05d}XQ", f"[{display.escape_markdown(name)}]({stem}.html)", 1)
    date = _date(ds.reporting_date)
    note = f"[Werkreport zum Stichtag {date}]({REPORT})"
    if profiles.reconstruction(ds):
        note += ("\n\n**Rekonstruierte Daten.** Die Original-Mikrodaten der Evaluation sind nicht öffentlich. Welche "
                 "Kommune welches Merkmal erfüllt, welche Angebote ihr zugeordnet sind und die meisten Datumsangaben "
                 "sind rekonstruiert (Anlage C des Werkreports): Diese Seiten sind keine Aussage über tatsächliche "
                 "Vorgänge in den einzelnen Kommunen. Auf jeder Seite trägt jeder nicht veröffentlichte Wert die Marke "
                 "\\[rekonstruiert\\].")
    title = f"Kommunensteckbriefe – Stichtag {date}"
    target = Path(folder) / "index.html"
    meta = render.Meta(title=title, pagetitle=title, reporting_date=ds.reporting_date)
    render.render(f"# {title}\n\n{note}\n\n{markdown}", meta, ds.reporting_date, Path(folder), formats=("html",),
                  toc=False, stem="index")
    return target

"""German prose of each chapter, with every number computed from the Dataset.

Notebooks display these texts; nothing in them is typed in by hand.
"""
from __future__ import annotations

from evaluation import formatting as fmt
from evaluation.findings import offers, pandemic, participation as part, process_support as ps, satisfaction, structures, sustainability
from evaluation.findings.base import n_municipalities

TYPE_LABELS = [("kreisfreie Stadt", "kreisfreie Städte", "kreisfreie Stadt"), ("Landkreis", "Landkreise", "Landkreis"),
               ("Region", "Regionen", "die Region Hannover"), ("Stadt", "weitere Städte", "weitere Stadt"),
               ("Samtgemeinde", "Samtgemeinden", "Samtgemeinde")]


def _share(count) -> str:
    if count.share is None:
        return "–"
    return f"{fmt.percent(count.share)} ({fmt.number(count.numerator)} von {fmt.number(count.denominator)})"


def count_of(n: int, singular: str, plural: str) -> str:
    """'1 Kommune', '3 Kommunen', '0 Kommunen': the noun follows the number."""
    return f"{fmt.number(n)} {singular if n == 1 else plural}"


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def stichtag(ds) -> str:
    from evaluation.data.quality import stale_note
    text = f"Stichtag der Auswertung: **{fmt.date(ds.reporting_date)}**."
    stale = stale_note(ds)
    return text + (f"\n\n**Achtung, veralteter Datenstand:** {stale}" if stale else "")


def participation(ds) -> str:
    m = ds.municipalities
    years = sorted(int(y) for y in m["cohort"].unique())
    kinds = []
    for key, plural, singular in TYPE_LABELS:
        k = int((m["type"] == key).sum())
        if k:
            kinds.append(singular if k == 1 and key == "Region" else count_of(k, singular, plural))
    cities, districts = part.quota(ds, "Kreisfreie Städte"), part.quota(ds, "Landkreise*")
    deepening = part.deepening_phases(ds).numerator
    cohorts = count_of(len(years), "Kohorte", "Kohorten")
    text = (f"In {cohorts} ({', '.join(map(str, years))}) {'nimmt' if len(m) == 1 else 'nehmen'} bis zum Stichtag "
            f"**{count_of(len(m), 'Kommune', 'Kommunen')}** mit insgesamt "
            f"**{count_of(len(ds.model_areas), 'Modellraum', 'Modellräumen')}** am Programm teil (Abb. 2). "
            f"Das entspricht {_share(cities)} der niedersächsischen kreisfreien Städte und {_share(districts)} "
            f"der Landkreise einschließlich Region Hannover (Abb. 3). Beteiligt {'ist' if len(m) == 1 else 'sind'} "
            f"{_listing(kinds)}. ")
    if deepening == 0:
        return text + "Eine Vertiefungsphase im Anschluss an die Förderphase gibt es zum Stichtag noch nicht."
    areas = ds.model_areas
    later = int(((areas["kind"] == "Vertiefung") & (areas["start"] > ds.reporting_date)).sum())
    text += (f"In {count_of(deepening, 'Modellraum', 'Modellräumen')} "
             f"{'wurde' if deepening == 1 else 'wurden'} im Anschluss an die Förderphase "
             f"{'eine zweijährige Vertiefungsphase' if deepening == 1 else 'zweijährige Vertiefungsphasen'} "
             "beschlossen")
    if later:
        return text + f"; {count_of(later, 'davon beginnt', 'davon beginnen')} erst nach dem Stichtag."
    return text + " und gefördert."


def strategy(ds) -> str:
    n = n_municipalities(ds)
    ind = structures.indicator
    return (f"Einen politischen Beschluss zur Präventionskette gibt es in {_share(ind(ds, 'political_resolution'))} "
            f"der {n} Kommunen. Ein IMPACT-Ziel haben {_share(ind(ds, 'impact_goal_defined'))} definiert, die "
            f"wirkungsorientierte Arbeitsweise haben {_share(ind(ds, 'impact_orientation_started'))} angestoßen (Abb. 4), "
            f"das Wirkungsmodell nutzen {_share(ind(ds, 'impact_model_used'))}. Eine Koordinierungsstelle ist in "
            f"{_share(ind(ds, 'coordination_office_established'))} eingerichtet; im Jugendamt verortet ist sie in "
            f"{fmt.percent(structures.coordination_in(ds, 'Jugendamt').share or 0, 1)} der Kommunen (Abb. 5).")


def cooperation(ds) -> str:
    body = lambda v: structures.indicator(ds, "body_member", v)  # noqa: E731
    analyses = structures.analyses(ds).set_index("analysis")["count"]
    return (f"An den Gremien beteiligt sind die Kinder- und Jugendhilfe in {_share(body('Kinder- und Jugendhilfe'))}, "
            f"der ÖGD in {_share(body('ÖGD'))} der Kommunen (Abb. 6). Kitafach- und Leitungskräfte wirken in "
            f"{_share(body('Kitafach- und Leitungskräfte'))} mit, die kommunalen Kitafachdienste in "
            f"{_share(body('Kommunale Kitafachdienste'))}, der kommunale Bildungsbereich in "
            f"{_share(body('Kommunaler Bildungsbereich'))}, Schulleitungen und Schulsozialarbeit in "
            f"{_share(body('Schulleitungen und Schulsozialarbeit'))} (Abb. 7). Das Jobcenter ist in "
            f"{_share(body('Jobcenter'))} eingebunden (Abb. 8). Mindestens eine Bedarfsbestimmung gab es in "
            f"{count_of(int(analyses['Bedarfsbestimmung']), 'Kommune', 'Kommunen')}, eine Bedarfserhebung in "
            f"{count_of(int(analyses['Bedarfserhebung']), 'Kommune', 'Kommunen')} und eine Bedürfniserhebung in "
            f"{count_of(int(analyses['Bedürfniserhebung']), 'Kommune', 'Kommunen')} (Abb. 9).")


def pandemic_text(ds) -> str:
    year = pandemic.PANDEMIC_YEAR
    if int(ds.reporting_date[:4]) < year:
        return (f"Das Pandemiejahr {year} liegt nach dem Stichtag {fmt.date(ds.reporting_date)}; "
                "Auswirkungen von Corona lassen sich zu diesem Stand noch nicht beschreiben.")
    started = pandemic.new_municipalities(ds).numerator
    deepened = pandemic.deepening_decided(ds).numerator
    left = pandemic.left_programme(ds).numerator
    so_far = " (bis zum Stichtag)" if ds.reporting_date < f"{year}-12-31" else ""
    text = ("Im Jahr {y}{so_far} {verb} {n} neu; ".format(
        y=year, so_far=so_far, verb="startete" if started == 1 else "starteten",
        n=count_of(started, "Kommune", "Kommunen")) if started else f"Im Jahr {year}{so_far} startete keine Kommune neu; ")
    if deepened:
        text += (f"{count_of(deepened, 'bereits geförderte Kommune', 'bereits geförderte Kommunen')} "
                 f"{'entschied' if deepened == 1 else 'entschieden'} sich für eine Vertiefung in einem städtischen "
                 "Modellraum. ")
    else:
        text += "für eine Vertiefung in einem städtischen Modellraum entschied sich keine Kommune. "
    if left == 0:
        return text + "Keine Kommune hat das Programm verlassen."
    return text + f"{count_of(left, 'Kommune hat', 'Kommunen haben')} das Programm verlassen."


def offers_text(ds) -> str:
    n = len(ds.offers_families)
    kinds = offers.family_offers_by_kind(ds)
    ages = offers.family_offers_by_age_group(ds).set_index("age_group")
    material = offers.family_offer_share(ds, "life_situation", "materiell")
    top = kinds.iloc[0] if len(kinds) else None
    text = (f"Bis zum Stichtag {'wurde' if n == 1 else 'wurden'} "
            f"**{count_of(n, 'neues Angebot', 'neue Angebote')} für Kinder und Familien** gemeldet")
    if top is not None and n:
        text += f"; am häufigsten sind Angebote der Art „{top['kind']}“ ({fmt.percent(top['share'])}, Abb. 11)"
        text += (f". Materielle Lagen adressieren {_share(material)} der Angebote (Abb. 12). "
                 f"Altersgruppenübergreifend sind {fmt.percent(ages.at['altersübergreifend', 'share'])}, für "
                 f"3- bis 6-Jährige {fmt.percent(ages.at['3 bis 6 Jahre', 'share'])} der Angebote (Abb. 13)")
    kinds_p = offers.professional_offers_by_kind(ds)
    n_prof = len(ds.offers_professionals)
    text += f". Für Fachkräfte {'entstand' if n_prof == 1 else 'entstanden'} **{count_of(n_prof, 'Angebot', 'Angebote')}**"
    if len(kinds_p) and len(ds.offers_professionals):
        text += ", größtenteils " + " und ".join(f"{k} ({fmt.number(c)})" for k, c in
                                                   zip(kinds_p["kind"][:2], kinds_p["count"][:2])) + " (Abb. 14)"
    return text + "."


def process_support_text(ds) -> str:
    process = ps.contact_range(ds, ps.PROCESS_CONTACT)
    impact = ps.contact_range(ds, ps.IMPACT_CONTACT)
    count = lambda kind: fmt.number(ps.activity_count(ds, kind).numerator)  # noqa: E731
    parts = []
    if process.low is not None:
        parts.append(f"Im Durchschnitt erfolgten mindestens {process.low:g} bis {process.high:g} Beratungskontakte "
                     f"pro Monat und Kommune, also mindestens {12 * process.low:g} bis {12 * process.high:g} im Jahr")
    if impact.low is not None:
        parts.append(f"zur Wirkungsorientierung mindestens {impact.low:g} bis {impact.high:g} pro Monat")
    text = "; ".join(parts) + ". " if parts else ""
    return text + (f"Die Landeskoordinierungsstelle hielt {count('Vortrag')} Vorträge in den Kommunen, "
                   f"{count('Workshop Wirkungsorientierung')} Workshops zur Wirkungsorientierung, "
                   f"{count('Fortbildung')} Fortbildungen für Koordinator*innen (Abb. 15) und "
                   f"{count('Tagung')} Tagungen; sie veröffentlichte {count('Publikation')} Publikationen und "
                   f"{count('Social Media')} Social-Media-, Audio- und Videobeiträge.")


def satisfaction_text(ds) -> str:
    table = satisfaction.answers(ds).set_index("answer")
    if table["count"].sum() == 0:
        return "Zum Stichtag liegt noch keine Befragung der Koordinator*innen vor (sie fand im März 2021 statt)."
    very, sat = satisfaction.share(ds, "sehr zufrieden"), satisfaction.share(ds, "zufrieden")
    abst = int(table.at[satisfaction.ABSTENTION, "count"])
    return (f"{fmt.percent(very.share)} der Koordinator*innen sind „sehr zufrieden“, {fmt.percent(sat.share)} "
            f"„zufrieden“ mit der Arbeit der Landeskoordinierungsstelle ({count_of(very.denominator, 'Antwort', 'Antworten')}, "
            f"davon {count_of(abst, 'Enthaltung', 'Enthaltungen')}). Bei so wenigen Antworten verändert eine einzelne Antwort "
            f"den Anteil um rund {fmt.number(100 / very.denominator)} Prozentpunkte – Anteile daher nicht überinterpretieren.")


def sustainability_text(ds) -> str:
    decided = sustainability.continuation_share(ds, "beschlossen")
    pending = sustainability.continuation_share(ds, "offen")
    none = sustainability.continuation_share(ds, sustainability.NO_DECISION)
    text = (f"Bislang haben sich {_share(decided)} der geförderten Kommunen entschieden, die Präventionsketten-Arbeit "
            f"nach Förderende fortzuführen; in {_share(pending)} steht die Entscheidung noch aus.")
    if none.numerator:
        text += f" Für {_share(none)} ist keine Entscheidung dokumentiert."
    return text


def small_n(ds) -> str:
    """Why the intervals matter, with the n of this date."""
    n = n_municipalities(ds)
    answers = satisfaction.share(ds, "sehr zufrieden").denominator or 0
    groups = f"{n} Kommune{'n' if n != 1 else ''}"
    if answers:
        groups += f" oder {count_of(answers, 'Antwort', 'Antworten')} der Befragung"
    return (f"Anteile stehen mit 95-%-Wilson-Intervall: Bei {groups} verschiebt eine einzelne Kommune oder Antwort "
            "einen Anteil um mehrere Prozentpunkte.")


def findings_summary(findings, audit_table) -> str:
    from evaluation.publication.audit import CONTRADICTION
    counts = findings["status"].value_counts()
    parts = ", ".join(f"{status}: {count}" for status, count in counts.items())
    bad = int((audit_table["result"] == CONTRADICTION).sum())
    return (f"Von {len(findings)} veröffentlichten Werten des Werkreports 1 – {parts}. "
            f"Die Konsistenzprüfung des Berichts findet {bad} Widersprüche in {len(audit_table)} Regeln.")


def audit_text(audit_table) -> str:
    from evaluation.publication.audit import CONTRADICTION
    bad = audit_table[audit_table["result"] == CONTRADICTION]
    if bad.empty:
        return "Die Prüfregeln finden keinen Widerspruch."
    lines = [f"- **{r.rule}** {r.finding}"
             + (f" *Im Bericht:* {getattr(r, 'evidence', '')}" if getattr(r, "evidence", "") else "")
             + (f" *Daten zum Stichtag:* {r.data_reading}." if r.data_reading else "")
             for r in bad.itertuples()]
    return "\n".join(lines)


def quote_boxes(ds, section: str) -> str:
    """The quote boxes of a report section (codes per section in metadata/quote_sections.csv)."""
    import pandas as pd

    from evaluation import metadata_files
    from evaluation.qda import quotes
    table = metadata_files.read("quote_sections.csv")
    codes = table.loc[table["Abschnitt"] == section, "Code"].tolist()
    selected = quotes.select(ds.interview_segments, codes, persons=ds.persons["name"].tolist())
    return quotes.markdown(selected)


def agreement(ds, threshold: float = 0.6):
    """Intercoder agreement of the interview coding: (German summary, German table or None)."""
    from evaluation.qda import agreement as measures
    try:
        table = measures.agreement_table(ds.interview_segments, threshold=threshold)
    except ValueError:
        return ("Zum Stichtag liegen keine von zwei Personen codierten Dokumente vor; die Übereinstimmung "
                "ist nicht berechenbar.", None)
    return measures.summary_text(table, threshold=threshold), measures.german_table(table, threshold=threshold)

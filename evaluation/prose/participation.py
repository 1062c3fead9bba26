"""German prose of chapter 2 (funding frame), the overview of chapter 3 and 3.1 (Inanspruchnahme).

Every function takes the frames the notebook shows (evaluation.findings.participation) – filter or
group a frame in the notebook and the sentence follows it.
"""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose._text import amount, escape, footnote, listing, month, share_of as share, word as number

INFERRED = "erschlossen"   # Belegstatus: the participation is the evaluation's reading, no source says so
READING_NOTE = ("Der Werkreport nennt 22 Kommunen, führt aber nur fünf kreisfreie Städte, zehn Landkreise, die Region "
                "Hannover und fünf weitere Städte einzeln auf (21); eine Samtgemeinde nennt er nur als Ort einer zweijährigen "
                "Vertiefungsphase (3.1). Welche Kommune die 22. ist, sagt er nicht: {who} als Kommune zu zählen, ist "
                "eine Lesart dieser Auswertung, keine Angabe des Werkreports (Anlage A, Konsistenzprüfung).")
OWN_PHASE_NOTE = ("Der Werkreport (3.1) nennt „in fünf Städten und einer Samtgemeinde im Anschluss an die dreijährige "
                  "Förderphase zusätzlich zweijährige Vertiefungsphasen“. {what} „{areas}“ {verb} an keine eigene Förderphase "
                  "an: Die zweijährige Phase ist die einzige Förderung {whose}, in der Kohorte der Kommune, in "
                  "deren Programmgebiet sie liegt. Diese Auswertung zählt ihn wie der Werkreport zu den "
                  "Vertiefungsphasen, aber nicht als Anschluss (Anlage A, Konsistenzprüfung).")

DEEPENING = "Vertiefung"
# Types of municipality in the report's order: (value, singular phrase, plural phrase)
TYPES = [("kreisfreie Stadt", "kreisfreie Stadt", "kreisfreie Städte"), ("Landkreis", "Landkreis", "Landkreise"),
         ("Region", "die Region Hannover", "Regionen"), ("Stadt", "weitere Stadt", "weitere Städte"),
         ("Samtgemeinde", "Samtgemeinde", "Samtgemeinden")]
ONE = {"kreisfreie Stadt": "eine", "Landkreis": "ein", "Stadt": "eine", "Samtgemeinde": "eine"}


def _years(periods: pd.DataFrame) -> pd.Series:
    """Length of each funding period in whole years (end date inclusive)."""
    days = (pd.to_datetime(periods["end"]) - pd.to_datetime(periods["start"])).dt.days + 1
    return (days / 365.25).round().astype(int)


def _duration(years: pd.Series, dative: bool = False) -> str:
    """'drei Jahre', 'zwei bis drei Jahre' (dative: 'von zwei Jahren')."""
    low, high = int(years.min()), int(years.max())
    unit = "Jahr" if high == 1 else ("Jahren" if dative else "Jahre")
    return f"{number(low, 'ein')} {unit}" if low == high else f"{number(low, 'ein')} bis {number(high, 'ein')} {unit}"


def funding_frame_text(cohorts: pd.DataFrame, periods: pd.DataFrame) -> str:
    """Chapter 2: cohorts, municipalities and the length of the funding periods.

    cohorts: findings.participation.cohort_table (cohort, municipalities, start, end);
    periods: findings.participation.funding_periods (kind, start, end).
    """
    if cohorts.empty or int(cohorts["municipalities"].sum()) == 0:
        return "Bis zum Stichtag ist noch keine Kommune in das Programm aufgenommen."
    years = ", ".join(str(c) for c in cohorts["cohort"])
    total = int(cohorts["municipalities"].sum())
    text = (f"Aufgenommen werden die Kommunen in Kohorten: Bis zum Stichtag {'ist' if len(cohorts) == 1 else 'sind'} "
            f"es {amount(len(cohorts), 'Kohorte', 'Kohorten')} ({years}) mit zusammen "
            f"{amount(total, 'Kommune', 'Kommunen')}.")
    main = periods[periods["kind"] != DEEPENING]
    deep = _following(periods)
    if len(main):
        text += f" Ein Programmgebiet wird {_duration(_years(main))} lang gefördert"
        text += (f"; in {amount(len(deep), 'Modellraum', 'Modellräumen', one='einem')} schließt sich eine "
                 f"Vertiefungsphase von {_duration(_years(deep), dative=True)} an." if len(deep) else ".")
    start, end = pd.to_datetime(periods["start"]).min(), pd.to_datetime(periods["end"]).max()
    if len(periods):
        text += f" Die Förderzeiträume aller Modellräume reichen von {month(start)} bis {month(end)} (Abb. 2)."
    return text


def _following(periods: pd.DataFrame) -> pd.DataFrame:
    """Deepening phases of municipalities that have a programme area of their own: these follow a funding phase."""
    deep = periods[periods["kind"] == DEEPENING]
    if "municipality" not in periods:
        return deep
    return deep[deep["municipality"].isin(periods.loc[periods["kind"] != DEEPENING, "municipality"])]


def _own_phase(periods: pd.DataFrame) -> pd.DataFrame:
    """Deepening phases that are a municipality's only model area: its funding itself, following nothing."""
    deep = periods[periods["kind"] == DEEPENING]
    return deep[~deep.index.isin(_following(periods).index)]


def reporting_date_text(reporting_date: str, stale_note: str | None = None) -> str:
    """Chapter 3: the state the results describe, and a warning when the data end long before it."""
    text = f"Alle Ergebnisse dieses Kapitels beziehen sich auf den Stichtag **{fmt.date(reporting_date)}**."
    return text + (f"\n\n**Achtung, veralteter Datenstand:** {stale_note}" if stale_note else "")


def participation_text(participants: pd.DataFrame) -> str:
    """3.1: how many municipalities in how many cohorts with how many model areas, and of which type.

    participants: findings.participation.participants (one row per municipality: type, cohort, model_areas).
    """
    n = len(participants)
    if n == 0:
        return "Bis zum Stichtag nimmt noch keine Kommune am Programm teil."
    years = sorted(int(y) for y in participants["cohort"].unique())
    areas = int(participants["model_areas"].sum())
    text = (f"In {amount(len(years), 'Kohorte', 'Kohorten', one='einer')} ({', '.join(map(str, years))}) "
            f"{'nimmt' if n == 1 else 'nehmen'} bis zum Stichtag **{amount(n, 'Kommune', 'Kommunen')}** mit "
            f"zusammen **{amount(areas, 'Modellraum', 'Modellräumen', one='einem')}** am Programm teil (Abb. 2).")
    inferred = participants[participants["evidence"] == INFERRED] if "evidence" in participants else participants.iloc[:0]
    counts = participants.drop(inferred.index)["type"].value_counts()
    kinds = []
    for key, singular, plural in TYPES:
        k = int(counts.get(key, 0))
        if k == 1 and key == "Region":
            kinds.append(singular)
        elif k:
            kinds.append(amount(k, singular, plural, one=ONE.get(key, "eine")))
    others = [f"{amount(int(c), str(t), str(t))}" for t, c in counts.items() if t not in {k for k, _, _ in TYPES}]
    parts = kinds + others
    if parts:
        text += f" {'Beteiligt ist' if len(participants) - len(inferred) == 1 else 'Beteiligt sind'} {listing(parts)}"
        text += ";" if len(inferred) else "."
    if len(inferred):
        names = listing([escape(v) for v in inferred["municipality"]])
        text += (f" als {n}. Kommune zählt diese Auswertung außerdem die {names}[^kommune-lesart]." if len(inferred) == 1
                 else f" als weitere Kommunen zählt diese Auswertung außerdem {names}[^kommune-lesart].")
        text += "\n\n" + footnote("kommune-lesart", READING_NOTE.format(who=f"die {names}" if len(inferred) == 1
                                                                         else names))
    return text


def funding_periods_text(periods: pd.DataFrame, reporting_date: str) -> str:
    """3.1, Abb. 2: the deepening phases that follow a funding phase, those starting after the date, and a
    deepening that is a municipality's only model area (it follows nothing; footnote).

    periods: findings.participation.funding_periods (municipality, kind, start, end; one row per model area).
    """
    deep, own = _following(periods), _own_phase(periods)
    if deep.empty and own.empty:
        return "Eine Vertiefungsphase im Anschluss an die Förderphase gibt es zum Stichtag noch nicht."
    k = len(deep)
    later = int((pd.to_datetime(deep["start"]) > pd.Timestamp(reporting_date)).sum())
    running = int(((pd.to_datetime(periods["start"]) <= pd.Timestamp(reporting_date))
                   & (pd.to_datetime(periods["end"]) >= pd.Timestamp(reporting_date))).sum())
    text = ""
    if k:
        text = (f"In {amount(k, 'Modellraum', 'Modellräumen', one='einem')} {'folgt' if k == 1 else 'folgen'} auf "
                f"die Förderphase {'eine Vertiefungsphase' if k == 1 else 'Vertiefungsphasen'} von "
                f"{_duration(_years(deep), dative=True)} (in Abb. 2 schraffiert)")
        text += (f"; {amount(later, 'davon beginnt', 'davon beginnen', one='eine')} erst nach dem Stichtag." if later
                 else ".")
    if len(own):
        areas = listing([escape(v) for v in own["model_area"]])
        one = len(own) == 1
        further = "weiterer " if k and one else ("weitere " if k else "")
        text += (f" {'Ein ' + further + 'Modellraum' if one else (further or 'die ').capitalize() + 'Modellräume'} mit "
                 f"{'einer Vertiefungsphase' if one else 'Vertiefungsphasen'} von {_duration(_years(own), dative=True)}"
                 f" {'ist' if one else 'sind'} die einzige Förderung {'seiner' if one else 'ihrer'} Kommune: "
                 f"„{areas}“[^vertiefung-eigen].")
        text += "\n\n" + footnote("vertiefung-eigen", OWN_PHASE_NOTE.format(
            what="Der Modellraum" if one else "Die Modellräume", areas=areas, verb="schließt" if one else "schließen",
            whose="seiner Kommune" if one else "ihrer Kommunen"))
        text, note = text.split("\n\n", 1)
    else:
        note = ""
    if running == len(periods):
        text += (" Zum Stichtag läuft der Förderzeitraum noch." if running == 1 else
                 f" Zum Stichtag laufen alle {fmt.number(running)} Förderzeiträume noch.")
    else:
        text += (f" Zum Stichtag {'läuft' if running == 1 else 'laufen'} noch "
                 f"{number(running, 'einer')} der {fmt.number(len(periods))} Förderzeiträume.")
    return text.strip() + ("\n\n" + note if note else "")


def quotas_text(quotas: pd.DataFrame) -> str:
    """3.1, Abb. 3: the share of all kreisfreie Städte and Landkreise of Lower Saxony taking part.

    quotas: findings.participation.quotas (category, participating, total).
    """
    names = {"Kreisfreie Städte": "der kreisfreien Städte",
             "Landkreise*": "der Landkreise (einschließlich der Region Hannover)"}
    parts = [f"{share(int(r.participating), int(r.total))} {names.get(r.category, f'„{r.category}“')}"
             for r in quotas.itertuples() if r.total]
    if not parts:
        return ""
    return f"Am Programm beteiligt sind {listing(parts)} Niedersachsens (Abb. 3)."

"""German prose of chapter 2 (funding frame), the overview of chapter 3 and 3.1 (Inanspruchnahme).

Every function takes the frames the notebook shows (evaluation.findings.participation) – filter or
group a frame in the notebook and the sentence follows it.
"""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose._text import amount, listing, month, share_of as share, word as number

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
    deep = periods[periods["kind"] == DEEPENING]
    if len(main):
        text += f" Ein Programmgebiet wird {_duration(_years(main))} lang gefördert"
        text += (f"; in {amount(len(deep), 'Modellraum', 'Modellräumen', one='einem')} schließt sich eine "
                 f"Vertiefungsphase von {_duration(_years(deep), dative=True)} an." if len(deep) else ".")
    start, end = pd.to_datetime(periods["start"]).min(), pd.to_datetime(periods["end"]).max()
    if len(periods):
        text += f" Die Förderzeiträume aller Modellräume reichen von {month(start)} bis {month(end)} (Abb. 2)."
    return text


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
    counts = participants["type"].value_counts()
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
        text += f" {'Beteiligt ist' if n == 1 else 'Beteiligt sind'} {listing(parts)}."
    return text


def funding_periods_text(periods: pd.DataFrame, reporting_date: str) -> str:
    """3.1, Abb. 2: the deepening phases that follow a funding phase, and those starting after the date.

    periods: findings.participation.funding_periods (kind, start, end; one row per model area).
    """
    deep = periods[periods["kind"] == DEEPENING]
    if deep.empty:
        return "Eine Vertiefungsphase im Anschluss an die Förderphase gibt es zum Stichtag noch nicht."
    k = len(deep)
    later = int((pd.to_datetime(deep["start"]) > pd.Timestamp(reporting_date)).sum())
    running = int(((pd.to_datetime(periods["start"]) <= pd.Timestamp(reporting_date))
                   & (pd.to_datetime(periods["end"]) >= pd.Timestamp(reporting_date))).sum())
    text = (f"In {amount(k, 'Modellraum', 'Modellräumen', one='einem')} {'folgt' if k == 1 else 'folgen'} auf die "
            f"Förderphase {'eine Vertiefungsphase' if k == 1 else 'Vertiefungsphasen'} von "
            f"{_duration(_years(deep), dative=True)} (in Abb. 2 schraffiert)")
    text += (f"; {amount(later, 'davon beginnt', 'davon beginnen', one='eine')} erst nach dem Stichtag." if later
             else ".")
    if running == len(periods):
        return text + (" Zum Stichtag läuft der Förderzeitraum noch." if running == 1 else
                       f" Zum Stichtag laufen alle {fmt.number(running)} Förderzeiträume noch.")
    return text + (f" Zum Stichtag {'läuft' if running == 1 else 'laufen'} noch "
                   f"{number(running, 'einer')} der {fmt.number(len(periods))} Förderzeiträume.")


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

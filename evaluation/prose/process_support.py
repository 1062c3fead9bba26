"""3.3 Leistungsbilanz der Prozessbegleitung: German sentences and reader tables from the frames of
findings.process_support, findings.uncertainty (trainings trend) and findings.satisfaction."""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose import _text as t

PROCESS_CONTACT = "Beratungskontakt"
IMPACT_CONTACT = "Beratungskontakt Wirkungsorientierung"
# kind of the activity log → (reader's label, section of the report that counts it)
KINDS = {
    PROCESS_CONTACT: ("Beratungskontakte zur Prozessberatung", "3.3.1"),
    "Vortrag": ("Vorträge in den Kommunen", "3.3.1"),
    IMPACT_CONTACT: ("Beratungskontakte zur Wirkungsorientierung", "3.3.2"),
    "Workshop Wirkungsorientierung": ("Workshops zur Wirkungsorientierung", "3.3.2"),
    "Fortbildung": ("Fortbildungen für Koordinierungskräfte", "3.3.3"),
    "Tagung": ("Tagungen für die Fachöffentlichkeit", "3.3.3"),
    "Publikation": ("Publikationen", "3.3.4"),
    "Social Media": ("Social-Media-, Audio- und Videobeiträge", "3.3.4"),
}
RECONSTRUCTED_LOG = ("Der Tätigkeitsnachweis der Landeskoordinierungsstelle ist nicht veröffentlicht; seine Tagesdaten, "
                     "Dauern und Formate sind rekonstruiert, die Summen je Art folgen dem Werkreport zum 31.03.2022 "
                     "(Anlage C).")
PANDEMIC_MONTH = "März 2020"


def _label(kind: str) -> str:
    return KINDS.get(kind, (kind, ""))[0]


def _total(counts: pd.DataFrame, kind: str) -> int:
    """The count of `kind` in a frame with columns kind and count (summed over any further grouping)."""
    return int(counts.loc[counts["kind"] == kind, "count"].sum())


def _at_least(low: int, high: int, noun_one: str, noun_many: str) -> str:
    """'mindestens zwei bis drei Beratungskontakte', 'mindestens ein Beratungskontakt'."""
    word = lambda n: "ein" if n == 1 else t.number(n) if n else "null"  # noqa: E731
    if low == high:
        return f"mindestens {word(low)} {noun_one if low == 1 else noun_many}"
    return f"mindestens {word(low)} bis {word(high)} {noun_many}"


def _month_span(low: int, high: int) -> str:
    """'1 Monat', '36 Monate', '24 bis 60 Monate'."""
    if low == high:
        return f"{fmt.number(low)} Monat{'e' if low != 1 else ''}"
    return f"{fmt.number(low)} bis {fmt.number(high)} Monate"


def _months(low: int, high: int) -> str:
    """'zwei bis fünf Jahre (24 bis 60 Monate)' when whole years, else '27 bis 60 Monate'."""
    span = _month_span(low, high)
    if low % 12 or high % 12:
        return span
    years = (f"{t.count(low // 12, 'ein Jahr', 'Jahre')}" if low == high else
             f"{t.number(low // 12) if low != 12 else 'ein'} bis {t.number(high // 12)} Jahre")
    return f"{years} ({span})"


def activities_table(counts: pd.DataFrame) -> pd.DataFrame:
    """activity_counts(ds) as a reader reads it: what the office did, how often, where the report counts it."""
    return pd.DataFrame({"Tätigkeit": [_label(k) for k in counts["kind"]],
                         "Anzahl": [fmt.number(c) for c in counts["count"]],
                         "Abschnitt": [KINDS.get(k, ("", "–"))[1] for k in counts["kind"]]})


def overview_text(counts: pd.DataFrame, duration: pd.DataFrame) -> str:
    """3.3: how many municipalities the office supports, for how long, and the activity log's totals."""
    n = len(duration)
    if n == 0:
        return "Zum Stichtag begleitet die Landeskoordinierungsstelle noch keine Kommune."
    planned, done = duration["months_planned"], duration["months_by_date"]
    text = (f"Die Landeskoordinierungsstelle begleitet bis zum Stichtag "
            f"{t.count(n, 'eine Kommune', 'Kommunen')}; vorgesehen sind je nach Förderzeitraum "
            f"{_months(int(planned.min()), int(planned.max()))}; bis zum Stichtag "
            f"{'ist' if int(done.max()) == 1 else 'sind'} davon je Kommune "
            f"{_month_span(int(done.min()), int(done.max()))} vergangen.")
    total = int(counts["count"].sum())
    if total == 0:
        return text + " Tätigkeiten sind bis zum Stichtag noch nicht verzeichnet."
    return (text + f" Ihr Tätigkeitsnachweis verzeichnet bis dahin {t.count(total, 'einen Eintrag', 'Einträge')}; die "
            f"Tabelle fasst sie nach Art zusammen.[^taetigkeitsnachweis]\n\n"
            + t.footnote("taetigkeitsnachweis", RECONSTRUCTED_LOG))


def contact_table(frequency: pd.DataFrame, kind: str = PROCESS_CONTACT) -> pd.DataFrame:
    """One kind of contact_frequency as Kennzahl | Wert, German numbers, '–' where nothing is known yet."""
    row = frequency.set_index("kind").loc[kind]

    def span(low, high, decimals: int = 0) -> str:
        if pd.isna(low):
            return "–"
        return fmt.number(float(low), decimals) + ("" if low == high else f" bis {fmt.number(float(high), decimals)}")
    rows = [
        ("Geförderte Kommunen bis zum Stichtag", fmt.number(int(row["municipalities"]))),
        ("davon mit Kontakten", fmt.number(int(row["with_contacts"]))),
        ("Kontakte insgesamt", fmt.number(int(row["contacts"]))),
        ("Geförderte Monate je Kommune", span(row["months_min"], row["months_max"])),
        ("Kontakte je Monat und Kommune (niedrigstes bis höchstes Mittel)", span(row["mean_min"], row["mean_max"], 1)),
        ("Kontakte je Monat und Kommune, mindestens", span(row["per_month_low"], row["per_month_high"])),
        ("Kontakte je Jahr und Kommune, mindestens", span(row["per_year_low"], row["per_year_high"])),
    ]
    return pd.DataFrame(rows, columns=["Kennzahl", "Wert"])


def _frequency(row, what: str, label: str) -> str:
    """'Im Mittel hatte jede Kommune mindestens zwei bis drei Beratungskontakte pro Monat, also …'."""
    if pd.isna(row["per_month_low"]):
        return f"Bis zum Stichtag ist noch kein {what} verzeichnet."
    low, high = int(row["per_month_low"]), int(row["per_month_high"])
    n, with_contacts = int(row["municipalities"]), int(row["with_contacts"])
    if with_contacts == n:
        whom = "jede Kommune"
    elif with_contacts == 1:
        whom = "die einzige Kommune mit Kontakten"
    else:
        whom = f"jede der {t.number(with_contacts)} Kommunen mit Kontakten"
    if low == 0:
        return (f"Im Mittel hatte {whom} zwischen {fmt.number(float(row['mean_min']), 1)} und "
                f"{fmt.number(float(row['mean_max']), 1)} {label} pro Monat")
    per_year = fmt.number(12 * low) if low == high else f"{fmt.number(12 * low)} bis {fmt.number(12 * high)}"
    text = f"Im Mittel hatte {whom} {_at_least(low, high, what, label)} pro Monat, also mindestens {per_year} im Jahr"
    return text


def contacts_text(frequency: pd.DataFrame, counts: pd.DataFrame) -> str:
    """3.3.1: advisory contacts per month and municipality (contact_frequency) and talks (activity_counts)."""
    row = frequency.set_index("kind").loc[PROCESS_CONTACT]
    text = _frequency(row, "Beratungskontakt", "Beratungskontakte")
    if not pd.isna(row["per_month_low"]):
        contacts = int(row["contacts"])
        text += (f"[^kontakte-je-monat]; insgesamt {'ist es' if contacts == 1 else 'sind es'} "
                 f"{t.count(contacts, 'ein Kontakt', 'Kontakte')}.")
    talks = _total(counts, "Vortrag")
    text += (f" Dazu {'kommt' if talks == 1 else 'kommen'} {t.count(talks, 'ein Vortrag', 'Vorträge')} der "
             "Landeskoordinierungsstelle in den Kommunen."
             if talks else " Vorträge in den Kommunen sind bis zum Stichtag nicht verzeichnet.")
    if not pd.isna(row["per_month_low"]):
        text += "\n\n" + t.footnote(
            "kontakte-je-monat",
            "Je Kommune sind die Kontakte durch die bis zum Stichtag geförderten Monate geteilt (eigene Förderung und "
            f"Vertiefung); die Monatsmittel liegen zwischen {fmt.number(float(row['mean_min']), 1)} und "
            f"{fmt.number(float(row['mean_max']), 1)}. „Mindestens“ nennt sie abgerundet, je Jahr das Zwölffache. Wie "
            "sich die Kontakte auf die Kommunen verteilen, ist rekonstruiert; der Werkreport nennt nur die Spanne.")
    return text


def impact_text(frequency: pd.DataFrame, workshops: pd.DataFrame) -> str:
    """3.3.2: contacts on impact orientation (contact_frequency) and workshops per municipality."""
    row = frequency.set_index("kind").loc[IMPACT_CONTACT]
    text = _frequency(row, "Beratungskontakt zur Wirkungsorientierung", "Beratungskontakte zur Wirkungsorientierung")
    text += "." if not pd.isna(row["per_month_low"]) else ""
    held = workshops[workshops["workshops"] > 0]
    total, second = int(held["workshops"].sum()), int((held["workshops"] > 1).sum())
    if total == 0:
        return text + " Workshops zur Ziel- und Indikatorenentwicklung sind bis zum Stichtag noch nicht verzeichnet."
    text += (f" In {t.count(len(held), 'einer Kommune', 'Kommunen')} fand{'en' if total > 1 else ''} "
             f"{t.count(total, 'ein Workshop', 'Workshops')} zur Ziel- und Indikatorenentwicklung statt")
    if second:
        text += (f"; in {t.count(second, 'einer Kommune', 'Kommunen')} gab es mehr als einen Termin"
                 "[^zweiter-workshop]")
    without = len(workshops) - len(held)
    if without:
        text += f". Noch ohne Workshop {'ist' if without == 1 else 'sind'} {t.count(without, 'eine Kommune', 'Kommunen')}"
    text += "."
    if second:
        text += "\n\n" + t.footnote("zweiter-workshop", "Gezählt ist jeder Workshop-Termin des Tätigkeitsnachweises; "
                                    "eine Kommune mit zwei Terminen zählt zweimal. Welche Kommunen einen zweiten Termin "
                                    "hatten, ist rekonstruiert; der Werkreport sagt nur, dass es sie gab.")
    return text


def trainings_text(trainings: pd.DataFrame, counts: pd.DataFrame, pandemic_year: int = 2020) -> str:
    """3.3.3 and Abb. 15: trainings per year (trainings_by_year) and conferences (activity_counts)."""
    total = int(trainings["count"].sum())
    conferences = _total(counts, "Tagung")
    conf = (f" Dazu kommen {t.count(conferences, 'eine Tagung', 'Tagungen')} für die Fachöffentlichkeit."
            if conferences else " Tagungen für die Fachöffentlichkeit sind bis zum Stichtag nicht verzeichnet.")
    if total == 0:
        return "Fortbildungen für Koordinierungskräfte sind bis zum Stichtag noch nicht verzeichnet (Abb. 15)." + conf
    years = trainings.groupby("year")["count"].sum()
    text = (f"Bis zum Stichtag hat die Landeskoordinierungsstelle {t.count(total, 'eine Fortbildung', 'Fortbildungen')} für "
            "Koordinierungskräfte angeboten (Abb. 15)")
    before, since = int(years[years.index < pandemic_year].sum()), int(years[years.index >= pandemic_year].sum())
    if before and since:
        text += (f", {fmt.word(before, one='eine')} vor {pandemic_year} und {fmt.word(since, one='eine')} "
                 f"seit {pandemic_year}")
    best = years[years == years.max()]
    partial = set(trainings.loc[trainings["partial_year"].astype(bool), "year"])
    if len(best) == 1 and len(years) > 1:
        text += f". Die meisten gab es {int(best.index[0])} ({fmt.number(int(best.iloc[0]))})"
    elif 1 < len(best) < len(years):
        text += f". Die meisten gab es {t.listing([str(y) for y in best.index])} mit je {fmt.number(int(best.iloc[0]))}"
    text += "."
    if partial:
        year = int(max(partial))
        text += (f" {year} ist ein Teiljahr und zählt nur bis zum Stichtag[^fortbildungen-teiljahr]; ein Rückgang lässt sich daraus "
                 "nicht ablesen.")
    text += conf
    if partial:
        text += "\n\n" + t.footnote("fortbildungen-teiljahr", "Abb. 15 schraffiert das Teiljahr; der Vergleich der Jahre unten "
                                    "rechnet deshalb mit Fortbildungen je beobachtetem Monat.")
    return text


def _or_dashes(table: pd.DataFrame) -> pd.DataFrame:
    """A table without rows as one row of '–': a reader sees that nothing is there yet, not a broken table."""
    return table if len(table) else pd.DataFrame([["–"] * len(table.columns)], columns=table.columns)


def trend_table(trend) -> pd.DataFrame:
    """The years of the Poisson trend: trainings, months observed, trainings per month."""
    years = trend.years
    return _or_dashes(pd.DataFrame({
        "Jahr": [str(int(y)) for y in years["year"]],
        "Fortbildungen": [fmt.number(int(c)) for c in years["count"]],
        "Monate beobachtet": [fmt.number(int(m)) for m in years["months"]],
        "je Monat": [fmt.number(c / m, 2) if m else "–" for c, m in zip(years["count"], years["months"])],
    }))


def trend_text(trend, reporting_date: str, change_year: int = 2020) -> str:
    """The trainings trend (uncertainty.trainings_trend) in plain German, with its caveats."""
    if trend.rate_ratio is None:
        return (f"Für einen Vergleich vor und seit {change_year} reichen die Daten zum Stichtag nicht: Es fehlen "
                "Jahre oder Fortbildungen auf einer der beiden Seiten.")
    text = (f"Seit {change_year} fanden im Mittel {fmt.number(trend.rate_ratio, 1)}-mal so viele Fortbildungen pro "
            f"Monat statt wie zuvor (95-%-Konfidenzintervall {fmt.number(trend.low, 1)} bis {fmt.number(trend.high, 1)}, "
            f"p = {fmt.number(trend.p_value, 3)}).[^fortbildungen-poisson]")
    last = trend.years.iloc[-1]
    if int(last["months"]) < 12:
        until = trend.until or reporting_date
        where = (f"bis zum Stichtag {fmt.date(reporting_date)}" if until == reporting_date
                 else f"bis zum Ende der Daten am {fmt.date(until)}")
        months = int(last["months"])
        text += (f" Das Jahr {int(last['year'])} geht mit {t.count(months, 'einem Monat', 'Monaten')} {where} ein; "
                 "ob sich das Tempo hält, lässt sich aus den Daten nicht ableiten.")
    return text + ("\n\n" + t.footnote("fortbildungen-poisson", "Poisson-Regression der Fortbildungen je Jahr mit der Zahl der "
                                       "beobachteten Monate als Offset; bei so kleinen Zahlen ist das Intervall weit."))


def media_table(media: pd.DataFrame) -> pd.DataFrame:
    """Publications and social-media items per year (activity_counts by year, filtered to these kinds)."""
    kinds = [k for k in KINDS if k in set(media["kind"])] or ["Publikation", "Social Media"]
    years = sorted(int(y) for y in media["year"].unique())
    table = pd.DataFrame({"Jahr": [str(y) for y in years]})
    for kind in kinds:
        counts = media[media["kind"] == kind].groupby("year")["count"].sum()
        table[_label(kind)] = [fmt.number(int(counts.get(y, 0))) for y in years]
    return _or_dashes(table)


def media_text(media: pd.DataFrame) -> str:
    """3.3.4: publications and social-media, audio and video items by the date."""
    publications, social = _total(media, "Publikation"), _total(media, "Social Media")
    if publications == 0 and social == 0:
        return "Publikationen und Beiträge der Öffentlichkeitsarbeit sind bis zum Stichtag noch nicht verzeichnet."
    parts = []
    if publications:
        parts.append(f"{t.count(publications, 'eine eigene Publikation', 'eigene Publikationen')} herausgegeben")
    if social:
        parts.append(f"{t.count(social, 'einen Beitrag', 'Beiträge')} in sozialen Medien sowie als Audio- oder "
                     "Videobeitrag veröffentlicht")
    years = sorted(int(y) for y in media.loc[media["count"] > 0, "year"].unique())
    span = f" ({years[0]} bis {years[-1]})" if len(years) > 1 else f" ({years[0]})"
    return (f"Bis zum Stichtag hat die Landeskoordinierungsstelle {t.listing(parts)}{span}.[^medien-jahre]\n\n"
            + t.footnote("medien-jahre", "Die Zuordnung zu Jahren ist rekonstruiert; belegt sind nur die Summen zum "
                         "31.03.2022 (Anlage C)."))


def formats_table(formats: pd.DataFrame) -> pd.DataFrame:
    """formats_by_period as a reader reads it: per kind the count before March 2020 with its share in person,
    and the count since then with its digital and hybrid shares."""
    rows = []
    for kind in dict.fromkeys(formats["kind"]):
        part = formats[formats["kind"] == kind]
        row = {"Tätigkeit": _label(kind)}
        for since, name, shown in ((False, f"vor {PANDEMIC_MONTH}", ("Präsenz",)),
                                   (True, f"ab {PANDEMIC_MONTH}", ("digital", "hybrid"))):
            period = part[part["since_pandemic"].astype(bool) == since]
            total = int(period["total"].iloc[0]) if len(period) else 0
            row[name] = fmt.number(total)
            for fmt_name in shown:
                share = period.loc[period["format"] == fmt_name, "share"]
                row[f"davon {fmt_name}"] = fmt.percent(float(share.iloc[0])) if total else "–"
        rows.append(row)
    columns = ["Tätigkeit", f"vor {PANDEMIC_MONTH}", "davon Präsenz", f"ab {PANDEMIC_MONTH}", "davon digital",
               "davon hybrid"]
    return _or_dashes(pd.DataFrame(rows, columns=columns))


def corona_text(formats: pd.DataFrame) -> str:
    """3.3.5: which formats the office used before and since March 2020 (formats_by_period)."""
    since_flags = formats["since_pandemic"].astype(bool) if len(formats) else pd.Series(dtype=bool)
    if not since_flags.any():
        return (f"Der Beginn der Pandemie im {PANDEMIC_MONTH} liegt nach dem Stichtag oder nach den letzten "
                "verzeichneten Tätigkeiten; ein Vergleich der Formate ist zu diesem Stand nicht möglich.")
    before, since = formats[~since_flags], formats[since_flags]

    def share_of(period: pd.DataFrame, fmt_name: str) -> tuple[int, int]:
        rows = period[period["format"] == fmt_name]
        return int(rows["count"].sum()), int(period.drop_duplicates("kind")["total"].sum())
    text = ""
    if len(before):
        in_person, total = share_of(before, "Präsenz")
        text += (f"Vor {PANDEMIC_MONTH} fanden {t.of(in_person, total)} der verzeichneten Beratungen und "
                 "Veranstaltungen in Präsenz statt. " if in_person < total else
                 f"Vor {PANDEMIC_MONTH} fanden alle {fmt.number(total)} verzeichneten Beratungen und Veranstaltungen "
                 "in Präsenz statt. ")
    parts = []
    for kind in dict.fromkeys(since["kind"]):
        rows = since[since["kind"] == kind]
        digital = int(rows.loc[rows["format"] == "digital", "count"].sum())
        total = int(rows["total"].iloc[0])
        label = _label(kind)
        if digital == total:
            parts.append(f"alle {fmt.word(total)} {label}" if total > 1 else f"der einzige Eintrag der {label}")
        elif digital:
            parts.append(f"{t.share(digital, total, 1)} der {label} ({fmt.number(digital)} von {fmt.number(total)})")
    if parts:
        text += f"Ab {PANDEMIC_MONTH} digital: {t.listing(parts)}.[^formate-lks]"
    else:
        text += f"Auch ab {PANDEMIC_MONTH} ist keine Tätigkeit als digital verzeichnet.[^formate-lks]"
    only_before = [k for k in dict.fromkeys(before["kind"]) if k not in set(since["kind"])]
    if only_before:
        text += f" Nur vor {PANDEMIC_MONTH} verzeichnet sind " + t.listing([_label(k) for k in only_before]) + "."
    return text + "\n\n" + t.footnote("formate-lks", "Telefonische Beratung zählt als digital. Die Formate im "
                                      "Tätigkeitsnachweis sind rekonstruiert, nach den Angaben des Werkreports zu "
                                      "Präsenz vor und digitalen Formaten seit Beginn der Pandemie (Anlage C).")


def satisfaction_table(answers: pd.DataFrame) -> pd.DataFrame:
    """The survey's answers (satisfaction.answers) as Antwort | Anzahl | Anteil."""
    return pd.DataFrame({"Antwort": list(answers["answer"]),
                         "Anzahl": [fmt.number(int(c)) for c in answers["count"]],
                         "Anteil": [t.share(c, v) for c, v in zip(answers["count"], answers["valid"])]})


def satisfaction_text(answers: pd.DataFrame, satisfied: tuple[str, ...] = ("sehr zufrieden", "zufrieden"),
                      abstention: str = "Enthaltung") -> str:
    """3.3.6: the coordinators' satisfaction with the office (satisfaction.answers, abstention in the denominator)."""
    total = int(answers["valid"].iloc[0]) if len(answers) else 0
    if total == 0:
        return ("Die Befragung der Koordinierungskräfte fand im März 2021 statt; zum Stichtag liegen noch keine "
                "Antworten vor.")
    counts = dict(zip(answers["answer"], answers["count"].astype(int)))
    very, sat = counts.get(satisfied[0], 0), counts.get(satisfied[1], 0)
    abst = counts.get(abstention, 0)
    text = (f"Von {t.count(total, 'einem zurückgegebenen Fragebogen', 'zurückgegebenen Fragebögen')} der Befragung im März 2021 "
            f"sind {fmt.number(very)} ({t.share(very, total)}) „sehr zufrieden“ und {fmt.number(sat)} "
            f"({t.share(sat, total)}) „zufrieden“ mit der Arbeit der Landeskoordinierungsstelle, zusammen "
            f"{t.share(very + sat, total)}.")
    others = [(a, c) for a, c in counts.items() if c and a not in (*satisfied, abstention)]
    if others:
        text += " Weitere Antworten: " + t.listing([f"„{a}“ ({fmt.number(c)})" for a, c in others]) + "."
    if abst:
        who = "Eine Koordinierungskraft hat" if abst == 1 else f"{t.number(abst).capitalize()} Koordinierungskräfte haben"
        text += f" {who} sich enthalten.[^befragung-enthaltung]"
    text += (f" Bei so wenigen Antworten verschiebt eine einzelne den Anteil um rund {fmt.number(100 / total)} "
             "Prozentpunkte.")
    if abst:
        valid = total - abst
        text += "\n\n" + t.footnote(
            "befragung-enthaltung", f"Die Anteile beziehen sich wie im Werkreport auf alle {fmt.number(total)} Fragebögen, die "
            f"Enthaltung{'en' if abst > 1 else ''} eingeschlossen; ohne sie wären es {fmt.number(very + sat)} von "
            f"{fmt.number(valid)} ({t.share(very + sat, valid)}).")
    return text

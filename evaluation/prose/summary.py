"""4 Zusammenfassung und Fazit: one paragraph per block of the report's summary and the table of key
figures, all from findings.summary.key_figures – the summary says nothing its sections do not compute."""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose import _text as t

BLOCKS = {"participation": "Inanspruchnahme des Programms",
          "effects": "Wirkungen in kommunalen Strukturen und bei Angeboten",
          "support": "Prozessbegleitung", "sustainability": "Nachhaltigkeit"}


class _Figures:
    """Rows of key_figures by id: count, n, low, high as ints or None."""

    def __init__(self, key: pd.DataFrame):
        self.rows = key.set_index("id")

    def has(self, id_: str) -> bool:
        return id_ in self.rows.index

    def get(self, id_: str, column: str = "count") -> int | None:
        if not self.has(id_):
            return None
        value = self.rows.at[id_, column]
        return None if pd.isna(value) else int(value)


def _all(n: int) -> str:
    """'die einzige', 'beide', 'alle fünf', 'alle 21'."""
    return "die einzige" if n == 1 else "beide" if n == 2 else f"alle {t.number(n)}"


def _lead(block: str) -> str:
    return f"**{BLOCKS[block]}.** "


def participation(key: pd.DataFrame) -> str:
    """Start, municipalities, model areas, cohorts, districts and the planned duration of support."""
    f = _Figures(key)
    municipalities, areas = f.get("municipalities_total"), f.get("model_areas_total")
    if not municipalities:
        return _lead("participation") + "Zum Stichtag nimmt noch keine Kommune am Programm teil."
    cohorts, first = f.get("cohorts") or 0, f.get("first_year")
    text = (f"Seit {first} {'ist' if municipalities == 1 else 'sind'} in "
            f"{t.count(cohorts, 'einer Kohorte', 'Kohorten')} "
            f"{t.count(municipalities, 'eine Kommune', 'Kommunen')} mit "
            f"{t.count(areas, 'einem Modellraum', 'Modellräumen')} im Programm gestartet")
    districts = f.get("districts_participating")
    if districts:
        text += f", darunter {t.count(districts, 'ein Landkreis', 'Landkreise')}"
    text += "."
    low, high = f.get("support_months", "low"), f.get("support_months", "high")
    if low is not None:
        if low % 12 == 0 and high % 12 == 0:
            span = (t.count(low // 12, "ein Jahr", "Jahre") if low == high else
                    f"{t.number(low // 12) if low != 12 else 'ein'} bis {t.number(high // 12)} Jahre")
        else:
            span = (f"{fmt.number(low)} Monate" if low == high else f"{fmt.number(low)} bis {fmt.number(high)} Monate")
        text += (f" Sie werden {span} begleitet und beraten." if low == high else
                 f" Je nach Förderzeitraum werden sie {span} begleitet und beraten.")
    return _lead("participation") + text


def effects(key: pd.DataFrame) -> str:
    """Cross-sector steering groups, offers for families and professionals, the first pandemic year."""
    f = _Figures(key)
    parts = []
    steering, n = f.get("steering_group"), f.get("steering_group", "n")
    if n:
        if steering == n:
            parts.append(f"In allen {fmt.number(n)} Kommunen hat eine ressort- und sektorenübergreifende "
                         "Steuerungsgruppe getagt.[^fazit-steuerungsgruppe]")
        elif steering:
            parts.append(f"In {'einer' if steering == 1 else fmt.number(steering)} der {fmt.number(n)} Kommunen "
                         f"({t.share(steering, n)}) hat eine ressort- und sektorenübergreifende Steuerungsgruppe "
                         "getagt.[^fazit-steuerungsgruppe]")
        else:
            parts.append("Eine ressort- und sektorenübergreifende Steuerungsgruppe ist bis zum Stichtag in keiner "
                         "Kommune dokumentiert.")
    families, professionals = f.get("offers_families") or 0, f.get("offers_professionals") or 0
    if families or professionals:
        offers = []
        if families:
            offers.append(f"{t.count(families, 'ein neues Angebot', 'neue Angebote')} für Kinder und Familien")
        if professionals:
            offers.append(f"{t.count(professionals, 'ein Angebot', 'Angebote')} für Fachkräfte")
        parts.append(f"Die Kommunen haben {t.listing(offers)} entwickelt und gemeldet.")
    else:
        parts.append("Neue Angebote für Kinder und Familien oder für Fachkräfte sind bis zum Stichtag nicht gemeldet.")
    started, left = f.get("new_municipalities_2020"), f.get("left_since_2020")
    if started is not None:
        text = ("Auch im ersten Pandemiejahr 2020 " + (f"{'startete' if started == 1 else 'starteten'} "
                f"{t.count(started, 'eine Kommune', 'Kommunen')} neu" if started else "blieb das Programm bestehen"))
        text += ("; keine Kommune hat das Programm seither verlassen." if left == 0 else
                 f"; {t.count(left, 'eine Kommune hat', 'Kommunen haben')} das Programm seither verlassen.")
        parts.append(text)
    text = _lead("effects") + " ".join(parts)
    if steering:
        text += "\n\n" + t.footnote("fazit-steuerungsgruppe", "Gezählt sind Kommunen, deren Dokumente bis zum "
                                      "Stichtag den Code „Steuerungsgruppe eingerichtet“ (Codesystem in Anlage C) tragen: Eine "
                                      "ressort- und sektorenübergreifende Steuerungsgruppe hat mindestens einmal getagt.")
    return text


def support(key: pd.DataFrame) -> str:
    """Contacts, workshops, trainings and conferences, publications, digital formats, satisfaction (94 %)."""
    f = _Figures(key)
    parts = []
    low, high = f.get("advisory_contacts_per_month", "low"), f.get("advisory_contacts_per_month", "high")
    if low:
        words = (lambda n: "ein" if n == 1 else t.number(n))  # noqa: E731
        span = words(low) if low == high else f"{words(low)} bis {words(high)}"
        parts.append(f"Im Mittel hatte jede Kommune mindestens {span} individuelle Beratungskontakte pro Monat.")
    workshops = f.get("impact_workshops") or 0
    if workshops:
        parts.append(f"Beim wirkungsorientierten Arbeiten unterstützten "
                     f"{t.count(workshops, 'ein Workshop', 'Workshops')} und laufende Beratung die Kommunen.")
    trainings, conferences = f.get("trainings_coordinators") or 0, f.get("conferences") or 0
    if trainings or conferences:
        offered = [x for x in (t.count(trainings, "eine Fortbildung", "Fortbildungen") if trainings else "",
                               t.count(conferences, "eine Tagung", "Tagungen") if conferences else "") if x]
        parts.append(f"Die Landeskoordinierungsstelle hat {t.listing(offered)} angeboten.")
    publications, social = f.get("publications") or 0, f.get("social_media_items") or 0
    if publications or social:
        made = [x for x in (t.count(publications, "eine Publikation", "Publikationen") if publications else "",
                            t.count(social, "einen Social-Media-, Audio- oder Videobeitrag",
                                    "Social-Media-, Audio- und Videobeiträge") if social else "") if x]
        parts.append(f"Sie hat {t.listing(made)} veröffentlicht.")
    contacts, contacts_n = f.get("contacts_digital"), f.get("contacts_digital", "n")
    trained, trained_n = f.get("trainings_digital"), f.get("trainings_digital", "n")
    if contacts_n:
        share = "alle" if contacts == contacts_n else f"{t.share(contacts, contacts_n)} der"
        text = f"Seit März 2020 fanden {share} Beratungskontakte digital statt"
        if trained_n:
            text += "; von den Fortbildungen " + (_all(trained_n) if trained == trained_n else
                                                 f"{fmt.number(trained)} von {fmt.number(trained_n)}")
        parts.append(text + ".[^fazit-formate]")
    very, answers = f.get("satisfaction_total"), f.get("satisfaction_total", "n")
    if answers:
        parts.append(f"Mit der Arbeit der Landeskoordinierungsstelle sind {t.share(very, answers)} der "
                     f"Koordinierungskräfte sehr zufrieden oder zufrieden ({fmt.number(very)} von "
                     f"{fmt.number(answers)} Fragebögen).[^fazit-zufriedenheit]")
    notes = []
    if contacts_n:
        notes.append(t.footnote("fazit-formate", "Die Formate im Tätigkeitsnachweis sind rekonstruiert "
                                "(Anlage C); telefonische Beratung zählt als digital."))
    if answers:
        notes.append(t.footnote("fazit-zufriedenheit", "Befragung der Koordinierungskräfte im März 2021; wie in "
                                "Abschnitt 3.3.6 zählen Enthaltungen im Nenner mit."))
    if not parts:
        return _lead("support") + "Tätigkeiten der Landeskoordinierungsstelle sind bis zum Stichtag nicht verzeichnet."
    return _lead("support") + " ".join(parts) + ("\n\n" + "\n\n".join(notes) if notes else "")


def sustainability(key: pd.DataFrame) -> str:
    """Continuation decided and pending."""
    f = _Figures(key)
    decided, n, pending = f.get("continuation_decided"), f.get("continuation_decided", "n"), f.get("continuation_pending")
    if not n:
        return _lead("sustainability") + "Zum Stichtag nimmt noch keine Kommune am Programm teil."
    if not decided:
        text = "Eine Fortführung nach dem Ende der Programmförderung ist bis zum Stichtag in keiner Kommune beschlossen"
    else:
        text = (f"Von den geförderten Kommunen {'hat' if decided == 1 else 'haben'} {t.share(decided, n)} "
                f"({fmt.number(decided)} von {fmt.number(n)}) beschlossen, die Präventionsketten-Arbeit nach dem "
                "Ende der Programmförderung fortzuführen")
    if pending:
        text += (f"; in {t.count(pending, 'einer Kommune', 'Kommunen')} ({t.share(pending, n)}) steht die "
                 "Entscheidung noch aus")
    return _lead("sustainability") + text + "."


def key_table(key: pd.DataFrame) -> pd.DataFrame:
    """Kennzahlen zum Stichtag: Bereich | Kennzahl | Wert | Abschnitt, '–' where the date has nothing yet."""
    def value(row) -> str:
        if not pd.isna(row["low"]):
            low, high = int(row["low"]), int(row["high"])
            return fmt.number(low) if low == high else f"{fmt.number(low)} bis {fmt.number(high)}"
        if pd.isna(row["count"]):
            return "–"
        if not pd.isna(row["n"]):
            return f"{fmt.number(int(row['count']))} von {fmt.number(int(row['n']))} ({t.share(int(row['count']), int(row['n']))})"
        return str(int(row["count"])) if row["id"] == "first_year" else fmt.number(int(row["count"]))
    return pd.DataFrame({"Bereich": list(key["area"]), "Kennzahl": list(key["label"]),
                         "Wert": [value(r) for _, r in key.iterrows()], "Abschnitt": list(key["section"])})

"""3.2.2 Angebote für Familien und Fachkräfte: German sentences from the frames of findings.offers.

Every function takes the frame the notebook shows (and draws) and nothing else, so a changed filter or
grouping in the notebook changes the sentence with the chart.
"""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose import _text as t

SITUATION_ADJECTIVES = {"materiell": "materielle", "sozial": "soziale", "kulturell": "kulturelle",
                        "gesundheitlich": "gesundheitliche"}
AGE_PHRASES = {"0 bis 3 Jahre": ("Angebote für Kinder von 0 bis 3 Jahren", "Angeboten für Kinder von 0 bis 3 Jahren"),
               "3 bis 6 Jahre": ("Angebote für Kinder von 3 bis 6 Jahren", "Angeboten für Kinder von 3 bis 6 Jahren"),
               "6 bis 10 Jahre": ("Angebote für Kinder von 6 bis 10 Jahren", "Angeboten für Kinder von 6 bis 10 Jahren"),
               "altersübergreifend": ("altersgruppenübergreifende Angebote", "altersgruppenübergreifenden Angeboten")}
# kind → (singular, plural, the form of "one" its gender needs: "ein Fachtag", "eine Schulung")
PROFESSIONAL_KINDS = {"Fachtag": ("Fachtag", "Fachtage", "ein"),
                      "Handlungshilfe": ("Handlungshilfe", "Handlungshilfen", "eine"),
                      "Schulung": ("Schulung", "Schulungen", "eine"),
                      "Informationsmedium": ("Informationsmedium", "Informationsmedien", "ein"),
                      "Qualifizierungsreihe": ("Qualifizierungsreihe", "Qualifizierungsreihen", "eine")}
# The published finding of an age group's share (metadata/published_figures.csv): where the report printed it
AGE_FINDINGS = {"altersübergreifend": "offers_all_ages_share", "3 bis 6 Jahre": "offers_age_3_6_share"}
COUNTED_NOTE = ("Gezählt ist jedes Angebot, das eine Kommune der Landeskoordinierungsstelle als im Rahmen der "
                "Präventionskette neu entwickelt oder ausgebaut gemeldet hat, mit Meldedatum bis zum Stichtag; "
                "später gemeldete Angebote zählen erst zu einem späteren Stichtag.")
LIFE_SITUATIONS_NOTE = ("Lebenslagen sind die materielle, soziale, kulturelle und gesundheitliche Situation der "
                        "Familien. Ein Angebot kann mehreren Lebenslagen zugeordnet sein; jeder Anteil bezieht sich "
                        "auf alle Angebote, zusammen ergeben die Anteile daher mehr als 100 %.")
KINDS_RECONSTRUCTED = ("Die Aufteilung der Balken nach Art des Angebots stammt aus den rekonstruierten "
                       "Angebotsdaten (Anlage C); der Werkreport nennt dafür keine Zahlen.")
AUDIENCES = ("Kinder und Familien", "Fachkräfte")


def _n(frame: pd.DataFrame) -> int:
    """The number of offers a frame's shares are out of (column n; 0 for an empty frame)."""
    return int(frame["n"].iloc[0]) if len(frame) and "n" in frame else 0


def _ranked(frame: pd.DataFrame, key: str) -> list[tuple[str, int]]:
    """(category, count), the largest first; ties keep the frame's order."""
    ranked = frame.assign(_pos=range(len(frame))).sort_values(["count", "_pos"], ascending=[False, True])
    return [(str(k), int(c)) for k, c in zip(ranked[key], ranked["count"])]


def _largest_kind(frame: pd.DataFrame, kinds: list[str]) -> tuple[str, int] | None:
    """The kind with the most counts over the frame's rows, None if none or tied."""
    totals = sorted(((int(frame[k].sum()), -i, k) for i, k in enumerate(kinds)), reverse=True)
    if not totals or totals[0][0] == 0 or (len(totals) > 1 and totals[1][0] == totals[0][0]):
        return None
    return totals[0][2], totals[0][0]


def intro(totals: pd.DataFrame) -> str:
    """3.2.2: offers for families and for professionals reported by the date (findings.offers.totals)."""
    rows = totals.set_index("audience")
    counts = {a: (int(rows.at[a, "count"]), int(rows.at[a, "municipalities"])) for a in AUDIENCES}
    if not any(n for n, _ in counts.values()):
        return "Bis zum Stichtag hat noch keine Kommune ein neues Angebot für Kinder und Familien oder für Fachkräfte gemeldet."
    amounts = {"Kinder und Familien": ("ein neues Angebot", "neue Angebote"), "Fachkräfte": ("ein Angebot", "Angebote")}

    def reported(audience: str, lead: bool) -> str:
        n, municipalities = counts[audience]
        if n == 0:
            return f"Angebote für {audience} sind noch nicht gemeldet"
        subject = t.count(municipalities, "eine Kommune", "Kommunen") if municipalities else "die Kommunen"
        verb = "hat" if municipalities == 1 else "haben"
        one, many = amounts[audience]
        amount = one if n == 1 else f"{fmt.number(n)} {many}"
        if lead:
            return f"Bis zum Stichtag {verb} {subject} der Landeskoordinierungsstelle **{amount} für {audience}** gemeldet"
        return f"{subject[0].upper() + subject[1:]} {verb} **{amount} für {audience}** gemeldet"
    first, second = AUDIENCES if counts[AUDIENCES[0]][0] else AUDIENCES[::-1]
    return (f"{reported(first, True)}[^angebote-gezaehlt]; {reported(second, False)}.\n\n"
            + t.footnote("angebote-gezaehlt", COUNTED_NOTE))


def kinds_text(kinds: pd.DataFrame) -> str:
    """Abb. 11: the kinds of the offers for children and families (kind, count, share, n)."""
    n = _n(kinds)
    if n == 0:
        return "Zum Stichtag ist noch kein Angebot für Kinder und Familien gemeldet; Abb. 11 bleibt leer."
    ranked = _ranked(kinds, "kind")
    if n == 1:
        return f"Das einzige gemeldete Angebot gehört zur Art „{ranked[0][0]}“ (Abb. 11)."
    top = ranked[0][1]
    leaders = [k for k, c in ranked if c == top]
    if len(leaders) == 1:
        text = (f"Nach ihrer Art (Abb. 11) gehören die meisten Angebote für Kinder und Familien zur Art "
                f"„{leaders[0]}“: {t.of(top, n, 1)}.")
    else:
        text = (f"Nach ihrer Art (Abb. 11) gehören je {fmt.number(top)} von {fmt.number(n)} Angeboten für Kinder "
                f"und Familien ({t.share(top, n, 1)}) zu den Arten {t.listing([f'„{k}“' for k in leaders])}.")
    rest = [(k, c) for k, c in ranked if 0 < c < top]
    if rest:
        text += " Es folgen " + t.listing([f"„{k}“ ({fmt.number(c)})" for k, c in rest]) + "."
    empty = [k for k, c in ranked if c == 0]
    if empty:
        text += (f" Noch ohne Angebot {'ist die Art' if len(empty) == 1 else 'sind die Arten'} "
                 + t.listing([f"„{k}“" for k in empty]) + ".")
    return text


def life_situations_text(situations: pd.DataFrame) -> str:
    """Abb. 12: offers per life situation (life_situation, count, share, n, label; optional count per kind)."""
    n = _n(situations)
    if n == 0:
        return "Ohne gemeldete Angebote gibt es zum Stichtag noch keinen Lebenslagenbezug (Abb. 12)."
    ranked = [(SITUATION_ADJECTIVES.get(k, k), c) for k, c in _ranked(situations, "life_situation")]
    named = [f"die {adj} Lage ({t.of_inline(c, n, 1)})" for adj, c in ranked if c > 0]
    notes = [t.footnote("lebenslagen", LIFE_SITUATIONS_NOTE)]
    if not named:
        return ("Keinem der gemeldeten Angebote ist zum Stichtag eine Lebenslage[^lebenslagen] zugeordnet (Abb. 12)."
                "\n\n" + notes[0])
    text = (f"Nach Lebenslagen[^lebenslagen] (Abb. 12) zielen die Angebote am häufigsten auf {named[0]}"
            + (f", es folgen {t.listing(named[1:])}" if len(named) > 1 else "") + ".")
    none = [adj for adj, c in ranked if c == 0]
    if none:
        text += " Noch kein Angebot adressiert " + t.listing([f"die {adj} Lage" for adj in none]) + "."
    assignments = int(situations["count"].sum())
    if assignments > n:
        text += (f" Zusammen sind es {fmt.number(assignments)} Zuordnungen bei {fmt.number(n)} Angeboten, "
                 f"im Mittel {fmt.number(assignments / n, 1)} Lebenslagen je Angebot: Viele Angebote sind "
                 "mehrdimensional ausgerichtet.")
    kinds = [c for c in situations.columns if c not in ("life_situation", "count", "share", "n", "label")]
    largest = _largest_kind(situations, kinds)
    if largest:
        text += (f" Die meisten Zuordnungen entfallen auf Angebote der Art „{largest[0]}“ "
                 f"({fmt.number(largest[1])} von {fmt.number(assignments)}).[^lebenslagen-art]")
        notes.append(t.footnote("lebenslagen-art", KINDS_RECONSTRUCTED))
    return text + "\n\n" + "\n\n".join(notes)


def _age_phrase(group: str, dative: bool = False) -> str:
    fallback = (f"Angebote der Altersgruppe „{group}“", f"Angeboten der Altersgruppe „{group}“")
    return AGE_PHRASES.get(group, fallback)[1 if dative else 0]


def _age_share(group: str, count: int, n: int, printed: dict | None, inline: bool) -> tuple[str, str]:
    """'17 von 43 (39 %[^…])' (inline: '14 von 43, 33 %') – whole percent as the Werkreport prints the age groups;
    where the report rounded the same count otherwise (publication.printed.Printed) its value with a footnote."""
    found = printed.get(AGE_FINDINGS.get(group)) if printed is not None else None
    if found is None or (found.count, found.n) != (count, n):
        return (t.of_inline(count, n) if inline else t.of(count, n)), ""
    label = f"rundung-{found.finding_id.replace('_', '-')}"
    shown = f"{found.printed}[^{label}]"
    counts = f"{fmt.number(count)} von {fmt.number(n)}"
    return (f"{counts}, {shown}" if inline else f"{counts} ({shown})"), t.footnote(label, found.footnote())


def age_groups_text(ages: pd.DataFrame, printed: dict | None = None) -> str:
    """Abb. 13: offers per age group (age_group, count, share, n; optional count per kind).

    printed: finding id → publication.printed.Printed; where the Werkreport printed a share rounded otherwise
    (39 % for 17 of 43) the sentence prints the report's value and footnotes the recomputed one.
    """
    n = _n(ages)
    if n == 0:
        return "Ohne gemeldete Angebote gibt es zum Stichtag noch keine Verteilung nach Altersgruppen (Abb. 13)."
    ranked = _ranked(ages, "age_group")
    top = ranked[0][1]
    leaders = [g for g, c in ranked if c == top]
    if len(leaders) > 1:
        return (f"Nach Altersgruppen (Abb. 13) sind {t.listing([_age_phrase(g) for g in leaders])} gleich häufig "
                f"mit je {t.of(top, n)}.")
    notes = []
    shown, note = _age_share(leaders[0], top, n, printed, inline=False)
    notes.append(note)
    text = f"Nach Altersgruppen (Abb. 13) sind {_age_phrase(leaders[0])} die größte Gruppe: {shown}"
    second = [(g, c) for g, c in ranked if 0 < c < top]
    if second:
        tied = [g for g, c in second if c == second[0][1]]
        shown, note = _age_share(tied[0], second[0][1], n, printed if len(tied) == 1 else None, inline=True)
        notes.append(note)
        text += (f"; an zweiter Stelle folgen {t.listing([_age_phrase(g) for g in tied])} "
                 f"({'je ' if len(tied) > 1 else ''}{shown})")
    text += "."
    kinds = [c for c in ages.columns if c not in ("age_group", "count", "share", "n")]
    largest = _largest_kind(ages[ages["age_group"] == leaders[0]], kinds)
    if largest:
        text += (f" Unter den {_age_phrase(leaders[0], dative=True)} überwiegen Angebote der Art „{largest[0]}“ "
                 f"({fmt.number(largest[1])} von {fmt.number(top)}).[^altersgruppen-art]")
        notes.append(t.footnote("altersgruppen-art", KINDS_RECONSTRUCTED))
    return "\n\n".join([text, *[note for note in notes if note]])


def professional_text(kinds: pd.DataFrame) -> str:
    """Abb. 14: offers for professionals per kind (kind, count, share, n)."""
    n = _n(kinds)
    if n == 0:
        return "Zum Stichtag ist noch kein Angebot für Fachkräfte gemeldet; Abb. 14 bleibt leer."
    ranked = [(k, c) for k, c in _ranked(kinds, "kind") if c > 0]

    def named(kind: str, c: int) -> str:
        """'26 Fachtage', 'acht Informationsmedien', 'eine Schulung': up to twelve in words, as the report writes."""
        one, many, article = PROFESSIONAL_KINDS.get(kind, (f"„{kind}“", f"„{kind}“", "ein"))
        return fmt.amount(c, one, many, one=article)
    if n == 1:
        return f"Für Fachkräfte hat eine Kommune bis zum Stichtag ein Angebot gemeldet: {named(*ranked[0])} (Abb. 14)."
    text = f"Für Fachkräfte haben die Kommunen bis zum Stichtag {t.digits(n, 'Angebot', 'Angebote')} gemeldet (Abb. 14)."
    if len(ranked) == 1:
        return text + f" Alle sind {PROFESSIONAL_KINDS.get(ranked[0][0], (None, f'„{ranked[0][0]}“', None))[1]}."
    first, second = ranked[0], ranked[1]
    text += (f" Am häufigsten sind {named(*first)} ({t.share(first[1], n, 1)}) und {named(*second)} "
             f"({t.share(second[1], n, 1)}), zusammen {t.share(first[1] + second[1], n, 1)}")
    rest = ranked[2:]
    if rest:
        verb = "kommt" if len(rest) == 1 and rest[0][1] == 1 else "kommen"
        text += f"; dazu {verb} " + t.listing([named(k, c) for k, c in rest])
    return text + "."

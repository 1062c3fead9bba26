"""German prose of 3.2 (Tabelle 1 and 2) and 3.2.1 (strategy, coordination office, cooperation; Abb. 4–9).

Every function takes the frame the notebook shows (evaluation.findings.structures, .tables). A frame
asked with `by=` (a column `group`) gets one sentence per group, introduced by the group's label.
Shares print as the report prints them: whole percent, the Jugendamt's share with one decimal.
"""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose._text import capital, count_of as of, footnote, listing, share_of as share, word as number

# Groups of actors in the bodies as a sentence names them: (phrase with article, plural?)
BODY_PHRASES = {
    "Kinder- und Jugendhilfe": ("die Kinder- und Jugendhilfe", False),
    "ÖGD": ("der ÖGD", False),
    "Kitafach- und Leitungskräfte": ("Kitafach- und Leitungskräfte", True),
    "Kommunale Kitafachdienste": ("die kommunalen Kitafachdienste", True),
    "Kommunaler Bildungsbereich": ("der kommunale Bildungsbereich", False),
    "Schulleitungen und Schulsozialarbeit": ("Schulleitungen und Schulsozialarbeit", True),
    "Jobcenter": ("das Jobcenter", False),
}
# The published finding (metadata/published_figures.csv) of each group of actors: where the report printed its share
BODY_FINDINGS = {"Kinder- und Jugendhilfe": "participation_youth_welfare", "ÖGD": "participation_public_health",
                 "Kitafach- und Leitungskräfte": "participation_daycare_staff",
                 "Kommunale Kitafachdienste": "participation_daycare_services",
                 "Kommunaler Bildungsbereich": "participation_education_admin",
                 "Schulleitungen und Schulsozialarbeit": "participation_school_heads_social_work",
                 "Jobcenter": "participation_jobcenter"}
# Where a coordination office sits, as "im Jugendamt"; others as "bei „…“"
DEPARTMENTS = {"Jugendamt": "im Jugendamt", "Sozialamt": "im Sozialamt", "Bildungsbereich": "im Bildungsbereich",
               "Gesundheitsamt": "im Gesundheitsamt", "Stabsstelle/Dezernat": "in einer Stabsstelle bzw. einem Dezernat"}
# The analyses of Abb. 9 the report counts (Bestandsaufnahme/-analyse is a reconstructed category: chart only)
ANALYSES = {"Bedarfsbestimmung": "eine Bedarfsbestimmung", "Bedarfserhebung": "eine Bedarfserhebung",
            "Bedürfniserhebung": "eine Bedürfniserhebung"}


def _groups(frame: pd.DataFrame):
    """(label, rows) per group of a frame asked with `by=`, or once (None, frame) without groups."""
    if "group" not in frame.columns:
        return [(None, frame)]
    return [(g, frame[frame["group"] == g]) for g in pd.unique(frame["group"])]


def _per_group(frame: pd.DataFrame, sentence, figure: str) -> str:
    """One sentence per group ('**Kohorte 2017:** …'), the figure named at the end of the last one."""
    parts = []
    for label, rows in _groups(frame):
        text = sentence(rows)
        if text:
            parts.append(text if label is None else f"**{label}:** {text}")
    if not parts:
        return ""
    last = parts[-1]
    parts[-1] = f"{last[:-1]} ({figure})." if last.endswith(".") and figure else last
    return " ".join(parts)


def _n(rows: pd.DataFrame) -> int:
    return int(rows["n"].iloc[0]) if len(rows) else 0


def _in_all_or_of(count: int, n: int) -> str:
    """'in allen 22 Kommunen', 'in 21 von 22 Kommunen', 'in keiner der 22 Kommunen'."""
    if n and count == n:
        return "in der einen Kommune" if n == 1 else f"in allen {fmt.word(n)} Kommunen"
    if count == 0:
        return f"in keiner der {fmt.word(n)} Kommunen" if n != 1 else "in keiner Kommune"
    return f"in {of(count, n)} Kommunen"


def contract_list(items: pd.DataFrame) -> str:
    """2.2: the contractual items every municipality agrees to, as a Markdown list (the rows of Tabelle 1).

    items: findings.tables.contract_items (item).
    """
    if items.empty:
        return ""
    head = (f"Mit jeder Kommune {'ist eine Vorgabe' if len(items) == 1 else f'sind {number(len(items))} Vorgaben'} "
            "vertraglich vereinbart:")
    return "\n".join([head, "", *[f"- {item}" for item in items["item"]], "",
                      "Wie weit die Kommunen sie bis zum Stichtag umgesetzt haben, zeigt Tabelle 1 in Abschnitt 3.2."])


def contract_text(items: pd.DataFrame) -> str:
    """3.2, Tabelle 1: how many of the contractual items all municipalities fulfil, and where gaps remain.

    items: findings.tables.contract_items (item, count, n).
    """
    n = _n(items)
    if n == 0:
        return "Zum Stichtag nimmt keine Kommune am Programm teil; Tabelle 1 bleibt leer."
    full = items[items["count"] >= n]
    gaps = items[items["count"] < n]
    if gaps.empty:
        return f"Alle {number(len(items))} vertraglichen Vorgaben sind in allen {fmt.number(n)} Kommunen umgesetzt (Tabelle 1)."
    listed = listing([f"„{r.item}“ ({of(int(r.count), n)})" for r in gaps.itertuples()])
    if full.empty:
        head = f"Keine der {number(len(items))} vertraglichen Vorgaben ist bisher in allen {fmt.number(n)} Kommunen umgesetzt."
    else:
        head = (f"{capital(number(len(full), 'eine'))} der {number(len(items))} vertraglichen Vorgaben "
                f"{'ist' if len(full) == 1 else 'sind'} in allen {fmt.number(n)} Kommunen umgesetzt.")
    return f"{head} Noch nicht überall dokumentiert {'ist' if len(gaps) == 1 else 'sind'} {listed} (Tabelle 1)."


def milestones_text(milestones: pd.DataFrame) -> str:
    """3.2, Tabelle 2: how many milestones all municipalities reached, and the one reached least often.

    milestones: findings.tables.milestones (item, count, n).
    """
    n = _n(milestones)
    if n == 0 or milestones.empty:
        return ""
    reached = int((milestones["count"] >= n).sum())
    least = milestones.sort_values("count", kind="mergesort").iloc[0]
    text = (f"Von den {number(len(milestones))} Meilensteinen der Programmplanung "
            f"{'hat' if n == 1 else 'haben'} {'die Kommune' if n == 1 else f'alle {fmt.number(n)} Kommunen'} "
            f"bis zum Stichtag {number(reached, 'einen')} erreicht")
    if int(least["count"]) < n:
        text += f"; am seltensten erreicht ist „{least['item']}“ ({of(int(least['count']), n)})"
    return text + " (Tabelle 2)."


def strategy_text(indicators: pd.DataFrame) -> str:
    """3.2.1: political resolution, IMPACT goal and the impact model (counts as the report gives them).

    indicators: findings.structures.strategy_indicators (indicator, count, n; with `by` also group).
    """
    def sentence(rows: pd.DataFrame) -> str:
        r = rows.set_index("indicator")
        n = _n(rows)
        if n == 0:
            return ""
        parts = []
        if "political_resolution" in r.index:
            parts.append(f"Einen politischen Beschluss zur Präventionskette gibt es "
                         f"{_in_all_or_of(int(r.at['political_resolution', 'count']), n)}.")
        if "impact_goal_defined" in r.index:
            parts.append(f"Ein IMPACT-Ziel ist {_in_all_or_of(int(r.at['impact_goal_defined', 'count']), n)} "
                         "definiert,")
        if "impact_model_used" in r.index:
            used = f"das Wirkungsmodell als Planungsinstrument {_in_all_or_of(int(r.at['impact_model_used', 'count']), n)} eingeführt."
            parts.append(used if parts and parts[-1].endswith(",") else capital(used))
        elif parts and parts[-1].endswith(","):
            parts[-1] = parts[-1][:-1] + "."
        return " ".join(parts)
    return _per_group(indicators, sentence, "")


def impact_orientation_text(orientation: pd.DataFrame) -> str:
    """3.2.1, Abb. 4: how many municipalities have started impact-oriented work.

    orientation: findings.structures.impact_orientation (answer "Ja"/"Nein", count; with `by` group and n).
    """
    def sentence(rows: pd.DataFrame) -> str:
        n = int(rows["n"].iloc[0]) if "n" in rows.columns and len(rows) else int(rows["count"].sum())
        if n == 0:
            return ""
        yes = int(rows.loc[rows["answer"] == "Ja", "count"].sum())
        # the share as Abb. 4 labels it (charts.bars.count_and_share): one decimal, a whole percent without
        shown = f" ({fmt.share_label(yes / n)})" if 0 < yes < n else ""
        return f"Die wirkungsorientierte Arbeitsweise ist {_in_all_or_of(yes, n)}{shown} angestoßen."
    return _per_group(orientation, sentence, "Abb. 4")


def coordination_text(indicators: pd.DataFrame, locations: pd.DataFrame) -> str:
    """3.2.1.1, Abb. 5: coordination offices established, and where most of them sit.

    indicators: findings.structures.strategy_indicators (row coordination_office_established);
    locations: findings.structures.coordination_location (department, count, share; largest first).
    """
    parts = []
    office = indicators[indicators["indicator"] == "coordination_office_established"]
    if "group" not in office.columns and len(office):
        count, n = int(office["count"].iloc[0]), int(office["n"].iloc[0])
        if n:
            parts.append(f"Eine Koordinierungsstelle ist {_in_all_or_of(count, n)} eingerichtet.")
    documented = locations[locations["department"] != "nicht dokumentiert"]
    n = int(locations["count"].sum())
    if len(documented) and n:
        top = documented.iloc[0]
        where = DEPARTMENTS.get(top["department"], f"bei „{top['department']}“")
        parts.append(f"Am häufigsten ist sie {where} verortet: in {share(int(top['count']), n, 1)} der Kommunen "
                     f"(Abb. 5).")
    return " ".join(parts)


def _body(name: str) -> tuple[str, bool]:
    return BODY_PHRASES.get(name, (f"„{name}“", False))


def _printed_share(count: int, n: int, printed) -> tuple[str, str]:
    """('46 %[^rundung-participation-jobcenter] (10 von 22)', footnote) where the report printed another rounding
    of the same count (publication.printed.Printed), else ('45 % (10 von 22)', '')."""
    if printed is None or (printed.count, printed.n) != (count, n):
        return share(count, n), ""
    label = f"rundung-{printed.finding_id.replace('_', '-')}"
    return f"{printed.printed}[^{label}] ({of(count, n)})", footnote(label, printed.footnote())


def bodies_text(frame: pd.DataFrame, figure: str, bodies: list[str] | None = None, printed: dict | None = None) -> str:
    """3.2.1.2, Abb. 6–8: in how many municipalities each group of actors sits on the bodies.

    frame: findings.structures.body_participation (body, count, n; with `by` one row per group and body);
    bodies: the groups of actors to name (default: all of the frame, in its order);
    printed: finding id → publication.printed.Printed – where the Werkreport printed a share rounded otherwise
    (Jobcenter: 46 % for 10 of 22), the text prints the report's value and footnotes the recomputed one.
    A group in every municipality reads "in allen 22 Kommunen", never "in 100 % (22 von 22)".
    """
    notes = []

    def sentence(rows: pd.DataFrame) -> str:
        rows = rows if bodies is None else rows[rows["body"].isin(bodies)]
        if rows.empty or _n(rows) == 0:
            return ""
        n = _n(rows)
        full = [_body(r.body) for r in rows.itertuples() if int(r.count) == n]
        partial = []
        for r in rows.itertuples():
            if int(r.count) == n:
                continue
            finding = BODY_FINDINGS.get(r.body)
            found = printed.get(finding) if printed is not None and "group" not in rows else None  # a group is not the report's count
            text, note = _printed_share(int(r.count), int(r.n), found)
            partial.append((_body(r.body), text))
            notes.append(note)
        where = "an den Gremien der Präventionskette beteiligt"
        if full:
            names = listing([phrase for phrase, _ in full])
            verb = "sind" if len(full) > 1 or full[0][1] else "ist"
            head = f"{capital(names)} {verb} {_in_all_or_of(n, n)} {where}"
            if not partial:
                return head + "."
            return head + ", " + listing([f"{phrase} in {s}" for (phrase, _), s in partial]) + " der Kommunen."
        (first, plural), first_share = partial[0]
        rest = [f"{phrase} in {s}" for (phrase, _), s in partial[1:]]
        listed = listing([f"in {first_share}"] + rest)
        return f"{capital(first)} {'sind' if plural else 'ist'} {listed} der Kommunen {where}."
    text = _per_group(frame, sentence, figure)
    notes = [note for note in notes if note]
    return "\n\n".join([text, *notes]) if notes else text


def analyses_text(analyses: pd.DataFrame) -> str:
    """3.2.1.2, Abb. 9: municipalities with at least one needs determination, needs and wishes survey.

    analyses: findings.structures.analyses (analysis, count, n; with `by` group). The reconstructed
    category (Bestandsaufnahme/-analyse) is left to the chart, which marks it.
    """
    def sentence(rows: pd.DataFrame) -> str:
        rows = rows[rows["analysis"].isin(ANALYSES)]
        n = _n(rows)
        if rows.empty or n == 0:
            return ""
        first, *rest = list(rows.itertuples())
        least = "mindestens " if first.count else ""
        parts = [f"{_in_all_or_of(int(first.count), n)} gab es {least}{ANALYSES[first.analysis]}"]
        parts += [f"in {fmt.number(int(r.count))} mindestens {ANALYSES[r.analysis]}" if r.count
                  else f"in keiner Kommune {ANALYSES[r.analysis]}" for r in rest]
        return capital(listing(parts)) + "."
    return _per_group(analyses, sentence, "Abb. 9")

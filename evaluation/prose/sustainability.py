"""3.4 Nachhaltigkeit: sentences and the reader's table from findings.sustainability.continuation_summary."""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose import _text as t

DECIDED, PENDING, NO_DECISION = "beschlossen", "offen", "keine Angabe"
STATUS_LABELS = {DECIDED: "Fortführung beschlossen", PENDING: "Entscheidung steht aus",
                 NO_DECISION: "keine Entscheidung dokumentiert"}
LATEST_NOTE = ("Maßgeblich ist je Kommune der zuletzt dokumentierte Stand bis zum Stichtag (Codes "
               "„Fortführung beschlossen“ und „Fortführung offen“ der Dokumentenanalyse, Codesystem in Anlage C): Es "
               "entscheidet das zuletzt datierte Dokument, und tragen Dokumente, die am selben Tag datiert sind, beide "
               "Codes, gilt „beschlossen“ – ein Beschluss beantwortet die offene Frage. Eine Kommune, deren Dokumente "
               "keinen der beiden Codes tragen, zählt als „keine Entscheidung dokumentiert“.")

COHORTS_NOTE = ("Welche Kommune welchen Stand hat, ist in den Daten rekonstruiert; der Werkreport nennt nur die "
                "Anteile aller Kommunen. Die Aufteilung nach Kohorten ist daher nicht belegt.")


def continuation_table(by_cohort: pd.DataFrame) -> pd.DataFrame:
    """continuation_summary(ds, by="cohort") as Stand | Kohorte … | insgesamt | Anteil."""
    statuses = list(dict.fromkeys(by_cohort["status"])) or list(STATUS_LABELS)
    cohorts = sorted(int(c) for c in by_cohort["cohort"].unique())
    table = pd.DataFrame({"Stand": [STATUS_LABELS.get(s, s) for s in statuses]})
    for cohort in cohorts:
        part = by_cohort[by_cohort["cohort"] == cohort].set_index("status")["count"]
        table[f"Kohorte {cohort}"] = [fmt.number(int(part.get(s, 0))) for s in statuses]
    totals = [int(by_cohort.loc[by_cohort["status"] == s, "count"].sum()) for s in statuses]
    n = sum(totals)
    table["insgesamt"] = [fmt.number(c) for c in totals]
    table["Anteil"] = [t.share(c, n) for c in totals]
    return table


def codes_note(codes: pd.DataFrame | None) -> str:
    """Why the code matrix (Anlage B) counts more municipalities with „offen“ than the text: superseded codes.

    codes: findings.sustainability.continuation_codes (status, coded, latest, superseded)."""
    if codes is None or codes.empty:
        return ""
    row = codes.set_index("status")
    if PENDING not in row.index or int(row.at[PENDING, "superseded"]) == 0:
        return ""
    coded, later = int(row.at[PENDING, "coded"]), int(row.at[PENDING, "superseded"])
    return (f" Den Code „Fortführung offen“ tragen bis zum Stichtag die Dokumente von "
            f"{t.count(coded, 'einer Kommune', 'Kommunen')} (so zählt ihn die Code-Matrix in Anlage B); "
            f"bei {'einer' if later == 1 else t.number(later)} davon ist später die Fortführung beschlossen, dort gilt "
            "der spätere Stand.")


def continuation_text(summary: pd.DataFrame, by_cohort: pd.DataFrame | None = None,
                      codes: pd.DataFrame | None = None) -> str:
    """Decided, pending and undocumented continuation (continuation_summary), optionally per cohort;
    `codes` (continuation_codes) explains in the footnote why Anlage B counts „offen“ more often."""
    note = LATEST_NOTE + codes_note(codes)
    counts = dict(zip(summary["status"], summary["count"].astype(int)))
    n = int(summary["n"].iloc[0]) if len(summary) else 0
    if n == 0:
        return "Zum Stichtag nimmt noch keine Kommune am Programm teil."
    decided, pending, none = counts.get(DECIDED, 0), counts.get(PENDING, 0), counts.get(NO_DECISION, 0)
    if none == n:
        whom = "die einzige Kommune" if n == 1 else f"keine der {t.number(n)} Kommunen"
        what = "keine Entscheidung" if n == 1 else "eine Entscheidung"
        return (f"Bis zum Stichtag ist für {whom} {what} über die Fortführung nach dem Ende der Programmförderung "
                "dokumentiert.[^fortfuehrung]\n\n" + t.footnote("fortfuehrung", note))
    if decided:
        who = "eine" if decided == 1 else fmt.number(decided)
        text = (f"Bis zum Stichtag {'hat' if decided == 1 else 'haben'} {who} der {fmt.number(n)} Kommunen "
                f"({t.share(decided, n)}) beschlossen, "
                "die Präventionsketten-Arbeit nach dem Ende der Programmförderung fortzuführen[^fortfuehrung]")
    else:
        text = ("Bis zum Stichtag ist in keiner Kommune ein Beschluss dokumentiert, die Präventionsketten-Arbeit nach "
                "dem Ende der Programmförderung fortzuführen[^fortfuehrung]")
    if pending:
        text += (f"; in {t.count(pending, 'einer Kommune', 'Kommunen')} ({t.share(pending, n)}) steht die "
                 "Entscheidung noch aus")
    text += "."
    if none:
        text += (f" Für {t.count(none, 'eine Kommune', 'Kommunen')} ({t.share(none, n)}) ist keine Entscheidung "
                 "dokumentiert.")
    if by_cohort is not None and decided:
        parts = []
        for cohort, part in by_cohort.groupby("cohort", sort=True):
            yes = int(part.loc[part["status"] == DECIDED, "count"].sum())
            size = int(part["count"].sum())
            parts.append(f"{fmt.number(yes)} von {fmt.number(size)} in der Kohorte {int(cohort)}")
        text += f" Beschlossen haben {t.listing(parts)}.[^fortfuehrung-kohorten]"
        return (text + "\n\n" + t.footnote("fortfuehrung", note) + "\n\n"
                + t.footnote("fortfuehrung-kohorten", COHORTS_NOTE))
    return text + "\n\n" + t.footnote("fortfuehrung", note)

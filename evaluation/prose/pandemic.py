"""3.2.3 Auswirkung von Corona auf die Präventionsketten-Arbeit in den Kommunen: sentences from the frames of
findings.pandemic (events_by_year, adaptations)."""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.prose import _text as t

PANDEMIC_YEAR = 2020
# The code's label (Bezeichnung in the code system, Anlage C): code paths with backslashes stand only in the Anlagen
ADAPTATION_CODE = "Anpassung an die Pandemie"


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The yearly events as a reader reads them: German headers, the partial year marked."""
    return pd.DataFrame({
        "Jahr": [f"{y} (bis zum Stichtag)" if p else str(y) for y, p in zip(events["year"], events["partial_year"])],
        "neu gestartete Kommunen": [fmt.number(v) for v in events["started"]],
        "beschlossene Vertiefungen": [fmt.number(v) for v in events["deepening_decided"]],
        "ausgeschiedene Kommunen": [fmt.number(v) for v in events["left"]],
    })


def municipalities_text(events: pd.DataFrame, adaptations: pd.DataFrame, year: int = PANDEMIC_YEAR) -> str:
    """Starts, deepening decisions and exits in the pandemic year and since; documented adaptations."""
    rows = events.set_index("year") if len(events) else events
    if len(events) == 0 or year not in rows.index:
        last = int(events["year"].max()) if len(events) else None
        if last is not None and last > year:
            return f"Für das Jahr {year} liegen keine Programmdaten vor."
        return (f"Das erste Pandemiejahr {year} liegt nach dem Stichtag; Auswirkungen von Corona lassen sich zu "
                "diesem Stand noch nicht beschreiben.")
    row = rows.loc[year]
    when = f"Im Jahr {year}" + (" (bis zum Stichtag)" if bool(row["partial_year"]) else "")
    started, deepened = int(row["started"]), int(row["deepening_decided"])
    text = when + ", dem ersten Jahr der Pandemie, "
    text += (f"{'startete' if started == 1 else 'starteten'} {t.count(started, 'eine Kommune', 'Kommunen')} neu im "
             "Programm" if started else "startete keine Kommune neu im Programm")
    text += (f", und {t.count(deepened, 'eine bereits geförderte Kommune', 'bereits geförderte Kommunen')} "
             f"{'beschloss' if deepened == 1 else 'beschlossen'} eine Vertiefung in einem Modellraum"
             if deepened else ", und keine bereits geförderte Kommune beschloss eine Vertiefung")
    text += " (Förderzeiträume in Abb. 2)."
    left = int(events.loc[events["year"] >= year, "left"].sum())
    text += (f" Seit {year} hat keine Kommune das Programm verlassen." if left == 0 else
             f" Seit {year} {'hat' if left == 1 else 'haben'} {t.count(left, 'eine Kommune', 'Kommunen')} das "
             "Programm verlassen; ob wegen der Pandemie, zeigen die Daten nicht.")
    found = len(adaptations)
    if found:
        n = int(adaptations["n"].iloc[0]) if "n" in adaptations else found
        where = "einer Kommune" if found == 1 else f"{t.number(found)} der {t.number(n)} Kommunen"
        if 2 * found > n:   # the report's "Mehrzahl": more than half
            text += (f" In den Dokumenten von {where} ({t.share(found, n)}), also der Mehrzahl, ist festgehalten, "
                     "dass sie ihre Arbeit an die Pandemie angepasst haben.[^corona-anpassung]")
        else:
            text += (f" Beispiele, wie Kommunen ihre Arbeit an die Pandemie angepasst haben, sind bis zum Stichtag in "
                     f"den Dokumenten von {where} codiert – noch keine Mehrzahl.[^corona-anpassung]")
        text += ("\n\n" + t.footnote("corona-anpassung", f"Gezählt sind Kommunen, deren Dokumente bis zum Stichtag den "
                 f"Code „{t.escape(ADAPTATION_CODE)}“ der Dokumentenanalyse (Codesystem in Anlage C, Verteilung über die Kohorten in Anlage B) tragen; „Mehrzahl“ heißt wie im "
                 "Werkreport (3.2.3) mehr als die Hälfte. Welche Kommunen das sind und die Textstellen sind "
                 "rekonstruiert (Anlage C); der Werkreport nennt keine Zahl."))
    else:
        text += " Beispiele für eine Anpassung der Arbeit an die Pandemie sind bis zum Stichtag in keinem Dokument codiert."
    return text

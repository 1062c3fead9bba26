"""Tabelle 2: milestones of the programme and how many municipalities reached each."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts._drawing import table_figure

TITLE = ("Tabelle 2: Meilensteinplanung im Programm „Präventionsketten Niedersachsen“ – Stand der Umsetzung "
         "zum Stichtag (über den Werkreport hinaus), n = {n}")
# The report prints the planning table as an image: its phases are reconstructed, its text names no achievement.
HEADERS = ["Nr.", "Phase (rekonstruiert)", "Meilenstein", "erreicht in … Kommunen (Auswertung)", "Anteil"]


def tab_02_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The German display table (also written as CSV): "20 von 22" and "91 %" as printed."""
    return pd.DataFrame({
        HEADERS[0]: table["Nr"].astype(int).to_numpy(),
        HEADERS[1]: table["Phase"].to_numpy(),
        HEADERS[2]: table["item"].to_numpy(),
        HEADERS[3]: [f"{fmt.number(c)} von {fmt.number(m)}" for c, m in zip(table["count"], table["n"])],
        HEADERS[4]: [fmt.percent(s) for s in table["share"]],
    })


def tab_02_meilensteine(table: pd.DataFrame, *, n: int) -> Figure:
    """The milestones of the programme's planning table ("zur Orientierung … Prozessplanung"), grouped
    by phase (year 1 to 3, reconstructed), and — beyond the report, which plans but does not count —
    the number and share of municipalities that reached each by the reporting date.

    The phase is printed once per group and a darker rule starts each new phase, so the
    table reads as the planned sequence. table: columns Nr, Phase, item, count, n, share
    (in the planned order). Shares are whole percent, as in the report's text.
    """
    frame = tab_02_frame(table)
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    phases = frame[HEADERS[1]].tolist()
    starts = frozenset(i for i, p in enumerate(phases) if i > 0 and p != phases[i - 1])
    for i, p in enumerate(phases):
        if i > 0 and p == phases[i - 1]:
            rows[i][1] = ""
    return table_figure(TITLE.format(n=fmt.number(n)), HEADERS, rows,
                        widths=[0.07, 0.12, 0.49, 0.20, 0.12],
                        align=["left", "left", "left", "right", "right"], group_starts=starts)

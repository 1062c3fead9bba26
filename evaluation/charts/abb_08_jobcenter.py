"""Abb. 8: youth welfare and ÖGD in the bodies, with the Jobcenter as an additional partner."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars, grouped, style

# Line breaks set by hand: matplotlib's wrap could split "n = 22"; the text is the report's caption.
TITLE = ("Abb. 8: Beteiligung des Kinder- und Jugendhilfebereichs und des ÖGD an\n"
         "Gremien, ergänzt um die Beteiligung des Jobcenters\n"
         "in % der Kommunen, n = {n}")
HIGHLIGHT = "Jobcenter"


def abb_08_jobcenter(table: pd.DataFrame, *, n: int) -> Figure:
    """Share of municipalities whose bodies include youth welfare, the ÖGD and the Jobcenter.

    The two required partners are drawn in the first palette colour, the Jobcenter – the
    partner the report adds (46 %) – in the second, so the chart reads as "the core plus one".
    Labels give count and share ("10 (45,5 %)").

    table: columns body, count, share (count / n); the row whose body is "Jobcenter" is highlighted.

    With a column `group` (the finding asked with `by=`) the groups stand side by side (charts.grouped).
    """
    if "group" in table.columns:
        return grouped.grouped_bars(table, "body")
    colours = [style.PALETTE[1] if b == HIGHLIGHT else style.PALETTE[0] for b in table["body"]]
    fig = bars.horizontal(table, "body", "share", TITLE.format(n=fmt.number(n)),
                          labels=bars.count_and_share(table), xlabel="Anteil der Kommunen", color=colours)
    ax = fig.axes[0]
    ax.set_xlim(0, 1.2)  # room for the label of a full bar ("22 (100 %)")
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    return fig

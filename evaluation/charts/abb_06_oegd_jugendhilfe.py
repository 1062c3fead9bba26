"""Abb. 6: participation of the public health service (ÖGD) and youth welfare in the bodies."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars, grouped

# Line breaks set by hand: matplotlib's wrap could split "n = 22"; the text is the report's caption.
TITLE = ("Abb. 6: Beteiligung des ÖGD und des Kinder- und Jugendhilfebereichs an\n"
         "Gremien in % der Kommunen, n = {n}")


def abb_06_oegd_jugendhilfe(table: pd.DataFrame, *, n: int) -> Figure:
    """Share of municipalities whose Präventionsketten bodies include each group, in table order.

    The programme requires youth welfare and ÖGD to work together; the two bars show that
    youth welfare takes part everywhere (100 %) and the ÖGD in most municipalities (82 %).
    Labels give count and share ("18 (81,8 %)").

    table: columns body, count, share (count / n).

    With a column `group` (the finding asked with `by=`) the groups stand side by side (charts.grouped).
    """
    if "group" in table.columns:
        return grouped.grouped_bars(table, "body")
    fig = bars.horizontal(table, "body", "share", TITLE.format(n=fmt.number(n)),
                          labels=bars.count_and_share(table), xlabel="Anteil der Kommunen")
    ax = fig.axes[0]
    ax.set_xlim(0, 1.2)  # room for the label of a full bar ("22 (100 %)")
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    return fig

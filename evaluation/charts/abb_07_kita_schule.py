"""Abb. 7: participation of day care (Kita) and school/education groups in the bodies."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars, grouped

# Line breaks set by hand: matplotlib's wrap could split "n = 22"; the text is the report's caption.
TITLE = ("Abb. 7: Beteiligung Kitabereich und Schul-/Bildungsbereich an Gremien\n"
         "in % der Kommunen, n = {n}")


def abb_07_kita_schule(table: pd.DataFrame, *, n: int) -> Figure:
    """Share of municipalities whose Präventionsketten bodies include each Kita or school group.

    In table order (Kita groups first, then the education administration and schools), so the
    report's contrast is visible: the Kita side is widely involved (73 % and 86 %), schools
    themselves much less (a good third). Labels give count and share ("16 (72,7 %)").

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

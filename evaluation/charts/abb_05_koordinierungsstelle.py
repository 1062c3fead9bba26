"""Abb. 5: in which department (Fachamt/Ressort) the coordination office is located."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars

# Line breaks set by hand: matplotlib's wrap could split "n = 22"; the text is the report's caption.
TITLE = "Abb. 5: Verortung der Koordinierungsstellen nach Fachämtern\nbzw. Ressorts, n = {n}"


def abb_05_koordinierungsstelle(table: pd.DataFrame, *, n: int) -> Figure:
    """Number and share of municipalities per department of the coordination office, largest first.

    Every municipality has exactly one coordination office, so the bars add up to n; the
    report's point is the majority in the Jugendamt (54,5 %) against the spread over social,
    education and other departments. Labels give count and share ("12 (54,5 %)").

    table: columns department, count, share – sorted as it should be drawn (first row on top).
    """
    fig = bars.horizontal(table, "department", "share", TITLE.format(n=fmt.number(n)),
                          labels=bars.count_and_share(table), xlabel="Anteil der Kommunen")
    ax = fig.axes[0]
    ax.set_xlim(0, 1.2)  # room for "22 (100 %)" should one department hold all
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    return fig

"""Abb. 9: how many municipalities carried out stock-takings, needs and wishes surveys."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars, grouped

TITLE = "Abb. 9: Bestands-, Bedarfs- und Bedürfniserhebungen sowie -analysen in den Kommunen, n = {n}"


def abb_09_erhebungen(table: pd.DataFrame, *, n: int) -> Figure:
    """Share of municipalities with at least one analysis of each kind (Bestandsaufnahme/-analyse,
    Bedarfsbestimmung, Bedarfserhebung, Bedürfniserhebung), in table order.

    The report argues with counts ("in 20 von 22 Kommunen"), so every bar carries the count
    out of n next to the share; the axis stays a share so the four bars compare directly.

    table: columns analysis, count, share (one row per kind of analysis).

    With a column `group` (the finding asked with `by=`) the groups stand side by side (charts.grouped).
    """
    if "group" in table.columns:
        return grouped.grouped_bars(table, "analysis")
    labels = [f"{fmt.number(c)} von {fmt.number(n)} ({fmt.share_label(s)})"
              for c, s in zip(table["count"], table["share"])]
    fig = bars.horizontal(table, "analysis", "share", TITLE.format(n=fmt.number(n)), labels=labels,
                          xlabel="Anteil der Kommunen")
    fig.axes[0].set_xlim(0, 1.3)  # room for the longer "x von n (y %)" labels
    fig.axes[0].set_xticks([0, 0.25, 0.5, 0.75, 1])
    return fig

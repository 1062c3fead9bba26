"""Abb. 14: offers the municipalities developed for professionals."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars

TITLE = "Abb. 14: Angebote der Kommunen für Fachkräfte, n = {n}"


def abb_14_fachkraefteangebote(table: pd.DataFrame, *, n: int) -> Figure:
    """Number and share of the offers for professionals per kind (Fachtag, Handlungshilfe, …),
    in table order: mostly professional conferences and practical guides.

    table: columns kind, count, share (share of the n offers).
    """
    fig = bars.horizontal(table, "kind", "share", TITLE.format(n=fmt.number(n)),
                          labels=bars.count_and_share(table), xlabel="Anteil der Angebote")
    # the kinds split the n offers: the axis only needs to reach the largest share (plus its label)
    largest = float(table["share"].fillna(0).max()) if len(table) else 0.0
    fig.axes[0].set_xlim(0, min(1.12, largest + 0.15))
    return fig

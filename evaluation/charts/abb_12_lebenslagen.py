"""Abb. 12: which life situations (Lebenslagen) the new offers address."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.vocabulary import FAMILY_OFFER_KINDS
from evaluation.charts import bars

TITLE = "Abb. 12: Lebenslagenbezug der Angebote, n = {n}"
NOTE = "Mehrfachzuordnung möglich: Anteile summieren sich nicht zu 100\u00a0%"


def abb_12_lebenslagen(table: pd.DataFrame, *, n: int) -> Figure:
    """Number and share of the new offers for families that address each life situation
    (materiell, sozial, kulturell, gesundheitlich), in table order.

    An offer can address several life situations, so the shares are each out of all n offers
    and do not add up to 100 %; the note under the chart says so.

    table: columns life_situation, label (German axis label), count, share; optionally one count column
    per kind of offer (FAMILY_OFFER_KINDS) — then each bar is split by kind, as the report's text reads it
    ("insbesondere die beratenden und begleitenden Angebote sind umfassend aufgestellt").
    """
    kinds = [k for k in FAMILY_OFFER_KINDS if k in table.columns]
    if kinds:
        fig = bars.stacked(table, "label", kinds, n, TITLE.format(n=fmt.number(n)),
                           labels=bars.count_and_share(table), xlabel=NOTE, legend_title="Art des Angebots")
        fig.axes[0].xaxis.label.set(fontsize=8, fontstyle="italic")
        return fig
    fig = bars.horizontal(table, "label", "share", TITLE.format(n=fmt.number(n)),
                          labels=bars.count_and_share(table), xlabel=NOTE)
    ax = fig.axes[0]
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.xaxis.label.set(fontsize=8, fontstyle="italic")
    return fig

"""Abb. 13: age groups the new offers are meant for."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.vocabulary import FAMILY_OFFER_KINDS
from evaluation.charts import bars

TITLE = "Abb. 13: Häufigkeit der Angebote nach Altersgruppen, n = {n}"


def abb_13_altersgruppen(table: pd.DataFrame, *, n: int) -> Figure:
    """Number and share of the new offers for families per age group, in the given order
    (youngest first, "altersübergreifend" last): cross-age offers dominate, followed by
    offers for 3- to 6-year-olds.

    table: columns age_group, count, share; optionally one count column per kind of offer — then each
    bar is split by kind, as the report's text reads it ("vor allem … beratende und familienbegleitende").
    """
    kinds = [k for k in FAMILY_OFFER_KINDS if k in table.columns]
    if kinds:
        return bars.stacked(table, "age_group", kinds, n, TITLE.format(n=fmt.number(n)),
                            labels=bars.count_and_share(table), xlabel="Anteil der Angebote",
                            legend_title="Art des Angebots")
    fig = bars.horizontal(table, "age_group", "share", TITLE.format(n=fmt.number(n)),
                          labels=bars.count_and_share(table), xlabel="Anteil der Angebote")
    # the kinds split the n offers: the axis only needs to reach the largest share (plus its label)
    largest = float(table["share"].fillna(0).max()) if len(table) else 0.0
    fig.axes[0].set_xlim(0, min(1.12, largest + 0.15))
    return fig

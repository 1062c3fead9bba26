"""Abb. 3: participation quotas of Landkreise (incl. Region Hannover) and kreisfreie Städte."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars

# Line break set by hand (at a phrase boundary) instead of matplotlib's wrap; the text is the report's caption.
TITLE = ("Abb. 3: Übersicht über Quoten beteiligter Landkreise* und kreisfreier Städte\n"
         "in % zu deren Gesamtzahl in Niedersachsen")
FOOTNOTE = "* einschließlich Region Hannover"


def abb_03_quoten(quotas: pd.DataFrame) -> Figure:
    """Share of all Landkreise and all kreisfreie Städte of Lower Saxony taking part, in table order.

    The report stresses the ten Landkreise because prevention chains were mostly built for
    towns so far; putting both quotas side by side shows how large each share is of its own
    total. Both are complete counts (every Landkreis and kreisfreie Stadt of the register), so each bar is
    labelled with the exact count and the rounded share ("5 von 8 (63 %)") and has no error bar; the
    footnote explains the asterisk of "Landkreise*".

    quotas: columns category, participating, total, share (participating / total).
    """
    labels = [f"{fmt.number(p)} von {fmt.number(t)} ({fmt.percent(s)})"
              for p, t, s in zip(quotas["participating"], quotas["total"], quotas["share"])]
    fig = bars.horizontal(quotas, "category", "share", TITLE, labels=labels, height=2.4)
    ax = fig.axes[0]
    ax.set_xlim(0, 1.3)  # room for the "a von b (x %)" labels next to a full bar
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("Anteil an allen Kommunen dieses Typs in Niedersachsen", fontsize=8)
    # The footnote under the axis label, flush left with the caption (x = 0 of the figure).
    ax.annotate(FOOTNOTE, xy=(0, 0), xycoords=("figure fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=7.5)
    return fig

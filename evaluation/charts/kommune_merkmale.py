"""Kommunensteckbrief: which structural indicators one municipality meets, against all municipalities."""
from __future__ import annotations

import io

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from evaluation import formatting as fmt
from evaluation.charts import bars, style

# Line break set by hand: matplotlib's wrap could split "n = 22".
TITLE = "Strukturmerkmale: {name}\nim Vergleich mit allen Kommunen, n = {n}"
MET, NOT_MET = style.PALETTE[0], style.PALETTE[7]  # blue / grey of the colour-blind palette


def kommune_merkmale(table: pd.DataFrame, *, name: str, n: int) -> Figure:
    """One bar per indicator: the share of all municipalities meeting it; blue where this one does.

    The municipality's own answer is the colour and the first word of each label ("ja · 82 %"),
    so the chart reads without colour as well. table: columns label, met, share (of n); counts stand in the table beneath the chart.
    """
    labels = [f"{'ja' if met else 'nein'} · {fmt.percent(s)}" for met, s in zip(table["met"], table["share"])]
    fig = bars.horizontal(table, "label", "share", TITLE.format(name=name, n=fmt.number(n)), labels=labels,
                          xlabel="Anteil aller Kommunen, die das Merkmal erfüllen",
                          color=[MET if met else NOT_MET for met in table["met"]])
    ax = fig.axes[0]
    ax.set_xlim(0, 1.3)  # room for "nein · 100 %" beyond a full bar
    ax.set_xticks([0, 0.5, 1])
    with matplotlib.rc_context(style.RC):
        ax.legend(handles=[Patch(color=MET, label="erfüllt (ja)"),
                           Patch(color=NOT_MET, label="bis zum Stichtag nicht dokumentiert (nein)")],
                  title=name, title_fontsize=7, fontsize=7, frameon=False, alignment="left",
                  loc="upper left", bbox_to_anchor=(-0.02, -0.1))
    return fig


def png(fig: Figure) -> bytes:
    """The picture as PNG bytes in the house resolution, without software metadata: same data, same bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(style.RC):
        fig.savefig(buffer, format="png", dpi=style.DPI, metadata={"Software": None})
    return buffer.getvalue()

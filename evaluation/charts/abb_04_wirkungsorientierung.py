"""Abb. 4: how many municipalities have started the impact-oriented way of working (Ja/Nein)."""
from __future__ import annotations

import math

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import bars, grouped, style

# Line breaks set by hand: matplotlib's wrap could split "n = 22"; the text is the report's caption.
TITLE = "Abb. 4: Stand der Umsetzung der wirkungsorientierten Arbeitsweise in den\nKommunen, n = {n}"
COLOURS = {"Ja": style.PALETTE[0], "Nein": style.PALETTE[7]}  # blue / grey of the colour-blind palette


def abb_04_wirkungsorientierung(table: pd.DataFrame, *, n: int) -> Figure:
    """A donut of the municipalities that have (Ja) or have not (Nein) started impact-oriented work.

    Two answers that add up to all n municipalities are a part-of-a-whole question, hence a ring:
    the "Ja" share (20 of 22 in the report) fills almost all of it. Every segment is labelled
    with answer, count and share ("Ja: 20 (90,9 %)"); n stands in the middle.

    table: columns answer ("Ja" / "Nein"), count, share – one row per answer, in the given order.

    With a column `group` (the finding asked with `by=`) the groups stand side by side (charts.grouped).
    """
    if "group" in table.columns:
        return grouped.grouped_bars(table, "answer")
    fig, ax = style.figure(2.8)
    labels = bars.count_and_share(table)
    colours = [COLOURS.get(a, style.PALETTE[(i + 1) % len(style.PALETTE)]) for i, a in enumerate(table["answer"])]
    with matplotlib.rc_context(style.RC):
        wedges, _ = ax.pie(table["count"].astype(float), colors=colours, startangle=90, counterclock=False,
                           wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1.5})
        ax.set_aspect("equal")
        ax.text(0, 0, f"n = {fmt.number(n)}", ha="center", va="center", fontsize=9, fontweight="bold")
        for wedge, answer, label in zip(wedges, table["answer"], labels):
            angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
            x, y = math.cos(angle), math.sin(angle)
            ax.annotate(f"{answer}: {label}", xy=(0.98 * x, 0.98 * y), xytext=(1.35 * x, 1.2 * y),
                        ha="left" if x >= 0 else "right", va="center", fontsize=8.5,
                        arrowprops={"arrowstyle": "-", "color": style.GREY, "linewidth": 0.8})
        ax.set_xlim(-2.6, 2.6)  # room for the labels beside the ring
        ax.set_ylim(-1.25, 1.25)
    style.caption(fig, TITLE.format(n=fmt.number(n)))
    return fig

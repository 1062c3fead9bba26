"""Grouped bars: one bar per group (hue) within each category – the share charts split by cohort or type.

Seaborn's shape without seaborn: a tidy frame in (category, hue, value columns), a Figure out. Groups
keep the order in which they first appear in the frame, categories too (first on top); the legend
names each group as the frame does ("Kohorte 2017"). A label beside each bar says how many of how
many ("9 von 10 (90 %)"): groups differ in size, so the share alone would hide a group of one. No
whiskers: every municipality of a group is counted (a complete count, nothing sampled).
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import style

BAR_IN = 0.2        # height of one bar in inches
GAP_IN = 0.22       # space between two categories in inches


def share_labels(table: pd.DataFrame) -> list[str]:
    """'9 von 10 (90 %)' from columns count, n and share."""
    return [f"{fmt.number(c)} von {fmt.number(n)} ({fmt.percent(s)})"
            for c, n, s in zip(table["count"], table["n"], table["share"])]


def grouped_bars(table: pd.DataFrame, category: str, value: str = "share", hue: str = "group", *,
                 labels: list[str] | None = None, xlabel: str = "Anteil der Kommunen", percent: bool = True,
                 legend_title: str = "") -> Figure:
    """Horizontal bars of `value` per `category`, within each category one bar per value of `hue`.

    table: one row per category and group (e.g. findings.structures.body_participation(ds, bodies,
    by="cohort")); labels default to share_labels (needs count, n, share) for shares, else the value.
    """
    categories = list(pd.unique(table[category]))
    hues = list(pd.unique(table[hue]))
    if labels is None:
        labels = share_labels(table) if percent and {"count", "n"} <= set(table.columns) else \
            [fmt.number(v) for v in table[value]]
    step = len(hues) * BAR_IN + GAP_IN  # one category's block in inches, used as the y unit below
    height = max(2.4, len(categories) * step + 1.6 + 0.2 * ((len(hues) - 1) // 3))
    fig, ax = style.figure(height)
    centres = [(len(categories) - 1 - i) * step for i in range(len(categories))]  # first category on top
    position = {c: y for c, y in zip(categories, centres)}
    offset = {h: ((len(hues) - 1) / 2 - j) * BAR_IN for j, h in enumerate(hues)}  # first group on top
    label_of = dict(zip(zip(table[category], table[hue]), labels))
    for j, h in enumerate(hues):
        rows = table[table[hue] == h]
        y = [position[c] + offset[h] for c in rows[category]]
        bars = ax.barh(y, rows[value].astype(float), height=BAR_IN * 0.9, color=style.PALETTE[j % len(style.PALETTE)],
                       label=str(h))
        ax.bar_label(bars, labels=[label_of[(c, h)] for c in rows[category]], padding=2, fontsize=7)
    ax.set_yticks(centres, [str(c) for c in categories])
    ax.set_ylim(min(centres, default=0) - step / 2, max(centres, default=0) + step / 2)
    if percent:
        ax.set_xlim(0, 1.35)  # room for the label of a full bar
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        style.percent_axis(ax.xaxis)
    else:
        ax.set_xlim(0, float(table[value].max()) * 1.3 if len(table) and table[value].max() > 0 else 1)
        style.number_axis(ax.xaxis)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", length=0)
    # above the bars across the figure's width, where it cannot collide with the axis label or the source line
    fig.legend(title=legend_title or None, fontsize=7.5, title_fontsize=7.5, frameon=False,
               ncols=min(len(hues), 4), loc="outside upper left")
    style.caption(fig, "")
    return fig

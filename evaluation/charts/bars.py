"""The bar chart most figures share: one bar per category, labelled with count and/or share."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import style
from evaluation.findings import uncertainty


def horizontal(table: pd.DataFrame, category: str, value: str, title: str, *,
               labels: list[str] | None = None, percent: bool = True, xlabel: str = "",
               color=None, height: float | None = None) -> Figure:
    """Horizontal bars of `value` per `category` in table order (first row on top)."""
    height = height or max(2.2, 0.45 * len(table) + 1.4)
    fig, ax = style.figure(height)
    y = range(len(table))[::-1]
    bars = ax.barh(list(y), table[value].astype(float), color=color or style.PALETTE[0], height=0.6)
    ax.set_yticks(list(y), table[category].tolist())
    if labels is None:
        labels = [fmt.percent(v) if percent else fmt.number(v) for v in table[value]]
    if percent:
        ax.set_xlim(0, 1.12)
        style.percent_axis(ax.xaxis)
    else:
        ax.set_xlim(0, float(table[value].max()) * 1.15 if len(table) else 1)
        style.number_axis(ax.xaxis)
    # whiskers only for a sample (the survey); a complete count (all municipalities) has no sampling interval
    if percent and {"ci_low", "ci_high"} <= set(table.columns) and uncertainty.sampled(table).all():
        _whiskers(ax, list(y), table, value, labels)
        xlabel = (xlabel + "\n" if xlabel else "") + "Fehlerbalken: 95-%-Intervall nach Wilson"
    else:
        style.bar_labels(ax, bars, labels)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", length=0)
    style.caption(fig, title)
    return fig


def _whiskers(ax, y: list[int], table: pd.DataFrame, value: str, labels: list[str]) -> None:
    """95 % intervals as whiskers; a label sits inside its bar when it ends before the whisker, else beyond it."""
    share = table[value].astype(float).to_numpy()
    low, high = table["ci_low"].astype(float).to_numpy(), table["ci_high"].astype(float).to_numpy()
    # never negative: a table whose bounds miss the share by rounding would otherwise make errorbar raise
    xerr = np.clip([share - low, high - share], 0.0, None)
    ax.errorbar(share, y, xerr=xerr, fmt="none", ecolor=style.GREY, elinewidth=1, capsize=3)
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    for yi, lo, h, label in zip(y, low, high, labels):
        text = ax.text(0.015, yi, label, va="center", ha="left", fontsize=8, color="white")
        # measured before layout and final limits, which only make the label wider in data units: margin 1.5
        right = 1.5 * to_data.transform(text.get_window_extent(renderer))[1][0]
        if right > lo - 0.01:
            text.set(x=h + 0.015, color="black")


def count_and_share(table: pd.DataFrame) -> list[str]:
    """'12 (54,5 %)', '22 (100 %)' labels from columns count and share: one decimal, none for a whole percent."""
    return [f"{fmt.number(c)} ({fmt.share_label(s)})" for c, s in zip(table["count"], table["share"])]


def stacked(table: pd.DataFrame, category: str, parts: list[str], n: int, title: str, *, labels: list[str],
            xlabel: str = "", legend_title: str = "") -> Figure:
    """Horizontal bars of count/n per `category`, each split into `parts` (count columns), first row on top."""
    height = max(2.6, 0.5 * len(table) + 2.0)
    fig, ax = style.figure(height)
    y = list(range(len(table)))[::-1]
    left = [0.0] * len(table)
    for i, part in enumerate(parts):
        widths = (table[part].astype(float) / n).tolist() if n else [0.0] * len(table)
        ax.barh(y, widths, left=left, height=0.6, color=style.PALETTE[i % len(style.PALETTE)], label=part)
        left = [a + b for a, b in zip(left, widths)]
    for yi, end, label in zip(y, left, labels):
        ax.text(end + 0.01, yi, label, va="center", ha="left", fontsize=8)
    ax.set_yticks(y, table[category].tolist())
    ax.set_xlim(0, min(1.15, max(left, default=0) + 0.2))
    style.percent_axis(ax.xaxis)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", length=0)
    ax.legend(title=legend_title, fontsize=7, title_fontsize=7, frameon=False, ncols=3,
              loc="upper center", bbox_to_anchor=(0.5, -0.28))
    style.caption(fig, title)
    return fig

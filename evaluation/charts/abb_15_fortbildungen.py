"""Abb. 15: trainings for coordinators per year and format, with the start of the pandemic marked."""
from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from evaluation import formatting as fmt
from evaluation.charts import style

TITLE = ("Abb. 15: Fortbildungen im Programm „Präventionsketten Niedersachsen“ "
         "im zeitlichen Verlauf, n = {n}")
FORMATS = ["Präsenz", "digital", "hybrid", "ohne Angabe"]
COLORS = {"Präsenz": style.PALETTE[0], "digital": style.PALETTE[1], "hybrid": style.PALETTE[2],
          "ohne Angabe": "#bdbdbd"}
PANDEMIC_YEAR = 2020  # the dashed marker sits between 2019 and 2020
PARTIAL_HATCH = "////"


def abb_15_fortbildungen(table: pd.DataFrame, *, n: int, reporting_date: str) -> Figure:
    """Trainings for coordinators per calendar year, stacked by format (Präsenz, digital, hybrid,
    ohne Angabe), with the year's total above each bar.

    Shows the clear increase of (mostly digital) trainings after the start of the pandemic,
    marked by a dashed line between 2019 and 2020. Every year from the first to the last is
    shown, years without trainings as 0. A year flagged partial_year (the reporting date's year
    when the date is not 31.12.) is hatched and labelled "2022*", with a footnote giving the
    reporting date, so its low count is not read as a decline.

    table: columns year (int), format, count, partial_year (bool).
    """
    unknown = sorted(set(table["format"]) - set(FORMATS))
    if unknown:
        raise ValueError(f"Unbekanntes Format in Abb. 15: {', '.join(map(str, unknown))}")
    fig, ax = style.figure(3.6)
    with matplotlib.rc_context(style.RC):
        _draw(fig, ax, table, n, reporting_date)
    return fig


def _draw(fig: Figure, ax, table: pd.DataFrame, n: int, reporting_date: str) -> None:
    years = (list(range(int(table["year"].min()), int(table["year"].max()) + 1))
             if len(table) else [])
    counts = (table.groupby(["year", "format"])["count"].sum().unstack("format")
              .reindex(index=years, columns=FORMATS).fillna(0))
    partial = {int(y) for y in table.loc[table["partial_year"].astype(bool), "year"]}
    formats = [f for f in FORMATS if counts[f].sum() > 0]

    bottom = pd.Series(0.0, index=years)
    for name in formats:
        hatches = [PARTIAL_HATCH if y in partial else None for y in years]
        bars = ax.bar(years, counts[name], bottom=bottom, width=0.65, color=COLORS[name],
                      edgecolor="white", linewidth=0.6, label=fmt.capital(name))
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        bottom += counts[name]

    top = float(bottom.max()) if years else 1.0
    for year, total in bottom.items():
        ax.annotate(fmt.number(total), (year, total), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8, fontweight="bold")

    ax.set_xticks(years, [f"{y}*" if y in partial else str(y) for y in years])
    if years:
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylim(0, max(top, 1) * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    style.number_axis(ax.yaxis)
    ax.set_ylabel("Anzahl Fortbildungen")
    ax.tick_params(axis="x", length=0)

    if years and years[0] < PANDEMIC_YEAR <= years[-1]:
        x = PANDEMIC_YEAR - 0.5
        ax.axvline(x, color=style.GREY, linestyle="--", linewidth=1)
        ax.annotate("Beginn der Pandemie", (x, 1), xycoords=("data", "axes fraction"),
                    xytext=(-4, -2), textcoords="offset points", ha="right", va="top",
                    fontsize=8, color=style.GREY)

    handles = [Patch(facecolor=COLORS[f], label=fmt.capital(f)) for f in formats]
    if partial:
        handles.append(Patch(facecolor="white", edgecolor=style.GREY, hatch=PARTIAL_HATCH,
                             label="Teiljahr*"))
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=8, ncols=len(handles),
              bbox_to_anchor=(0, -0.1), handlelength=1.2, columnspacing=1.2)
    if partial:
        ax.set_xlabel(f"* nur bis Stichtag {fmt.date(str(reporting_date))} (Teiljahr)",
                      loc="left", fontsize=7.5, labelpad=30)  # below the legend row
    style.caption(fig, TITLE.format(n=fmt.number(n)))

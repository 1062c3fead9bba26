"""Kommunensteckbrief charts: one municipality's structural indicators against its cohort and all
municipalities, and the timeline of its programme phase, deepening phase and model areas."""
from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from evaluation import formatting as fmt
from evaluation.charts import style

ALL, COHORT, OWN = "#d9d9d9", style.PALETTE[3], style.PALETTE[0]  # grey bar, cohort tick, own dot
PHASES = {"Programmphase": style.PALETTE[0], "Vertiefungsphase": style.PALETTE[2], "Modellraum": style.PALETTE[7],
          "Modellraum (zugleich Förderzeitraum)": style.PALETTE[0]}
MARK = "[rekonstruiert]"


def kommune_merkmale(table: pd.DataFrame, *, name: str, cohort: str, n: int, cohort_n: int) -> Figure:
    """Per indicator the share of all municipalities (bar), of its cohort (tick) and its own value as a dot on
    the same scale: filled at 100 % where it meets the indicator, hollow at 0 % where it does not.

    The right margin repeats its value in words ("erfüllt"/"nicht erfüllt"), so the chart reads without colour;
    a star marks a reconstructed value (the caption says so). table: columns label, met, share, cohort_share,
    optionally reconstructed (findings.profile.indicators).
    """
    rows = len(table)
    with matplotlib.rc_context(style.RC):
        fig, ax = style.figure(height=0.27 * rows + 1.3)
        y = list(range(rows))[::-1]
        ax.barh(y, table["share"], color=ALL, height=0.6)
        ax.scatter(table["cohort_share"], y, marker="|", s=160, linewidths=2, color=COHORT, zorder=3)
        met = table["met"].astype(bool).tolist()
        ax.scatter([1.0 if m else 0.0 for m in met], y, s=36, zorder=4, linewidths=1.4,
                   facecolors=[OWN if m else "white" for m in met], edgecolors=OWN)
        flagged = table["reconstructed"].astype(bool).tolist() if "reconstructed" in table else [False] * rows
        for yy, m, r in zip(y, met, flagged):
            ax.text(1.04, yy, ("erfüllt" if m else "nicht erfüllt") + (" *" if r else ""), va="center", fontsize=7)
        ax.set_yticks(y, table["label"], fontsize=7)
        ax.set_xlim(-0.03, 1.33)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        style.percent_axis(ax.xaxis)
        ax.set_xlabel("Anteil der Kommunen, die das Merkmal erfüllen")
        ax.set_title(f"Strukturmerkmale: {name}", loc="left")
        ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=OWN, label=f"{name}: erfüllt (100 %)"),
                           Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=OWN,
                                  label="nicht erfüllt (0 %)"),
                           Line2D([], [], marker="|", linestyle="", markersize=10, markeredgewidth=2, color=COHORT,
                                  label=f"{cohort}, n = {fmt.number(cohort_n)}"),
                           Patch(color=ALL, label=f"alle Kommunen, n = {fmt.number(n)}")],
                  fontsize=7, frameon=False, ncols=2, loc="upper left", bbox_to_anchor=(-0.02, -0.05 - 1.0 / rows))
    return fig


def zeitleiste(timeline: pd.DataFrame, *, name: str, reporting_date: str) -> Figure:
    """One bar per period (programme phase, deepening phase, model area) on a time axis, the reporting date dashed.

    timeline: columns label, phase, start, end, reconstructed (findings.profile.timeline); a reconstructed
    period's label carries the mark.
    """
    rows = len(timeline)
    with matplotlib.rc_context(style.RC):
        fig, ax = style.figure(height=0.45 * rows + 1.2)
        y = list(range(rows))[::-1]
        start = mdates.date2num(pd.to_datetime(timeline["start"]))
        end = mdates.date2num(pd.to_datetime(timeline["end"]) + pd.Timedelta(days=1))  # inclusive end date
        ax.barh(y, end - start, left=start, height=0.55, color=[PHASES.get(p, style.GREY) for p in timeline["phase"]])
        for yy, s, e in zip(y, timeline["start"], timeline["end"]):
            ax.text(mdates.date2num(pd.Timestamp(e)) + 20, yy,
                    f"{pd.Timestamp(s):%d.%m.%Y} – {pd.Timestamp(e):%d.%m.%Y}", va="center", fontsize=7)
        labels = [f"{label} {MARK}" if flag and MARK not in label else label
                  for label, flag in zip(timeline["label"], timeline["reconstructed"])]
        ax.set_yticks(y, [_wrap(t) for t in labels], fontsize=7)
        cut = mdates.date2num(pd.Timestamp(reporting_date))
        ax.axvline(cut, color="black", linestyle="--", linewidth=1)
        low = min(start.min(), cut) - 120
        high = max(end.max(), cut) + 500
        ax.set_xlim(low, high)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_title(f"Zeitleiste: {name}", loc="left")
        shown = [p for p in PHASES if p in set(timeline["phase"])]
        ax.legend(handles=[Patch(color=PHASES[p], label=p) for p in shown]
                  + [Line2D([], [], color="black", linestyle="--", label=f"Stichtag {pd.Timestamp(reporting_date):%d.%m.%Y}")],
                  fontsize=7, frameon=False, ncols=1, loc="upper left", bbox_to_anchor=(-0.02, -0.12))
    return fig


def _wrap(text: str, width: int = 34) -> str:
    """Long model-area names on two lines at a space near the middle."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text if cut < 0 else f"{text[:cut]}\n{text[cut + 1:]}"

"""Abb. 2: the funding periods of all model areas as a Gantt chart, with the reporting date.

Above MAX_BARS model areas the chart shows the same periods summed up: model areas funded per
quarter, stacked by cohort (abb_02_per_quarter).
"""
from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from evaluation import formatting as fmt
from evaluation.charts import style

TITLE = "Abb. 2: Programmkommunen und ihre Förderzeiträume, n = {n}"
AGGREGATE_TITLE = TITLE + " (je Quartal zusammengefasst)"
DEEPENING = "Vertiefung"
HATCH = "////"
MAX_BARS = 40
"""Most bars the Gantt chart draws one per model area. At 0.22 in per bar, 40 bars fill the text height of
an A4 page; beyond that no reader compares bars or reads the list of names (at 1000 × the reconstruction
the picture would be 891,255 px tall), so the chart sums the periods per quarter and cohort instead."""
AGGREGATE_NOTE = ("Zusammengefasst: Ab {limit} Modellräumen wäre ein Balken je Modellraum nicht mehr lesbar;\n"
                  "gezeigt ist, wie viele Modellräume je Quartal gefördert wurden, nach Kohorte.")


def _reporting_date_line(ax, stichtag, reporting_date: str) -> None:
    x = mdates.date2num(stichtag)
    ax.axvline(x, color="black", linestyle="--", linewidth=1)
    ax.text(x, 1.0, f"Stichtag {fmt.date(reporting_date)}", transform=blended_transform_factory(ax.transData,
            ax.transAxes), ha="center", va="bottom", fontsize=8)


def _legend_handles(cohorts, colour) -> list[Patch]:
    """One colour per cohort, the hatch for deepening phases: the same key in the detailed and the quarterly view."""
    return [*(Patch(color=colour[c], label=f"Kohorte {c}") for c in cohorts),
            Patch(facecolor="white", edgecolor=style.GREY, hatch=HATCH, label="Vertiefungsphase (Modellraum)")]


def _label(row) -> str:
    """The municipality for a programme area; the model area itself for a deepening phase."""
    text = row.model_area if row.kind == DEEPENING else row.municipality
    return textwrap.fill(str(text), 34, break_long_words=False)


def abb_02_foerderzeitraeume(periods: pd.DataFrame, *, n: int, reporting_date: str) -> Figure:
    """One bar per model area from funding start to funding end, first row on top.

    Shows how the three cohorts (2017, 2018, 2020) follow each other and where the two-year
    deepening phases ("Vertiefung", hatched) continue a municipality's funding – and, with the
    dashed line at the reporting date, which funding periods were still running then.
    Colours stand for the cohort; a deepening phase keeps its cohort's colour.

    periods: columns model_area, municipality, kind ("Programmgebiet" | "Vertiefung"),
    cohort (int), start, end (Timestamps, end inclusive).
    """
    rows = len(periods)
    fig, ax = style.figure(max(2.6, 0.22 * rows + 1.7))
    cohorts = sorted(periods["cohort"].unique())
    colour = {c: style.PALETTE[i % len(style.PALETTE)] for i, c in enumerate(cohorts)}
    start = mdates.date2num(pd.to_datetime(periods["start"]))
    end = mdates.date2num(pd.to_datetime(periods["end"]) + pd.Timedelta(days=1))  # inclusive end date
    stichtag = pd.Timestamp(reporting_date[:10])
    y = [rows - 1 - i for i in range(rows)]

    with matplotlib.rc_context(style.RC):
        for yi, s, e, row in zip(y, start, end, periods.itertuples(index=False)):
            c = colour[row.cohort]
            if row.kind == DEEPENING:
                ax.barh(yi, e - s, left=s, height=0.62, facecolor="white", edgecolor=c, hatch=HATCH,
                        linewidth=1.0)
            else:
                ax.barh(yi, e - s, left=s, height=0.62, color=c, linewidth=0)
        ax.set_yticks(y, [_label(r) for r in periods.itertuples(index=False)], fontsize=7, linespacing=0.95)
        ax.set_ylim(-0.7, rows - 0.3)
        ax.tick_params(axis="y", length=0)

        first = min([*pd.to_datetime(periods["start"]), stichtag]).year
        last = max([*pd.to_datetime(periods["end"]), stichtag]).year + 1
        ax.set_xlim(mdates.date2num(pd.Timestamp(first, 1, 1)), mdates.date2num(pd.Timestamp(last, 1, 1)))
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # years only: locale-independent
        ax.grid(axis="x", color="#d9d9d9", linewidth=0.6)
        ax.set_axisbelow(True)

        _reporting_date_line(ax, stichtag, reporting_date)
        handles = _legend_handles(cohorts, colour)
        # Below the year axis, as part of the Axes so the layout keeps it clear of the source line.
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.045 * 27 / max(rows, 8)),
                  ncol=len(handles), fontsize=7, frameon=False, handlelength=1.5, columnspacing=1.0)
    style.caption(fig, TITLE.format(n=fmt.number(n)))
    return fig


def abb_02_per_quarter(table: pd.DataFrame, *, n: int, reporting_date: str) -> Figure:
    """The Gantt chart summed up for more than MAX_BARS model areas: per quarter one stacked bar of the
    model areas funded in it, coloured by cohort, deepening phases hatched in their cohort's colour.

    Shows what the Gantt chart shows – how the cohorts follow each other, where deepening phases continue
    the funding, what is still running at the dashed reporting date – at any number of model areas.

    table: columns quarter (pandas Period), cohort, kind, funded (findings.participation.funded_per_quarter).
    """
    fig, ax = style.figure(3.8)
    wide = table.pivot_table(index="quarter", columns=["cohort", "kind"], values="funded", aggfunc="sum",
                              fill_value=0).sort_index(axis=1)
    cohorts = sorted(table["cohort"].unique())
    colour = {c: style.PALETTE[i % len(style.PALETTE)] for i, c in enumerate(cohorts)}
    left = mdates.date2num(wide.index.start_time)
    width = (mdates.date2num(wide.index.end_time) - left) * 0.9
    stichtag = pd.Timestamp(reporting_date[:10])
    with matplotlib.rc_context(style.RC):
        bottom = pd.Series(0, index=wide.index)
        for (cohort, kind), counts in wide.items():
            c, drawn = colour[cohort], (counts > 0).to_numpy()  # an empty hatched segment would still show its edge
            if kind == DEEPENING:
                ax.bar(left[drawn], counts[drawn], width[drawn], bottom=bottom[drawn], align="edge",
                       facecolor="white", edgecolor=c, hatch=HATCH, linewidth=0.8)
            else:
                ax.bar(left[drawn], counts[drawn], width[drawn], bottom=bottom[drawn], align="edge", color=c,
                       linewidth=0)
            bottom = bottom + counts
        first = min(wide.index.start_time.min(), stichtag).year
        last = max(wide.index.end_time.max(), stichtag).year + 1
        ax.set_xlim(mdates.date2num(pd.Timestamp(first, 1, 1)), mdates.date2num(pd.Timestamp(last, 1, 1)))
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_ylim(0, max(int(bottom.max()), 1) * 1.12)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        style.number_axis(ax.yaxis)
        ax.set_ylabel("Modellräume in Förderung je Quartal")
        ax.grid(axis="y", color="#d9d9d9", linewidth=0.6)
        ax.set_axisbelow(True)

        _reporting_date_line(ax, stichtag, reporting_date)
        handles = _legend_handles(cohorts, colour)
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=len(handles), fontsize=7,
                  frameon=False, handlelength=1.5, columnspacing=1.0)
    style.caption(fig, AGGREGATE_TITLE.format(n=fmt.number(n)),
                  source=f"{AGGREGATE_NOTE.format(limit=fmt.number(MAX_BARS + 1))}\n{style.SOURCE}")
    return fig


def chart_data(periods: pd.DataFrame) -> pd.DataFrame:
    """What Abb. 2 draws from findings.participation.funding_periods: the periods themselves, or above
    MAX_BARS model areas the model areas funded per quarter, cohort and kind (funded_per_quarter)."""
    from evaluation.findings.participation import funded_per_quarter
    return periods if len(periods) <= MAX_BARS else funded_per_quarter(periods)


def abb_02(table: pd.DataFrame, *, n: int, reporting_date: str) -> Figure:
    """Abb. 2 from chart_data's frame: the Gantt chart, or the bars per quarter for a frame with `quarter`."""
    if "quarter" in table.columns:
        return abb_02_per_quarter(table, n=n, reporting_date=reporting_date)
    return abb_02_foerderzeitraeume(table, n=n, reporting_date=reporting_date)

"""Code matrix heatmap: coded segments per code and municipality (pseudonymised), as a QDA tool shows it;
above MAX_COLUMNS municipalities per code and cohort."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import style

MAX_COLUMNS = 40
"""Most municipalities the heatmap shows one column each. At A4 text width 40 columns leave 0.15 in per
cell, just enough for a two-digit count in 6 pt; with more, counts and names overlap (at 10 × the
reconstruction, 220 columns, nothing is legible and the SVG grows with every cell), so the matrix is
summed per cohort instead."""
AGGREGATE_NOTE = ("Zusammengefasst: Ab {limit} Kommunen wäre eine Spalte je Kommune nicht mehr lesbar;\n"
                  "gezeigt sind die codierten Segmente je Code und Kohorte.")


def qda_code_matrix(matrix: pd.DataFrame, *, title: str, aggregated: bool = False) -> Figure:
    """Heatmap of a code matrix (rows codes, columns municipalities or document groups), counts annotated.

    `aggregated`: the columns are cohorts (matrix.by_cohort) – German thousands separators in the cells,
    horizontal column labels, and a note under the chart why the municipalities are summed up.
    """
    import seaborn as sns  # only this chart needs it; keeps the other notebooks' start quick
    height = max(3.0, 0.28 * len(matrix) + 1.6)
    fig, ax = style.figure(height)
    if matrix.empty:
        ax.text(0.5, 0.5, "Keine codierten Segmente zum Stichtag", ha="center", va="center")
        ax.set_axis_off()
        style.caption(fig, title)
        return fig
    if aggregated:
        labels = matrix.map(fmt.number).to_numpy()
        sns.heatmap(matrix, ax=ax, cmap="Blues", annot=labels, fmt="", cbar=False, linewidths=0.4,
                    linecolor="white", annot_kws={"fontsize": 7})
        ax.set_xticks(ax.get_xticks(), [c.replace(" (", "\n(") for c in matrix.columns], rotation=0)
    else:
        sns.heatmap(matrix, ax=ax, cmap="Blues", annot=True, fmt="d", cbar=False, linewidths=0.4,
                    linecolor="white", annot_kws={"fontsize": 6})
    ax.set_xlabel(matrix.columns.name or "")
    ax.set_ylabel("")
    ax.tick_params(axis="both", labelsize=6, length=0)
    if aggregated:
        style.caption(fig, title, source=f"{AGGREGATE_NOTE.format(limit=fmt.number(MAX_COLUMNS + 1))}\n"
                                         f"{style.SOURCE}")
    else:
        style.caption(fig, title)
    return fig

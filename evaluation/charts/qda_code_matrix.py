"""Code matrix heatmap: coded segments per code and cohort (qda.matrix.published), small cells suppressed.

No column per municipality, not even under a pseudonym: such a column can be matched with the named profiles'
indicators and would reverse the pseudonyms of the report's interview citations."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts import style
from evaluation.formatting import word
from evaluation.qda.matrix import MIN_MUNICIPALITIES, SUPPRESSED

MAX_COLUMNS = 40
"""Most columns a heatmap of this width keeps legible (0.15 in per cell at A4 text width). The code matrix of
the report has one column per cohort at any size; kept for views that are read per column."""
AGGREGATE_NOTE = ("Je Kohorte zusammengefasst: Eine Spalte je Kommune ließe sich mit den Steckbriefen abgleichen.\n"
                  "„{mark}“: Die Zelle beruht auf weniger als {minimum} Kommunen und ist unterdrückt.")


def qda_code_matrix(matrix: pd.DataFrame, *, title: str, aggregated: bool = False) -> Figure:
    """Heatmap of a code matrix (rows codes, columns municipalities or document groups), counts annotated.

    `aggregated`: the columns are cohorts (matrix.published) – German thousands separators in the cells,
    „·“ where a cell is suppressed, horizontal column labels, and a note under the chart why.
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
        labels = matrix.map(lambda v: SUPPRESSED if pd.isna(v) else fmt.number(v)).to_numpy()
        values = matrix.astype("float64")
        sns.heatmap(values, ax=ax, cmap="Blues", annot=labels, fmt="", cbar=False, linewidths=0.4,
                    linecolor="white", annot_kws={"fontsize": 7})
        for row, column in zip(*values.isna().to_numpy().nonzero()):  # seaborn leaves masked cells unlabelled
            ax.text(column + 0.5, row + 0.5, SUPPRESSED, ha="center", va="center", fontsize=7, color="0.35")
        ax.set_xticks(ax.get_xticks(), [c.replace(" (", "\n(") for c in matrix.columns], rotation=0)
    else:
        sns.heatmap(matrix, ax=ax, cmap="Blues", annot=True, fmt="d", cbar=False, linewidths=0.4,
                    linecolor="white", annot_kws={"fontsize": 6})
    ax.set_xlabel(matrix.columns.name or "")
    ax.set_ylabel("")
    ax.tick_params(axis="both", labelsize=6, length=0)
    if aggregated:
        note = AGGREGATE_NOTE.format(mark=SUPPRESSED, minimum=word(MIN_MUNICIPALITIES))
        style.caption(fig, title, source=f"{note}\n{style.SOURCE}")
    else:
        style.caption(fig, title)
    return fig

"""Code matrix heatmap: coded segments per code and municipality (pseudonymised), as a QDA tool shows it."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from . import style


def qda_code_matrix(matrix: pd.DataFrame, *, title: str) -> Figure:
    """Heatmap of a code matrix (rows codes, columns municipalities or document groups), counts annotated."""
    import seaborn as sns  # only this chart needs it; keeps the other notebooks' start quick
    height = max(3.0, 0.28 * len(matrix) + 1.6)
    fig, ax = style.figure(height)
    if matrix.empty:
        ax.text(0.5, 0.5, "Keine codierten Segmente zum Stichtag", ha="center", va="center")
        ax.set_axis_off()
        style.caption(fig, title)
        return fig
    sns.heatmap(matrix, ax=ax, cmap="Blues", annot=True, fmt="d", cbar=False, linewidths=0.4,
                linecolor="white", annot_kws={"fontsize": 6})
    ax.set_xlabel(matrix.columns.name or "")
    ax.set_ylabel("")
    ax.tick_params(axis="both", labelsize=6, length=0)
    style.caption(fig, title)
    return fig

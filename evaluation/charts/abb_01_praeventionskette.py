"""Abb. 1: the prevention chain ("Präventionskette") across life phases, drawn from a small table.

The table metadata/abb01_praeventionskette.csv is a reconstruction of the report's image, not
data: the report (section 1) only says that a Präventionskette spans the time from around birth
to career entry ("lebensphasenübergreifend … rund um die Geburt bis zum Berufseinstieg"), that
all offers should interlock as seamlessly as possible, and that the transitions between age
stages and fields of action ("Übergänge zwischen Altersstufen und Handlungsfeldern") deserve
special attention; it names Familie, Kita, Schule, Stadtteil and the Frühe Hilfen. The rows of
the table use only these general terms (phases, ages, places, transitions) – no invented facts.
"""
from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon
from matplotlib.textpath import text_to_path

from evaluation import metadata_files
from evaluation.charts import style

TITLE = "Abb. 1: Systematischer Auf- und Ausbau einer Präventionskette"
SOURCE = "Quelle: eigene Darstellung nach Werkreport 1, Kapitel 1 (Rekonstruktion der Abbildung)"
CSV = "abb01_praeventionskette.csv"
COLUMNS = ["Reihenfolge", "Lebensphase", "Alter", "Orte und Angebote", "Übergang"]

# Vertical layout in axes units (0 = bottom, 10 = top).
SPAN = (9.0, 9.9)        # arrow "lebensphasenübergreifend"
CHAIN = (6.0, 8.6)       # chevrons: life phase and age
PLACES = (3.1, 5.7)      # boxes: places and offers
TRANSITION_Y = 2.85      # transition arrows below the boxes; labels underneath
TIP = 0.06               # depth of a chevron's tip, in columns


def load_phases() -> pd.DataFrame:
    """The life phases of Abb. 1 in chain order (metadata/abb01_praeventionskette.csv)."""
    table = metadata_files.read(CSV)
    table["Reihenfolge"] = table["Reihenfolge"].astype(int)
    return table[COLUMNS].sort_values("Reihenfolge", kind="mergesort").reset_index(drop=True)


def _width(text: str, size: float, weight: str) -> float:
    """Width of one line in points (font metrics only: no renderer, same result everywhere)."""
    prop = FontProperties(family=style.RC["font.family"], size=size, weight=weight)
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _fit(text: str, width: float, size: float, weight: str = "normal") -> tuple[str, float]:
    """`text` broken into lines of at most `width` points, the font shrunk (not below 5.5 pt) until
    its longest word fits – long German compounds ("Weiterführende") are not split."""
    words = text.split()
    while size > 5.5 and any(_width(w, size, weight) > width for w in words):
        size -= 0.25
    lines: list[str] = []
    for word in words:
        if lines and _width(f"{lines[-1]} {word}", size, weight) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines), size


def _chevron(i: int, y0: float, y1: float) -> list[tuple[float, float]]:
    """Corners of the i-th arrow-shaped link: a tip on the right, a notch on the left (flat for the first)."""
    x0, x1, mid = i + 0.01, i + 0.99, (y0 + y1) / 2
    notch = (x0, mid) if i == 0 else (x0 + TIP, mid)
    return [(x0, y1), (x1 - TIP, y1), (x1, mid), (x1 - TIP, y0), (x0, y0), notch]


def abb_01_praeventionskette(phases: pd.DataFrame) -> Figure:
    """The prevention chain as interlocking links from "rund um die Geburt" to "Berufseinstieg".

    Why this shape: the report defines a Präventionskette by three features, and each has its
    own layer – the arrow on top spans all life phases (lebensphasenübergreifend), the chevrons
    interlock like the offers should (one phase per row of `phases`, with its age), the boxes
    underneath name the places and offers of each phase (Familie, Kita, Schule, Stadtteil,
    Frühe Hilfen), and the orange arrows at the bottom mark the transitions between phases.

    phases: columns Reihenfolge, Lebensphase, Alter, "Orte und Angebote" (comma-separated),
    Übergang (transition to the next phase, empty in the last row) – see `load_phases`.
    """
    phases = phases.sort_values("Reihenfolge", kind="mergesort").reset_index(drop=True)
    n = len(phases)
    fig, ax = style.figure(3.7)
    column = (style.A4_TEXT_WIDTH_IN - 0.15) * 72 / max(n, 1)  # points per column (axes fills the width)
    # One size for all phase names (the smallest that fits every chevron), so no phase looks less important.
    name_size = min([_fit(p, column * (0.98 - 2 * TIP) - 4, 7, "bold")[1] for p in phases["Lebensphase"]] or [7])
    bend = 0.35 * 74 / column  # same dip of the transition arcs (≈ 0.35 of a 1-inch column) at any n
    with matplotlib.rc_context(style.RC):
        ax.set_xlim(0, max(n, 1))
        ax.set_ylim(0, 10)
        ax.set_axis_off()

        span = FancyArrowPatch((0.02, sum(SPAN) / 2), (n - 0.02, sum(SPAN) / 2), arrowstyle="simple,head_width=1.6,"
                               "head_length=0.9,tail_width=1.0", mutation_scale=14,
                               color=style.PALETTE[0], alpha=0.25, linewidth=0)
        ax.add_patch(span)
        ax.text(n / 2, sum(SPAN) / 2, "lebensphasenübergreifend: von der Zeit rund um die Geburt bis zum Berufseinstieg",
                ha="center", va="center", fontsize=8, fontweight="bold", color="black")

        for i, row in phases.iterrows():
            ax.add_patch(Polygon(_chevron(i, *CHAIN), closed=True, facecolor=style.PALETTE[0],
                                 edgecolor="white", linewidth=1))
            x = i + 0.5 + (TIP / 2 if i else 0)
            mid = sum(CHAIN) / 2
            body = column * (0.98 - (2 if i else 1) * TIP) - 4
            name, _ = _fit(row["Lebensphase"], body, name_size, "bold")
            ax.text(x, mid + 0.1, name, ha="center", va="bottom", fontsize=name_size, fontweight="bold",
                    color="white", linespacing=1.2)
            age, size = _fit(row["Alter"], body, name_size)
            ax.text(x, mid - 0.1, age, ha="center", va="top", fontsize=size, color="white", linespacing=1.2)

            ax.add_patch(FancyBboxPatch((i + 0.06, PLACES[0]), 0.88, PLACES[1] - PLACES[0],
                                        boxstyle="round,pad=0,rounding_size=0.06", mutation_aspect=10,
                                        facecolor=style.PALETTE[0], alpha=0.12, edgecolor="none"))
            places = [_fit(p.strip(), column * 0.84, 7) for p in str(row["Orte und Angebote"]).split(",")
                      if p.strip()]
            ax.text(i + 0.5, sum(PLACES) / 2, "\n".join(p for p, _ in places), ha="center", va="center",
                    fontsize=min((size for _, size in places), default=7), color="black", linespacing=1.3)

            transition = str(row["Übergang"]).strip()
            if transition and i < n - 1:
                ax.add_patch(FancyArrowPatch((i + 0.5, TRANSITION_Y), (i + 1.5, TRANSITION_Y),
                                             connectionstyle=f"arc3,rad={bend:.4f}", arrowstyle="-|>",
                                             mutation_scale=8, color=style.PALETTE[1], linewidth=1.2))
                label, size = _fit(transition, column * 0.95, 6.5)
                ax.text(i + 1, TRANSITION_Y - 0.75, label, ha="center", va="top", fontsize=size,
                        color="black", linespacing=1.2)
        ax.text(n / 2, 0.0, "Übergänge zwischen Altersstufen und Handlungsfeldern", ha="center", va="bottom",
                fontsize=7.5, fontweight="bold", color="black")
    style.caption(fig, TITLE, source=SOURCE)
    return fig

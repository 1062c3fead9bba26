"""Helpers for the drawn (non-plot) figures: Abb. 10's diagram and the Tabellen 1 and 2.

Text is wrapped by its measured width (TextToPath, no renderer needed), and the figure
height is fitted so the axes are exactly as tall as the drawn content: one y unit is one
inch, so fixed-size text and the boxes around it cannot drift apart.
"""
from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from evaluation.charts import style

FONT_SIZE = 8
LINE_HEIGHT_IN = FONT_SIZE * 1.3 / 72  # one wrapped line, in inches
RULE = "#222222"
THIN_RULE = "#c8c8c8"

_TEXT_TO_PATH = TextToPath()


def text_width_in(text: str, size: float = FONT_SIZE, weight: str = "normal") -> float:
    """Width of `text` in inches when set in the house font."""
    prop = FontProperties(family=style.RC["font.family"], size=size, weight=weight)
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def wrap(text: str, width_in: float, size: float = FONT_SIZE, weight: str = "normal") -> list[str]:
    """Greedy word wrap to lines no wider than width_in (a single overlong word keeps its line)."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):  # not split(): keep no-break spaces ("82\u00a0%")
            candidate = f"{line} {word}" if line else word
            if line and text_width_in(candidate, size, weight) > width_in:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fit_height(fig: Figure, ax, content_height_in: float) -> float:
    """Resize the figure so `ax` is content_height_in tall; return the axes width in inches.

    Afterwards the axes' y axis runs from 0 (top) to content_height_in (bottom) in inches.
    """
    for _ in range(4):
        fig.draw_without_rendering()
        axes_height = ax.get_position().height * fig.get_figheight()
        delta = content_height_in - axes_height
        if abs(delta) < 0.002:
            break
        fig.set_figheight(fig.get_figheight() + delta)
    ax.set_ylim(content_height_in, 0)
    ax.set_axis_off()
    return ax.get_position().width * fig.get_figwidth()


def table_figure(title: str, headers: list[str], rows: list[list[str]], *, widths: list[float],
                 align: list[str], group_starts: frozenset[int] = frozenset()) -> Figure:
    """A booktabs-style table: rules above and below the header and at the end, thin rules
    between rows (darker where a new group starts, e.g. a new phase), long texts wrapped.

    widths are fractions of the text width, align per column ("left" | "right" | "center").
    """
    pad_x, pad_y = 0.05, 0.055
    fig, ax = style.figure(2.0 + 0.3 * len(rows))
    style.caption(fig, title)  # before measuring: caption and source line take their share of the height
    ax.set_xlim(0, 1)
    ax.set_axis_off()
    # the axes span nearly the full text width; measure it once to wrap against real widths
    fig.draw_without_rendering()
    axes_width = ax.get_position().width * fig.get_figwidth()
    col_in = [w * axes_width for w in widths]
    lefts = [sum(widths[:i]) for i in range(len(widths))]

    def cells(values, weight):
        return [wrap(v, col_in[i] - 2 * pad_x, weight=weight) for i, v in enumerate(values)]

    header_cells = cells(headers, "bold")
    body_cells = [cells(r, "normal") for r in rows]
    heights = [max(len(c) for c in row) * LINE_HEIGHT_IN + 2 * pad_y for row in [header_cells, *body_cells]]
    total = sum(heights) + 0.02
    fit_height(fig, ax, total)
    with matplotlib.rc_context(style.RC):
        y = 0.01
        ax.axhline(y, color=RULE, linewidth=1.2)
        for r, (row, height) in enumerate(zip([header_cells, *body_cells], heights)):
            weight = "bold" if r == 0 else "normal"
            if r >= 2:
                strong = (r - 1) in group_starts
                ax.axhline(y, color=RULE if strong else THIN_RULE, linewidth=0.7 if strong else 0.5)
            for i, lines in enumerate(row):
                x = {"left": lefts[i] + pad_x / axes_width, "center": lefts[i] + widths[i] / 2,
                     "right": lefts[i] + widths[i] - pad_x / axes_width}[align[i]]
                draw_lines(ax, x, y + pad_y, lines, ha=align[i], fontweight=weight)
            y += height
            if r == 0:
                ax.axhline(y, color=RULE, linewidth=0.8)
        ax.axhline(y, color=RULE, linewidth=1.2)
    return fig


def draw_lines(ax, x: float, top: float, lines: list[str], **kwargs) -> None:
    """One Text per line at a fixed pitch (y in inches from the top), so heights are exact."""
    for k, line in enumerate(lines):
        ax.text(x, top + (k + 0.5) * LINE_HEIGHT_IN, line, va="center", fontsize=FONT_SIZE, **kwargs)

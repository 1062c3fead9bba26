"""Abb. 10: examples of what the cross-departmental, cross-sector cooperation produced."""
from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from evaluation import metadata_files
from evaluation.charts import style
from evaluation.charts._drawing import LINE_HEIGHT_IN, draw_lines, fit_height, wrap

TITLE = "Abb. 10: Exemplarische Ergebnisse der ressort- und sektorenübergreifenden Zusammenarbeit"
SOURCE = "Quelle: im Werkreport 1 genannte Beispiele (Abschnitte {sections}), eigene Darstellung"
FILE = "abb10_kooperationsergebnisse.csv"
AREAS = ["Strukturen und Grundlagen", "Angebote für Kinder und Familien", "Angebote für Fachkräfte"]
COOPERATION = "Ressort- und sektorenübergreifende Zusammenarbeit"

PAD_X, PAD_Y = 0.08, 0.06   # inches inside a box
GAP_X, GAP_Y = 0.16, 0.07   # inches between columns / between example boxes
ARROW_H = 0.32              # inches between the cooperation box and the column heads


def load_examples() -> pd.DataFrame:
    """The examples (Bereich, Beispiel, Abschnitt) of metadata/abb10_kooperationsergebnisse.csv.

    Only examples the report's text names, each with the section that names it.
    """
    return metadata_files.read(FILE)


def abb_10_kooperationsergebnisse(examples: pd.DataFrame) -> Figure:
    """A diagram: the cooperation across departments and sectors (top) leads to results in
    three areas – structures and foundations, offers for children and families, offers for
    professionals – each listed with the examples the report names (boxes in table order).

    It gives the figures that follow (Abb. 11–14) their context: cooperation comes first,
    offers grow out of it. examples: columns Bereich, Beispiel, Abschnitt (see load_examples).
    """
    unknown = sorted(set(examples["Bereich"]) - set(AREAS))
    if unknown:
        raise ValueError(f"Unbekannter Bereich in Abb. 10: {', '.join(unknown)}")
    fig, ax = style.figure(4.0)
    style.caption(fig, TITLE, source=SOURCE.format(sections=_section_range(examples["Abschnitt"])))
    ax.set_axis_off()
    fig.draw_without_rendering()
    width = ax.get_position().width * fig.get_figwidth()
    col_w = (width - 2 * GAP_X) / 3

    top_lines = wrap(COOPERATION, width - 2 * PAD_X, weight="bold")
    top_h = _box_height(top_lines)
    heads = [wrap(a, col_w - 2 * PAD_X, weight="bold") for a in AREAS]
    head_h = max(_box_height(lines) for lines in heads)
    items = [[wrap(b, col_w - 2 * PAD_X) for b in examples.loc[examples["Bereich"] == a, "Beispiel"]]
             for a in AREAS]
    col_h = [sum(_box_height(lines) + GAP_Y for lines in col) for col in items]
    total = top_h + ARROW_H + head_h + GAP_Y + max(col_h, default=0) + 0.02

    fit_height(fig, ax, total)
    ax.set_xlim(0, width)
    with matplotlib.rc_context(style.RC):
        _box(ax, 0, 0.01, width, top_h, top_lines, face="#e8e8e8", edge=style.GREY, weight="bold")
        for i, area in enumerate(AREAS):
            x = i * (col_w + GAP_X)
            head_top = top_h + ARROW_H
            ax.add_patch(FancyArrowPatch((x + col_w / 2, top_h + 0.01), (x + col_w / 2, head_top),
                                         arrowstyle="-|>", mutation_scale=12, color=style.GREY,
                                         linewidth=1.2, shrinkA=0, shrinkB=1))
            color = style.PALETTE[i]
            _box(ax, x, head_top, col_w, head_h, heads[i], face=color, edge=color, weight="bold",
                 text_color=_text_color(color))
            y = head_top + head_h + GAP_Y
            for lines in items[i]:
                h = _box_height(lines)
                _box(ax, x, y, col_w, h, lines, face=_tint(color), edge=color)
                y += h + GAP_Y
    return fig


def _box_height(lines: list[str]) -> float:
    return len(lines) * LINE_HEIGHT_IN + 2 * PAD_Y


def _box(ax, x, y, w, h, lines, *, face, edge, weight="normal", text_color="black") -> None:
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.05",
                                facecolor=face, edgecolor=edge, linewidth=0.8))
    draw_lines(ax, x + w / 2, y + PAD_Y, lines, ha="center", fontweight=weight, color=text_color)


def _tint(color, amount: float = 0.82) -> tuple[float, float, float]:
    """The colour mixed with white: a light fill that keeps dark text readable."""
    return tuple(c + (1 - c) * amount for c in matplotlib.colors.to_rgb(color))


def _text_color(face) -> str:
    """White or black, whichever contrasts more with the fill (WCAG contrast ratio)."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in matplotlib.colors.to_rgb(face))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.05) else "black"


def _section_range(sections: pd.Series) -> str:
    keys = sorted(set(sections), key=lambda s: tuple(int(p) for p in s.split(".")))
    return keys[0] if len(keys) == 1 else f"{keys[0]} bis {keys[-1]}"

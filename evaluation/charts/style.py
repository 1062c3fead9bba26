"""House style of all charts: German labels, decimal comma, colour-blind-safe, A4 width, deterministic files."""
from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from evaluation import formatting as fmt
from evaluation import metadata_files

A4_TEXT_WIDTH_IN = 6.3  # 16 cm text column
# seaborn's colour-blind-safe "colorblind" palette, kept as data: importing seaborn (and scipy)
# for ten colours cost every notebook kernel a second; tests/test_charts_style.py checks the copy.
PALETTE = metadata_files.read("palette_colorblind.csv")["Farbe"].tolist()
GREY = "#6b6b6b"
DPI = 150

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "svg.hashsalt": "praeventionsketten",
    "svg.fonttype": "path",
    "figure.dpi": DPI,
}


def figure(height: float = 3.2, **kwargs) -> tuple[Figure, Axes]:
    """A new Figure (not registered with pyplot, so nothing leaks between charts) and its Axes."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(A4_TEXT_WIDTH_IN, height), layout="constrained")
        FigureCanvasAgg(fig)  # a canvas that can measure text (label placement), still without pyplot
        ax = fig.add_subplot(**kwargs)
    return fig, ax


SOURCE = "Quelle: rekonstruierte Daten, eigene Auswertung"


def caption(fig: Figure, text: str, source: str = SOURCE) -> None:
    """The source line below the chart. The caption ("Abb. 5: …, n = 22", `text`) is not drawn: it is
    text beside the picture (charts.captions), so the report can refer to it and list it."""
    fig.supxlabel(source, x=0.0, ha="left", fontsize=7, color=GREY)


def percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.percent(v)))


def number_axis(axis, decimals: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v, decimals)))


def bar_labels(ax, container, labels: list[str]) -> None:
    ax.bar_label(container, labels=labels, padding=2, fontsize=8)


def save(fig: Figure, folder: Path, stem: str) -> list[Path]:
    """PNG and SVG without timestamps or software versions: same input, same bytes.

    Both carry the chart's caption as their title (the Word report captions each picture with it).
    The figure is laid out once, then both files are drawn with the layout engine switched off:
    savefig would otherwise lay the figure out again for each file, with a draw pass of its own.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    title = fig.get_suptitle()
    engine = fig.get_layout_engine() if fig.axes else None  # as Figure.draw: no axes, no layout
    with matplotlib.rc_context(RC):
        if engine is not None:
            engine.execute(fig)
            fig.set_layout_engine(None)  # not "none": a placeholder engine still costs savefig a draw pass
        try:
            fig.savefig(paths[0], dpi=DPI, metadata={"Software": None, "Title": title})
            fig.savefig(paths[1], metadata={"Date": None, "Creator": None, "Title": title})
        finally:
            if engine is not None:
                fig.set_layout_engine(engine)
    return paths

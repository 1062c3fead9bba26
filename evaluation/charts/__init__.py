"""One function per figure (Abb. 1–15) and table (Tabelle 1, 2) of Werkreport 1.

Module names say which: abb_05_koordinierungsstelle.py draws Abb. 5. Each takes a tidy
table (from evaluation.findings) and returns a matplotlib Figure in the house style
(style.py); catalogue.py pairs every figure with the finding that feeds it.
"""
from . import style
from .catalogue import CHARTS, draw, draw_all, show

__all__ = ["CHARTS", "draw", "draw_all", "show", "style"]

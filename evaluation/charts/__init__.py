"""One function per figure (Abb. 1–15) and table (Tabelle 1, 2) of Werkreport 1, and the QDA code matrix.

Module names say which: abb_05_koordinierungsstelle.py draws Abb. 5. Each takes a tidy
table (from evaluation.findings) and returns a matplotlib Figure in the house style
(style.py); catalogue.py pairs every figure with the finding that feeds it.
"""
from evaluation.charts import style
from evaluation.charts.captions import caption
from evaluation.charts.catalogue import CHARTS, data_table, draw, label
from evaluation.charts.qda_code_matrix import qda_code_matrix

__all__ = ["caption", "CHARTS", "data_table", "draw", "label", "qda_code_matrix", "style"]

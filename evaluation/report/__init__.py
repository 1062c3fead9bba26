"""The report: the executed notebooks, in the order of notebooks/_toc.yml, rendered as HTML, Word and PDF.

    display   what a notebook cell shows for the reader: prose, a figure with its caption, a table
"""
from evaluation.report.display import figure, prose, table

__all__ = ["figure", "prose", "table"]

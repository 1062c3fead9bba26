"""Errors an evaluator can act on: German text naming file, row, column and value."""
from __future__ import annotations


class EvaluationError(Exception):
    """Base class: the message is German and meant for the evaluator, not a traceback."""


class ReportingDateError(EvaluationError):
    """The requested reporting date (Stichtag) cannot be evaluated."""


class DataError(EvaluationError):
    """A raw file is unreadable or violates its declared schema.

    `row` is the line in the file as a spreadsheet shows it (header = row 1).
    """

    def __init__(self, file: str, problem: str, row: int | None = None,
                 column: str | None = None, value: object = None, more: int = 0):
        self.file, self.problem, self.row, self.column, self.value, self.more = (
            file, problem, row, column, value, more)
        where = [f"Datei „{file}“"]
        if row is not None:
            where.append(f"Zeile {row}")
        if column is not None:
            where.append(f"Spalte „{column}“")
        text = ", ".join(where)
        if value is not None:
            text += f", Wert „{value}“"
        text += f": {problem}"
        if more:
            text += f" (und {more} weitere Befunde in dieser Datei)"
        super().__init__(text)


class NotebookError(EvaluationError):
    """A notebook failed during a run; names notebook and cell."""


class PublishedStateError(EvaluationError):
    """A published state would be replaced: by other raw data without --force, or by anything but `run`."""


class ClusterError(EvaluationError):
    """The Dask cluster cannot take the run: scheduler unreachable, no workers, workers not set up like this one."""

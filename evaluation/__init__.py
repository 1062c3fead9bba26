"""Evaluation workbench for „Präventionsketten Niedersachsen“ (Werkreport 1 per reporting date).

The flow, one direction only (a folder imports only from folders above it in this list):

    intake/        a delivery of raw files: readers per format, pandera schemas, German errors,
                   municipality names, codebook, manifest – the one delivery check
    data/          cleaning into the Dataset of a reporting date (data/processed/<date>/*.parquet),
                   load(date), the data-quality overview
    findings/      the findings of each report section as tidy DataFrames (one module per section),
                   uncertainty (intervals, trend), profile (one municipality)
    charts/        one function per figure and table: tidy frame in, matplotlib Figure out (style.py)
    prose/         the German prose, numbers computed
    publication/   comparison with the printed Werkreport: registry, reconciliation, audit, findings
                   tables, provenance, befunde.xlsx, comparison across dates
    report/        what a notebook cell shows the reader (display), and the report rendered from the
                   executed notebooks in the order of notebooks/_toc.yml
    run/           papermill runs of the notebooks per date, local or on a Dask cluster; publishing
    qda/           QDA exports in and out: MAXQDA, REFI-QDA, code matrix, quotes, agreement, guard

Shared by all: paths, formatting (German numbers, half-up), reporting_date, errors, vocabulary,
metadata_files (the mappings and labels in evaluation/metadata/). The command line: cli.py.
"""

from evaluation import paths
from evaluation.errors import DataError, EvaluationError, PublishedStateError, ReportingDateError
from evaluation.reporting_date import DEFAULT as DEFAULT_REPORTING_DATE
from evaluation.submodules import on_first_use

__version__ = "0.1.0"
# Every subpackage loads on first use (`ev.findings`, `ev.load`): a run's worker processes import only
# evaluation.run and papermill – pandas and matplotlib would cost each worker about 50 MB and a second.
__getattr__ = on_first_use(__name__, {"load": "evaluation.data.loader", "Dataset": "evaluation.data.dataset"})


__all__ = ["load", "Dataset", "DataError", "EvaluationError", "PublishedStateError", "ReportingDateError",
           "DEFAULT_REPORTING_DATE", "charts", "data", "findings", "formatting", "intake", "paths", "prose",
           "publication", "qda", "report", "run"]

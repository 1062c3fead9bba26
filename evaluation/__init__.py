"""Evaluation workbench for „Präventionsketten Niedersachsen“ (Werkreport 1 per reporting date).

Where things are made — one direction only, raw → clean → findings → charts → notebooks:

    raw_files.py     which raw files a delivery has, their schema, date and municipality column
    sources.py       reading CSV (cp1252/UTF-8, ; or ,) and .xlsx as delivered
    schemas.py       pandera declarations of every raw file (German column → English name)
    validation.py    parsing German dates/decimals, schema failures → one German DataError
    names.py         municipality spellings → one id (AGS where the register has one)
    codes.py         QDA code paths → indicators (mapping in data/raw/coding/codebook.csv)
    manifest.py      data/raw/MANIFEST.csv: records and SHA-256 per raw file
    clean.py         the cleaning steps per file, cut at the reporting date, quality counts
    dataset.py       the Dataset on disk (data/processed/<date>/*.parquet, written atomically)
    loader.py        load(date): the Dataset, built when missing or stale
    quality.py       the data-quality overview of notebook 00
    formatting.py    German numbers, half-up rounding as in the report
    findings/        the findings of sections 3.1–4, one module per section (see findings/__init__.py)
    audit.py         consistency audit of the published report (rules in metadata/audit_rules.csv)
    charts/          one module per figure: abb_01_… to abb_15_…, tab_01_…, tab_02_… (catalogue.py pairs
                     each with its finding; style.py is the house style)
    narrative.py     the German prose of each chapter, numbers computed
    report.py        reports/<date>/findings.csv, findings.json, audit.csv
    uncertainty.py   Wilson intervals for shares, Poisson model of the trainings trend
    html_report.py   reports/<date>/werkreport.html, self-contained, the last step of a run
    qda/             QDA imports/exports (MAXQDA, REFI-QDA), code matrix, quotes, agreement, guard
    execute.py       papermill run of notebooks/ for a date (staging, then move into place)
    cli.py           python -m evaluation run | manifest | notebooks

Notebooks (run in this order by `python -m evaluation run`):
    00_datenaufbereitung   data quality                    10_inanspruchnahme   3.1, Abb. 1–3
    20_strukturen          3.2.1, 3.2.3, Abb. 4–10, Tab. 1–2   21_angebote      3.2.2, Abb. 11–14
    30_prozessbegleitung   3.3, Abb. 15                    40_nachhaltigkeit    3.4
    35_qualitative_codierung  code matrix, quotes, intercoder agreement
    50_fazit               4, findings table and audit
"""
from . import audit, findings, formatting, paths, quality, uncertainty
from .dataset import Dataset
from .errors import DataError, EvaluationError, ReportingDateError
from .loader import load
from .reporting_date import DEFAULT as DEFAULT_REPORTING_DATE

__version__ = "0.1.0"
_LAZY = ("charts", "narrative", "qda", "report")  # import matplotlib: loaded on first use, keeps the CLI quick


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'evaluation' has no attribute {name!r}")
__all__ = ["load", "Dataset", "DataError", "EvaluationError", "ReportingDateError",
           "DEFAULT_REPORTING_DATE", "audit", "charts", "findings", "formatting",
           "narrative", "paths", "quality", "report", "uncertainty"]

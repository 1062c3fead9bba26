"""Evaluation workbench for „Präventionsketten Niedersachsen“ (Werkreport 1 per reporting date).

Where things are made — one direction only, raw → clean → findings → charts → publication → chapters → report:

  raw data
    delivery.py        a raw folder: which files it has (schema, date and municipality column), each
                       located and hashed once
    readers.py         reading CSV (cp1252/UTF-8, ; or ,) and .xlsx as delivered
    schemas.py         pandera declarations of every raw file (German column → English name)
    validation.py      parsing German dates/decimals, schema failures → one German DataError
    municipalities.py  municipality spellings → one id (AGS where the register has one)
    codebook.py        QDA code paths → indicators (mapping in data/raw/coding/codebook.csv)
    manifest.py        data/raw/MANIFEST.csv: records and SHA-256 per raw file
  cleaning
    clean.py           the cleaning steps per file, cut at the reporting date, quality counts
    dataset.py         the Dataset on disk (data/processed/<date>/*.parquet, written atomically)
    loader.py          load(date): the Dataset; built into scratch when the published one is stale
    quality.py         the data-quality overview (notebook 00, section "Datenherkunft")
  findings and charts
    findings/          the findings of sections 3.1–4, one module per section (see findings/__init__.py)
    uncertainty.py     Wilson intervals for shares, Poisson model of the trainings trend
    charts/            one module per figure: abb_01_… to abb_15_…, tab_01_…, tab_02_…, qda_code_matrix,
                       kommune_merkmale (the Kommunensteckbrief's indicators against all municipalities)
                       (catalogue.py pairs each with its finding and its data table; style.py is the house style)
    qda/               QDA deliveries: MAXQDA exports + document register, REFI-QDA import/export,
                       code matrix, quotes, agreement, pseudonymisation guard (see qda/__init__.py)
    narrative.py       the German prose of each chapter, numbers computed
    profiles.py        the Kommunensteckbrief's data: one municipality at a date (findings restricted to it,
                       beside all municipalities; coded segments as counts only), name lookup, page file names
  publication (publication/): what compares with the printed report and writes its tables
    registry.py        published figures of the Werkreport: printed value, German label, function
    reconciliation.py  the findings table: computed vs. printed, status and note
    audit.py           consistency audit of the printed report (rules in metadata/audit_rules.csv)
    findings_table.py  findings.csv/.json, audit.csv and the German tables every reader sees
    provenance.py      provenance.json and the guard against replacing a published state
    comparison.py      reports/comparison/ across several reporting dates
    workbook.py        befunde.xlsx (office_file.py: fixed dates inside Office files, same data same bytes)
  chapters and report
    chapters.py        the chapter plan: which text, figure and table each section shows, read by the notebooks
    report/            the report from the EXECUTED notebooks in the order of notebooks/_toc.yml, code hidden:
                       display.py (prose, figure, table as a cell shows them), toc.py, collect.py (notebooks →
                       one pandoc Markdown), render.py (pandoc → werkreport.html/.docx, Typst → werkreport.pdf)
    profile_pages.py   the Kommunensteckbrief's sections (notebook 60), its page from the executed notebook, the
                       index page reports/<date>/kommunen/index.html; execute_profile is one profile job
  running
    execute.py         one notebook through papermill on a warm kernel
    pipeline.py        the run per date: build, notebook and profile jobs, findings, report, provenance, promotion;
                       run_profiles: single profiles into a current published state (--municipality)
    cluster.py         run --scheduler: the notebook and profile jobs on a Dask cluster (dataset and notebooks shipped as
                       bytes, every written file sent back into the stage)
    cli.py             python -m evaluation run | manifest | notebooks | qda
  shared
    paths.py           project folders, the scratch folder, the published-state refusal
    metadata_files.py  the one reader of evaluation/metadata/ (mappings, labels, rules as data)
    reporting_date.py  parsing and expanding reporting dates;  formatting.py  German numbers, half-up
    vocabulary.py      fixed category lists;  errors.py  German error types

Notebooks (run in this order by `python -m evaluation run`; each shows its sections of the chapter plan):
    00_datenaufbereitung   data quality, provenance         10_inanspruchnahme   1, 3.1 (Abb. 1–3)
    20_strukturen          3.2, 3.2.1, 3.2.1.2, 3.2.3 (Tab. 1–2, Abb. 4–10)
    21_angebote            3.2.2 (Abb. 11–14)               30_prozessbegleitung 3.3, 3.3.6 (Abb. 15)
    35_qualitative_codierung  code matrix, intercoder agreement
    40_nachhaltigkeit      3.4                              50_fazit             4, findings table and audit
    60_kommunensteckbrief  one municipality (parameter `municipality`), run once per active municipality
"""
from . import findings, formatting, paths, quality, uncertainty
from .dataset import Dataset
from .errors import DataError, EvaluationError, PublishedStateError, ReportingDateError
from .loader import load
from .reporting_date import DEFAULT as DEFAULT_REPORTING_DATE

__version__ = "0.1.0"
# These import matplotlib: loaded on first use, keeps the CLI quick.
_LAZY = ("chapters", "charts", "narrative", "profile_pages", "profiles", "publication", "qda", "report")


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'evaluation' has no attribute {name!r}")


__all__ = ["load", "Dataset", "DataError", "EvaluationError", "PublishedStateError", "ReportingDateError",
           "DEFAULT_REPORTING_DATE", "chapters", "charts", "findings", "formatting", "narrative", "paths",
           "publication", "quality", "qda", "uncertainty"]

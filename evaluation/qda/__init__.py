"""Qualitative coding as evaluators deliver it: QDA imports and exports, code matrix, quotes,
intercoder agreement and the pseudonymisation guard.

    columns.py     the tidy coded-segments table and the header mapping of coded-segment exports
    maxqda.py      MAXQDA-style coded-segments exports (.xlsx/.csv, German or English headers)
    refi.py        REFI-QDA projects (.qdpx): import, export, XSD validation
    matrix.py      code matrix: codes × municipalities or document groups (counts, presence)
    quotes.py      quotes by code with the report's citation form
    agreement.py   percentage agreement, Cohen's kappa, Krippendorff's alpha per code
    guard.py       pseudonymisation guard: no personal data in any output
"""

_MODULES = ("agreement", "columns", "guard", "matrix", "maxqda", "quotes", "refi")


def __getattr__(name: str):
    """Submodules load on first use (agreement needs statsmodels, refi lxml)."""
    if name in _MODULES:
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'evaluation.qda' has no attribute {name!r}")

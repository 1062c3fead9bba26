"""Qualitative coding as evaluators deliver it: QDA imports and exports, code matrix, quotes,
intercoder agreement and the pseudonymisation guard.

    columns.py     the tidy coded-segments table and the header mapping of coded-segment exports
    maxqda.py      MAXQDA „Codierte Segmente“ and ATLAS.ti quotation exports as the programs write them (.xlsx
                   on any sheet, .csv in their encodings, German or English headers, repeated document-variable
                   columns, text kept verbatim, rows without text set aside)
    sniff.py       what a delivered file is by its content (a .qdpx renamed .xlsx, an old .xls …)
    document_register.py  municipality, date and type per coded document (coding/documents.csv)
    refi.py        REFI-QDA projects (.qdpx, bare .qde): the one module callers import (read_qdpx, write_qdpx)
    refi_format.py what import and export share (namespace, GUIDs, text form, labels, XSD validation)
    refi_import.py REFI-QDA import: positions as the producing tool counts them, and an account
                   of everything read and not imported
    refi_export.py REFI-QDA export: codebook colours and descriptions, notes, comments, names
                   other tools accept, pseudonymous document names
    matrix.py      code matrix: codes × municipalities or document groups (counts, presence)
    quotes.py      quotes by code with the report's citation form
    agreement.py   percentage agreement, Cohen's kappa, Krippendorff's alpha per code, for every coder pair
                   and (alpha) over all coders
    guard.py       pseudonymisation guard: no personal data in any output
"""

from evaluation.submodules import on_first_use

# agreement needs statsmodels, refi lxml: submodules load on first use.
__getattr__ = on_first_use(__name__)

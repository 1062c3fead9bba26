"""REFI-QDA projects (.qdpx, or a bare project.qde): import, export, XSD validation.

REFI-QDA 1.0 is the exchange format of ATLAS.ti, MAXQDA, NVivo, QualCoder and others, so
evaluators can bring their codings from any of them. A .qdpx is a zip holding `project.qde`
(XML, namespace urn:QDA-XML:project:1.0) and the source files under `sources/`.

    refi_format.py   what both directions share (namespace, GUIDs, text form, labels, schema)
    refi_import.py   read_qdpx: project → tidy coded-segments table, and an account (`info`)
                     of everything read and everything not imported
    refi_export.py   write_qdpx: tidy table (with codebook, notes, comments) → .qdpx
    this module      the one place callers import from
"""
from evaluation.qda.refi_export import write_qdpx
from evaluation.qda.refi_format import (COLUMNS, NS, Q, XSD, ORIGIN, normalise_text, summary, validate_project_xml)
from evaluation.qda.refi_import import read_qdpx

__all__ = ["COLUMNS", "NS", "ORIGIN", "Q", "XSD", "normalise_text", "read_qdpx", "summary", "validate_project_xml",
           "write_qdpx"]

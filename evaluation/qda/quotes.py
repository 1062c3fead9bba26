"""Quotes by code, rendered in the report's citation form.

The report cites interviews with their paragraph range ("Leitfadeninterview Evaluation,
Leitungsebene, Kommune B, 22-22") and documentations by name only; which document type (from the
document register) is cited how is data (metadata/citation_forms.csv). Only text the report
publishes is quoted: segments marked "[rekonstruiert]" and test codings never appear. Every quote passes the
pseudonymisation guard first.
"""
from __future__ import annotations

import pandas as pd

from evaluation import metadata_files
from evaluation.qda import guard

RECONSTRUCTED = "[rekonstruiert]"
TEST_CODER_SUFFIX = "-TEST"


def _with_paragraphs() -> dict[str, bool]:
    table = metadata_files.read("citation_forms.csv")
    return dict(zip(table["Dokumenttyp"], table["Absatz zitieren"].eq("ja")))


def citation(row, with_paragraphs: dict[str, bool] | None = None) -> str:
    """'<document>, <begin>-<end>' for document types cited by paragraph, else the document name."""
    forms = _with_paragraphs() if with_paragraphs is None else with_paragraphs
    if forms.get(row.get("document_type"), False):
        return f"{row['document']}, {int(row['begin'])}-{int(row['end'])}"
    return str(row["document"])


def select(segments: pd.DataFrame, codes: list[str], document_group: str | None = None,
           persons=None) -> pd.DataFrame:
    """Published quotes coded with any of `codes` (and `document_group`), one per text, checked by the guard."""
    seg = segments[segments["code"].isin(codes)]
    if document_group is not None:
        seg = seg[seg["document_group"] == document_group]
    seg = seg[~seg["text"].str.contains(RECONSTRUCTED, regex=False)]
    seg = seg[~seg["coder"].fillna("").str.endswith(TEST_CODER_SUFFIX)]
    seg = seg.sort_values(["document_date", "document", "begin"], kind="mergesort").drop_duplicates("text")
    guard.check(seg, persons or [])
    forms = _with_paragraphs()
    return seg.assign(citation=[citation(r, forms) for _, r in seg.iterrows()]).reset_index(drop=True)


def markdown(quotes: pd.DataFrame, first_note: int = 1) -> str:
    """Quote boxes with footnote-style citations, as in sections 3.3.6 and 3.4 of the report."""
    if quotes.empty:
        return "*Zum Stichtag liegen keine veröffentlichten Zitate zu diesem Thema vor.*"
    boxes, notes = [], []
    for number, row in enumerate(quotes.itertuples(index=False), start=first_note):
        lines = str(row.text).replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
        boxes.append("> „" + "  \n> ".join(lines) + f"“<sup>{number}</sup>")  # speaker turns stay lines
        notes.append(f"<sup>{number}</sup> {row.citation}")
    return "\n\n".join(boxes) + "\n\n---\n" + "  \n".join(notes)


SECTION_COLUMNS = ["code", "document", "citation", "text"]


def for_section(ds, section: str) -> pd.DataFrame:
    """The published quotes of a report section ('3.3.6', '3.4'): its codes (metadata/quote_sections.csv),
    selected and guarded as `select` does. Empty before any is coded.

    Only code, document, citation and text: a notebook shows this frame, and a municipality beside an
    interview's pseudonym ("Kommune B") would undo the pseudonym – so would its date, matched with a dated
    talk or visit on a named profile. Quotes keep the order of their documents' dates.
    """
    table = metadata_files.read("quote_sections.csv")
    codes = table.loc[table["Abschnitt"] == section, "Code"].tolist()
    if not codes:
        raise KeyError(f"Keine Zitat-Codes für Abschnitt {section!r} in evaluation/metadata/quote_sections.csv")
    # names of the register were screened when the dataset was built (the register is not part of it);
    # contacts are checked again here
    return select(ds.interview_segments, codes)[SECTION_COLUMNS]

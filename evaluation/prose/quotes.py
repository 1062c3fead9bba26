"""Quote boxes of 3.3.6 and 3.4 for the report, from the frame of qda.quotes.for_section.

Each quote as the data hold it, byte for byte between „ and “ (line breaks kept as line breaks), its
citation as a pandoc footnote – a footnote survives HTML, Word and PDF alike, a raw <sup> would not.
"""
from __future__ import annotations

import pandas as pd

from evaluation.prose import _text as t

NONE = "*Zum Stichtag liegen keine veröffentlichten Zitate zu diesem Thema vor.*"


def boxes(quotes: pd.DataFrame, label: str) -> str:
    """Blockquotes with footnoted citations; `label` keeps footnote names unique in the report ('336', '34')."""
    if quotes.empty:
        return NONE
    parts, notes = [], []
    for number, row in enumerate(quotes.itertuples(index=False), start=1):
        note = f"zitat-{label}-{number}"
        lines = t.escape(row.text).split("\n")
        body = "\\\n> ".join(lines)  # a backslash at the line's end: a hard line break inside the quote
        parts.append(f"> „{body}“[^{note}]")
        notes.append(t.footnote(note, t.escape(row.citation)))
    return "\n\n".join(parts) + "\n\n" + "\n\n".join(notes)

"""Small German text helpers of the chapter and appendix prose, in one place.

Private to evaluation.prose: numbers as the Werkreport writes them (up to twelve in words; the table of
number words lives in evaluation.formatting), the noun following its number, counts against their
denominator ("18 von 22", "82 % (18 von 22)"), lists with "und", months, Markdown-safe data text, footnotes.
"""
from __future__ import annotations

import math

from evaluation import formatting as fmt

def number(n) -> str:
    """2 → 'zwei', 12 → 'zwölf', 13 → '13', 1200 → '1.200' (1 and 0 are the caller's: article or 'kein')."""
    n = int(n)
    return fmt.word(n) if 2 <= n else fmt.number(n)


def count(n, one: str, many: str, none: str | None = None) -> str:
    """The noun follows the number: count(1, 'eine Kommune', 'Kommunen') → 'eine Kommune', (5, …) → 'fünf Kommunen'.

    `none` is the form for 0 ('keine Kommune'); without it '0 Kommunen'.
    """
    n = int(n)
    if n == 1:
        return one
    if n == 0 and none is not None:
        return none
    return f"{number(n) if n else '0'} {many}"


def digits(n, one: str, many: str) -> str:
    """'1 Angebot', '43 Angebote' – for numbers a reader compares (counts of a chart, shares' numerators)."""
    return f"{fmt.number(int(n))} {one if int(n) == 1 else many}"


# Up to twelve in words, the noun agreeing ("drei Kohorten", "einem Modellraum"): formatting.word / .amount
word = fmt.word
amount = fmt.amount
listing = fmt.listing
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


def count_of(count: int, n: int) -> str:
    """'18 von 22' – a count against its denominator, always in digits, as the report does."""
    return f"{fmt.number(count)} von {fmt.number(n)}"


def share_of(count: int, n: int, decimals: int = 0) -> str:
    """'82 % (18 von 22)'; without a denominator '–'. Half-up, as printed."""
    if not n or (isinstance(n, float) and math.isnan(n)):
        return "–"
    return f"{fmt.percent(count / n, decimals)} ({count_of(count, n)})"


def capital(text: str) -> str:
    """The first letter upper-case (a phrase that starts a sentence)."""
    return fmt.capital(text)


def month(timestamp) -> str:
    """'Januar 2017'."""
    return f"{MONTHS[timestamp.month - 1]} {timestamp.year}"


def share(part, whole, decimals: int = 0) -> str:
    """'75 %' of part/whole (half-up), '–' without a whole."""
    if not whole or part is None or (isinstance(part, float) and math.isnan(part)):
        return "–"
    return fmt.percent(part / whole, decimals)


def of(part, whole, decimals: int = 0) -> str:
    """'15 von 22 (68 %)'."""
    return f"{fmt.number(int(part))} von {fmt.number(int(whole))} ({share(part, whole, decimals)})"


def of_inline(part, whole, decimals: int = 0) -> str:
    """'15 von 22, 68 %' – inside parentheses."""
    return f"{fmt.number(int(part))} von {fmt.number(int(whole))}, {share(part, whole, decimals)}"


MARKDOWN_SPECIALS = "\\`*_[]<>#^~|$"


def escape(text: str) -> str:
    """Data text (quotes, citations, titles) safe inside Markdown: 'Koordinator*innen' stays literal, never emphasis."""
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in str(text))


def footnote(label: str, text: str) -> str:
    """A pandoc footnote definition (the reference `[^label]` goes into the sentence)."""
    return f"[^{label}]: {text}"

"""Small German phrases the prose of chapters 2, 3.1 and 3.2 share: counts in words, shares, lists.

Private to those modules (evaluation.prose.participation, evaluation.prose.structures).
"""
from __future__ import annotations

import math

from evaluation import formatting as fmt

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


# Up to twelve in words ("drei Kohorten"), the noun agreeing: formatting holds the table of number words.
number = fmt.word
amount = fmt.amount


def of(count: int, n: int) -> str:
    """'18 von 22' – counts against their denominator always in digits, as the report does."""
    return f"{fmt.number(count)} von {fmt.number(n)}"


def share(count: int, n: int, decimals: int = 0) -> str:
    """'82 % (18 von 22)'; without a denominator '–'. Half-up, as printed."""
    if not n or (isinstance(n, float) and math.isnan(n)):
        return "–"
    return f"{fmt.percent(count / n, decimals)} ({of(count, n)})"


def listing(items: list[str], last: str = "und") -> str:
    """'a, b und c'."""
    items = [i for i in items if i]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def capital(text: str) -> str:
    """The first letter upper-case (a phrase that starts a sentence)."""
    return text[:1].upper() + text[1:]


def month(timestamp) -> str:
    """'Januar 2017'."""
    return f"{MONTHS[timestamp.month - 1]} {timestamp.year}"


def footnote(label: str, text: str) -> str:
    """A pandoc footnote definition (the reference `[^label]` goes into the sentence)."""
    return f"[^{label}]: {text}"

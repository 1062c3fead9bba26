"""Small German phrases the prose of chapters 2, 3.1 and 3.2 share: counts in words, shares, lists.

Private to those modules (evaluation.prose.participation, evaluation.prose.structures).
"""
from __future__ import annotations

import math

from evaluation import formatting as fmt

WORDS = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


def number(n: int, one: str = "eins") -> str:
    """Up to twelve in words, as the report writes counts in running text ("drei Kohorten"); `one` is
    the form of 1 the noun needs ("eine", "ein", "einer")."""
    n = int(n)
    if n == 1:
        return one
    return WORDS[n] if 0 <= n <= 12 else fmt.number(n)


def amount(n: int, singular: str, plural: str, one: str = "eine", none: str = "keine") -> str:
    """'eine Kohorte', 'drei Kohorten', '22 Kommunen', 'keine Kohorte': number and noun agree."""
    n = int(n)
    if n == 0:
        return f"{none} {singular}"
    return f"{number(n, one)} {singular if n == 1 else plural}"


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

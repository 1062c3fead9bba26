"""German number format with the report's half-up rounding.

Python's round() and Babel round half to even (62,5 → 62); the Werkreport prints
63 %. Rounding is done with decimal.ROUND_HALF_UP first, Babel then only formats.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "de_DE"


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: float, decimals: int = 0) -> str:
    """1234.5 → '1.234,5' (decimals fixed, half-up)."""
    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE, decimal_quantization=False)


def percent(share: float, decimals: int = 0) -> str:
    """0.545454 → '54,5 %' with one decimal; the share is a fraction of 1."""
    return f"{number(share * 100, decimals)}\u00a0%"


def date(iso: str) -> str:
    y, m, d = iso[:10].split("-")
    return f"{d}.{m}.{y}"

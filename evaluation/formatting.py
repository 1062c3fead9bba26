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


def share_label(share: float, decimals: int = 1) -> str:
    """A chart label: '54,5 %', '7,0 %' with `decimals`, but '100 %', '50 %', '0 %' for an exact whole percent
    (never '100,0 %')."""
    if share != share:  # NaN: a share of nothing (no offers yet) has no value
        return "–"
    whole = abs(share * 100 - round(share * 100)) < 1e-9
    return percent(share, 0 if whole else decimals)


def capital(text: str) -> str:
    """The first letter upper-case: a legend entry or a sentence start ('digital' → 'Digital')."""
    return text[:1].upper() + text[1:]


def date(iso: str) -> str:
    y, m, d = iso[:10].split("-")
    return f"{d}.{m}.{y}"


# The Werkreport writes counts up to twelve in words in running text ("in drei Kohorten"); a table, not a library.
NUMBER_WORDS = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
                "zwölf")


def word(n: int, one: str = "eins") -> str:
    """0 … 12 in words ('drei'), larger numbers in digits ('1.200'); `one` is the form of 1 the noun needs
    ('ein', 'eine', 'einem')."""
    n = int(n)
    if n == 1:
        return one
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else number(n)


def amount(n: int, singular: str, plural: str, one: str = "eine", none: str = "keine") -> str:
    """'keine Kohorte', 'eine Kohorte', 'drei Kohorten', '22 Kommunen': number in words up to twelve, noun agreeing."""
    n = int(n)
    if n == 0:
        return f"{none} {singular}"
    return f"{word(n, one)} {singular if n == 1 else plural}"


# Head nouns a municipality's name can begin with, and their grammatical gender (the article follows it).
HEAD_NOUNS = {"Landkreis": "m", "Kreis": "m", "Region": "f", "Samtgemeinde": "f", "Gemeinde": "f", "Stadt": "f"}
# Per gender: nominative, genitive, dative article; "in" + dative ("im" contracts "in dem").
ARTICLES = {"m": {"nom": "der", "gen": "des", "dat": "dem", "acc": "den", "in": "im"},
            "f": {"nom": "die", "gen": "der", "dat": "der", "acc": "die", "in": "in der"}}
# A type whose name may come without its head noun ("Göttingen" of type Landkreis → "Landkreis Göttingen").
TYPE_NOUNS = {"Landkreis": "Landkreis", "Region": "Region", "Samtgemeinde": "Samtgemeinde"}


def _head(name: str) -> str | None:
    """The head noun a name begins with ('Landkreis Peine' → 'Landkreis', 'Hansestadt Lüneburg' → 'Stadt',
    'Platzhalter-Landkreis 1' → 'Landkreis'), None for a bare city name ('Delmenhorst')."""
    first = name.split(" ", 1)[0]
    for noun in sorted(HEAD_NOUNS, key=len, reverse=True):
        if first == noun or first.endswith("-" + noun) or first.endswith(noun.lower()):
            return noun
    return None


def municipality(name: str, kind: str | None = None, case: str = "nom") -> str:
    """A municipality's name with the article its case needs, as the Werkreport writes it.

    case: 'nom' (die Region Hannover), 'gen' (Förderung der Region Hannover / des Landkreises Göttingen /
    von Delmenhorst), 'dat' (mit dem Landkreis Göttingen), 'acc' (für den Landkreis Göttingen), 'in' (im Landkreis
    Göttingen / in Delmenhorst).
    `kind` is the municipality's type from the master data; it adds a missing head noun ('Göttingen',
    'Landkreis' → 'Landkreis Göttingen').
    """
    name = str(name).strip()
    if _head(name) is None and kind in TYPE_NOUNS:
        name = f"{TYPE_NOUNS[kind]} {name}"
    head = _head(name)
    if case not in ARTICLES["m"]:
        raise ValueError(f"Unbekannter Fall „{case}“ (erlaubt: {', '.join(ARTICLES['m'])})")
    if head is None:
        return {"nom": name, "gen": f"von {name}", "dat": name, "acc": name, "in": f"in {name}"}[case]
    gender = HEAD_NOUNS[head]
    if case == "gen" and gender == "m":
        first, _, rest = name.partition(" ")
        name = f"{first}es {rest}".strip()
    return f"{ARTICLES[gender][case]} {name}"


NAMED_AT_MOST = 12  # a longer list names its first ten and counts the rest: the data may hold thousands


def listing(items: list[str], last: str = "und") -> str:
    """'a', 'a und b', 'a, b und c' (`last`: 'oder'); beyond twelve 'a, b, … j und 990 weitere'."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) > NAMED_AT_MOST:
        items = items[:10] + [f"{word(len(items) - 10)} weitere"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]

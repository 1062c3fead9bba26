"""Consistency audit of the published report itself, driven by rules (metadata/audit_rules.csv).

Rule kinds: `anteil` — a printed percentage must follow from an integer count over its
stated n under half-up rounding (if not, truncation and rounding twice are tried as causes);
`anteil_mindestens` — "more than …" statements; `gemeinsames_n` — several percentages of one
survey must share one n (the n the report gives, or the first n of a searched range);
`summe` — parts add up to the stated total; `gleich` — summary (section 4) equals body;
`monat_jahr` — counts per year are twelve times those per month; `fussnotenzeichen` — a
number in the text version is the printed number followed by a footnote marker.

Three kinds set a statement of the report beside the coded data at the reporting date (issue 16, item 4):
`letzter_stand` — a printed share counts the latest status (second Kennung 'indicator=value'), while more
municipalities carry that code at some time (the code matrix counts those); `mehrzahl` — the report's
„Mehrzahl“ for a coded indicator (Kennungen: the indicator) must be more than half of the municipalities;
`anschluss` — deepening model areas follow their municipality's own funding; a deepening that is a
municipality's only model area follows nothing and is named (the reading in Beschreibung).

Optional columns: `Lesart` ("+1: explanation") adds the term of a documented reading to a
`summe`, so a gap the reading closes is a Hinweis naming it, not a Widerspruch; `Beleg` holds
the report's own words each rule rests on (section: „quotation“), so a reader can check it.
The audit knows no particular error: it finds what the rules find, and sets beside it what
the data give at the reporting date.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal

import pandas as pd

from evaluation import formatting as fmt, metadata_files
from evaluation.findings.base import municipalities_with
from evaluation.publication.registry import labels, published
from evaluation.reporting_date import DEFAULT as REPORT_DATE   # the Werkreport's "Stand 03/2022"

OK, CONTRADICTION, NOTE = "stimmig", "Widerspruch", "Hinweis"
COLUMNS = ["rule", "kind", "ids", "result", "finding", "evidence", "data_reading"]


def rules() -> pd.DataFrame:
    return metadata_files.read("audit_rules.csv")


def quotations(evidence: str) -> list[str]:
    """The „…“ quotations of a Beleg; quotation marks inside a quotation (the report's own) stay in it."""
    found, depth, start = [], 0, 0
    for i, char in enumerate(evidence):
        if char == "„":
            depth += 1
            if depth == 1:
                start = i + 1
        elif char == "“" and depth:
            depth -= 1
            if depth == 0:
                found.append(evidence[start:i])
    return found


def parse_printed(text: str):
    """'54,5' → (54.5, 1 decimal); '>33' → (33, 0); '2-3' → ((2, 3), 0)."""
    text = text.strip().lstrip(">").strip()
    if "-" in text:
        low, high = text.split("-")
        return (float(low), float(high)), 0
    decimals = len(text.split(",")[1]) if "," in text else 0
    return float(text.replace(",", ".")), decimals


def _pct(k: int, n: int, decimals: int = 1) -> str:
    return fmt.percent(k / n, decimals)


def _exact(k: int, n: int) -> str:
    """k/n in percent as it is (18,75 %), cut to two decimals where it does not end (45,45 %)."""
    value = Decimal(100 * k) / Decimal(n)
    decimals = next((d for d in range(3) if value == value.quantize(Decimal(1).scaleb(-d))), 2)
    return fmt.percent(k / n, decimals)


def _places(d: int) -> str:
    return {0: "ganze Prozent", 1: "eine Nachkommastelle"}.get(d, f"{d} Nachkommastellen")


def _rounded_twice(k: int, n: int, d: int) -> float:
    """Half-up to d + 1 decimals first, then to d: 10/22 = 45,45 → 45,5 → 46."""
    return float(fmt.round_half_up(float(fmt.round_half_up(100 * k / n, d + 1)), d))


def _check_share(printed: str, n: int, finer: list[str] = ()):
    """`finer`: printed shares elsewhere in the report with more decimals — why rounding twice is plausible."""
    value, d = parse_printed(printed)
    fits = [k for k in range(n + 1) if float(fmt.round_half_up(100 * k / n, d)) == value]
    if fits:
        k = fits[0]
        return OK, f"{printed} % folgt aus {k} von {n} ({_pct(k, n)})."
    below = max(k for k in range(n + 1) if 100 * k / n < value) if value > 0 else 0
    above = below + 1
    text = (f"{printed} % folgt aus keiner ganzen Zahl von {n}: {below} von {n} ergibt {_pct(below, n)} "
            f"(gerundet {fmt.percent(below / n, d)})")
    if above <= n:
        text += f", {above} von {n} ergibt {_pct(above, n)} (gerundet {fmt.percent(above / n, d)})"
    truncated = [k for k in range(n + 1) if math.floor(100 * k / n * 10 ** d) / 10 ** d == value]
    if truncated:
        text += f"; abgeschnitten statt gerundet passt {truncated[0]} von {n}"
    twice = [k for k in range(n + 1) if _rounded_twice(k, n, d) == value]
    if twice:
        k = twice[0]
        text += (f"; zweimal gerundet (erst auf {_places(d + 1)}, dann auf {_places(d)}) passt {k} von {n}: "
                 f"{_exact(k, n)} → {_pct(k, n, d + 1)} → {printed}\u00a0%")
        if finer:
            text += f"; auf {_places(d + 1)} gerundete Anteile druckt der Bericht auch sonst: {', '.join(finer)}"
    return CONTRADICTION, text + "."


def _resolve_n(ref: str, dataset) -> int:
    if ref.startswith("register:"):
        return int((dataset.register["type"] == ref.split(":", 1)[1]).sum())
    return int(ref)


def _value(token: str, printed: dict[str, str]) -> float:
    if token in printed:
        return parse_printed(printed[token])[0]
    return float(token)


def _label(token: str, printed: dict[str, str]) -> str:
    return f"{printed[token]} ({labels().get(token, token)})" if token in printed else token


def _data_reading(ids: list[str], findings: pd.DataFrame | None) -> str:
    if findings is None:
        return ""
    table = findings.set_index("id")
    parts = []
    for i in ids:
        if i in table.index:
            row = table.loc[i]
            frac = f" = {int(row['numerator'])} von {int(row['denominator'])}" \
                if pd.notna(row["denominator"]) and pd.notna(row["numerator"]) else ""
            parts.append(f"{labels().get(i, i)}: {row['display']}{frac}")
    return "; ".join(parts)


def _optional(rule, column: str) -> str:
    """An optional column of audit_rules.csv; a rule table without it (or an empty cell) gives ''."""
    value = getattr(rule, column, "")
    return value.strip() if isinstance(value, str) else ""


def _reading(text: str) -> tuple[float, str]:
    """Lesart '+1: explanation' → (1.0, 'explanation'); the term may be negative ('-1' or '−1')."""
    match = re.fullmatch(r"\s*([+\-−]\s*\d+(?:,\d+)?)\s*:\s*(.+?)\s*", text)
    if not match:
        raise ValueError(f"Lesart {text!r} in audit_rules.csv hat nicht die Form „+1: Erklärung“")
    return float(match.group(1).replace("−", "-").replace(",", ".").replace(" ", "")), match.group(2)


def _signed(term: float) -> str:
    return ("+ " if term >= 0 else "− ") + fmt.number(abs(term))


def _share(rule, ids, printed, dataset, finer):
    return _check_share(printed[ids[0]], _resolve_n(rule.Bezug, dataset), finer)


def _share_at_least(rule, ids, printed, dataset, finer):
    n = _resolve_n(rule.Bezug, dataset)
    value, _ = parse_printed(printed[ids[0]])
    k = next(k for k in range(n + 1) if 100 * k / n > value)
    return OK, f"„mehr als {printed[ids[0]].lstrip('>')} %“ heißt bei n = {n} mindestens {k} Kommunen ({_pct(k, n)})."


def _common_n(rule, ids, printed, dataset, finer):
    """Bezug '16': the n the report gives (checked); '10-30': n not given, the smallest that fits (a Hinweis)."""
    values = [parse_printed(printed[i]) for i in ids]
    shares = ", ".join(printed[i] + " %" for i in ids)

    def counts(n):
        found = [next((k for k in range(n + 1) if float(fmt.round_half_up(100 * k / n, d)) == v), None)
                 for v, d in values]
        return None if None in found else found

    if "-" not in rule.Bezug:
        n = int(rule.Bezug)
        found = counts(n)
        if found is None:
            return CONTRADICTION, f"Die Anteile {shares} folgen nicht alle aus ganzen Zahlen von n = {n}."
        return OK, f"{shares} folgen zusammen aus n = {n}: " + ", ".join(
            f"{k} von {n} ({_exact(k, n)})" for k in found) + "."
    low, high = (int(x) for x in rule.Bezug.split("-"))
    n = next((n for n in range(low, high + 1) if counts(n) is not None), None)
    if n is None:
        return CONTRADICTION, f"Kein n zwischen {low} und {high} erklärt alle Anteile zugleich."
    return NOTE, (f"n ist nicht angegeben; die Anteile {shares} passen zusammen erst ab n = {n} "
                  f"({', '.join(f'{k} von {n}' for k in counts(n))}).")


def _sum(rule, ids, printed, dataset, finer):
    """Without Lesart a gap is a Widerspruch; a Lesart whose term closes it makes it a Hinweis that names it."""
    total = _value(rule.Bezug, printed)
    parts = sum(_value(t, printed) for t in ids)
    expr = " + ".join(_label(t, printed) for t in ids)
    if math.isclose(parts, total):
        return OK, f"{expr} = {fmt.number(parts)} wie angegeben."
    text = f"{expr} = {fmt.number(parts)}, angegeben ist {_label(rule.Bezug, printed)}"
    lesart = _optional(rule, "Lesart")
    if not lesart:
        return CONTRADICTION, text + "."
    term, why = _reading(lesart)
    calc = f"{fmt.number(parts)} {_signed(term)} = {fmt.number(parts + term)}"
    if math.isclose(parts + term, total):
        return NOTE, f"{text}; gewählte Lesart (data/raw/README.md): {why} ({calc}) wie angegeben."
    return CONTRADICTION, (f"{text}; auch nach der gewählten Lesart (data/raw/README.md) – {why} – "
                           f"ergibt sich nur {calc}.")


def _equal(rule, ids, printed, dataset, finer):
    a, b = _value(ids[0], printed), _value(rule.Bezug, printed)
    if math.isclose(a, b):
        return OK, f"{_label(ids[0], printed)} = {_label(rule.Bezug, printed)}."
    return CONTRADICTION, f"{_label(ids[0], printed)} ≠ {_label(rule.Bezug, printed)}."


def _month_year(rule, ids, printed, dataset, finer):
    (m_low, m_high), _ = parse_printed(printed[ids[0]])
    (y_low, y_high), _ = parse_printed(printed[rule.Bezug])
    if (y_low, y_high) == (12 * m_low, 12 * m_high):
        return OK, f"{printed[rule.Bezug]} pro Jahr = 12 × {printed[ids[0]]} pro Monat."
    return CONTRADICTION, f"{printed[rule.Bezug]} pro Jahr ≠ 12 × {printed[ids[0]]} pro Monat."


def _footnote_marker(rule, ids, printed, dataset, finer):
    """Bezug is the number as the text version gives it ('277'); ids[0] its reading (27), further ids print it too.

    A superscript footnote marker loses its position in the text extraction and runs into the number:
    that is an artefact to explain (Hinweis), not a contradiction of the report."""
    read, extracted = printed[ids[0]], rule.Bezug.strip()
    others = [i for i in ids[1:] if not math.isclose(_value(i, printed), _value(ids[0], printed))]
    if extracted == read:
        return OK, f"Die Textfassung gibt {read} wie gedruckt."
    marker = extracted[len(read):]
    if not extracted.startswith(read) or not marker.isdigit():
        return CONTRADICTION, f"„{extracted}“ lässt sich nicht als {read} mit Fußnotenzeichen lesen."
    if others:
        return CONTRADICTION, (f"„{extracted}“ ist {read} mit dem Fußnotenzeichen {marker}, aber "
                               + ", ".join(_label(i, printed) for i in others) + f" ≠ {read}.")
    same = ", ".join(_label(i, printed) for i in ids[1:])
    return NOTE, (f"„{extracted}“ in der Textfassung ist {read} mit dem Fußnotenzeichen {marker} – ein Artefakt der "
                  f"Textextraktion, kein Widerspruch des Berichts; gelesen wird {read}"
                  + (f", übereinstimmend mit {same}" if same else "") + ".")


def _coded(dataset, indicator: str, value: str | None = None) -> set:
    """Programme municipalities whose documents carry the code by the reporting date (the code matrix's reading,
    derived once per dataset: findings.base.municipalities_with)."""
    return municipalities_with(dataset, indicator, value)


def _latest_state(rule, ids, printed, dataset, finer):
    """The printed share (ids[0]) over Bezug counts the latest status (ids[1] 'indicator=value'); the code itself
    may be carried by more municipalities, whose later-dated documents say otherwise (the code matrix counts them)."""
    from evaluation.findings.sustainability import latest_status
    indicator, value = ids[1].split("=", 1)
    n = _resolve_n(rule.Bezug, dataset)
    share, d = parse_printed(printed[ids[0]])
    fits = [k for k in range(n + 1) if float(fmt.round_half_up(100 * k / n, d)) == share]
    if not fits:
        return CONTRADICTION, f"{printed[ids[0]]} % folgt aus keiner ganzen Zahl von {n}."
    coded = _coded(dataset, indicator, value)
    latest = latest_status(dataset, indicator)
    now = int((latest[latest.index.isin(dataset.municipalities["municipality_id"])] == value).sum())
    text = (f"{printed[ids[0]]} % sind {fits[0]} von {n} Kommunen mit dem letzten Stand „{value}“. Zum Stichtag "
            f"tragen die Dokumente von {len(coded)} Kommunen den Code „{value}“, bei {now} ist er der letzte Stand")
    if len(coded) > now:
        return NOTE, (text + f", bei {len(coded) - now} gilt ein später datiertes Dokument. Die Code-Matrix "
                      "(Anlage B) zählt jede Kommune, die den Code trägt; der Text zählt den letzten Stand.")
    return OK, text + "."


def _majority(rule, ids, printed, dataset, finer):
    """„Mehrzahl“: more than half of the programme municipalities carry the code (Kennungen: the indicator)."""
    n, k = len(dataset.municipalities), len(_coded(dataset, ids[0]))
    text = f"{k} von {n} Kommunen ({_pct(k, n) if n else '–'}) tragen den Code zum Stichtag"
    if n and 2 * k > n:
        return OK, text + ": eine Mehrzahl wie angegeben."
    if str(dataset.reporting_date) < REPORT_DATE:
        return NOTE, text + f": noch keine Mehrzahl; der Werkreport beschreibt den Stand vom {fmt.date(REPORT_DATE)}."
    return CONTRADICTION, text + ": keine Mehrzahl."


def _follows(rule, ids, printed, dataset, finer):
    """Deepening model areas (Bezug: their kind) begin after their municipality's own funding ends."""
    areas, m = dataset.model_areas, dataset.municipalities.set_index("municipality_id")
    deep = areas[areas["kind"] == rule.Bezug]
    programme = set(areas.loc[areas["kind"] != rule.Bezug, "municipality_id"])
    inside = deep["municipality_id"].isin(programme)
    alone = deep[~inside]
    overlap = deep[inside & (deep["start"] <= deep["municipality_id"].map(m["funding_end"]))]
    following = len(deep) - len(alone) - len(overlap)
    text = f"{following} von {len(deep)} Vertiefungsphasen beginnen nach der Förderphase ihrer Kommune"
    if len(overlap):
        return CONTRADICTION, text + "; vor deren Ende beginnen " + fmt.listing(list(overlap["model_area"])) + "."
    if len(alone):
        names = fmt.listing([f"„{a}“ ({fmt.date(str(s))}–{fmt.date(str(e))})" for a, s, e in
                         zip(alone["model_area"], alone["start"], alone["end"])])
        return NOTE, text + f"; ohne eigene Förderphase davor, also an nichts anschließend: {names}."
    return OK, text + "."


KINDS = {"anteil": _share, "anteil_mindestens": _share_at_least, "gemeinsames_n": _common_n, "summe": _sum,
         "gleich": _equal, "monat_jahr": _month_year, "fussnotenzeichen": _footnote_marker,
         "letzter_stand": _latest_state, "mehrzahl": _majority, "anschluss": _follows}


def _finer_shares(printed_table: pd.DataFrame) -> dict[int, list[str]]:
    """decimals → printed shares with more decimals than that ('54,5 % (label)'); needs the unit column."""
    if "unit" not in printed_table:
        return {}
    shares = [(i, v, parse_printed(v)[1]) for i, v, u in
              zip(printed_table["id"], printed_table["printed_value"], printed_table["unit"]) if u == "percent"]
    return {d: [f"{v} % ({labels().get(i, i)})" for i, v, dv in shares if dv > d] for d in {dv for *_, dv in shares}}


def run(dataset, findings: pd.DataFrame | None = None, printed_table: pd.DataFrame | None = None,
        rule_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Apply every rule to the printed values; `findings` adds what the data give."""
    printed_table = published() if printed_table is None else printed_table
    printed = dict(zip(printed_table["id"], printed_table["printed_value"]))
    finer = _finer_shares(printed_table)
    out = []
    for rule in (rules() if rule_table is None else rule_table).itertuples(index=False):
        if rule.Art not in KINDS:
            raise ValueError(f"unbekannte Regelart {rule.Art!r} in audit_rules.csv")
        if _optional(rule, "Lesart") and rule.Art != "summe":
            raise ValueError(f"{rule.Regel}: eine Lesart gibt es in audit_rules.csv nur für Regeln der Art summe")
        ids = rule.Kennungen.split()
        more_decimals = finer.get(parse_printed(printed[ids[0]])[1], []) if rule.Art == "anteil" else []
        result, text = KINDS[rule.Art](rule, ids, printed, dataset, more_decimals)
        involved = ids + ([rule.Bezug] if rule.Bezug in printed else [])
        involved = [i for i in involved if i in printed]
        out.append((rule.Regel, rule.Art, " ".join(involved), result, f"{rule.Beschreibung}: {text}",
                    _optional(rule, "Beleg"), _data_reading(involved, findings)))
    return pd.DataFrame(out, columns=COLUMNS)

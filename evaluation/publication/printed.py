"""What the Werkreport printed for a share, when its rounding differs from this evaluation's (Rundungsdifferenz).

The chapters print the report's own value where the report printed one and the counts are the report's
(the default reporting date), and footnote the recomputed share and the rounding that gives the printed
number. The printed value comes from the reference table (metadata/published_figures.csv), the rounding
from the audit's explanation (appendix.rounding_rule) – nothing is typed into the prose.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evaluation import formatting as fmt
from evaluation.publication import audit
from evaluation.publication.appendix import rounding_rule
from evaluation.publication.registry import published
from evaluation.reporting_date import DEFAULT as REPORT_DATE


@dataclass(frozen=True)
class Printed:
    """A share as the report printed it, with what a footnote needs to explain the difference."""
    finding_id: str     # id in metadata/published_figures.csv
    printed: str        # '46 %' – the report's value
    count: int
    n: int
    exact: str          # '45,5 %' – the recomputed share, one decimal more than printed
    half_up: str        # '45 %' – the recomputed share rounded half-up to the printed decimals
    rule: str           # 'zweimal gerundet: 45,45 % → 45,5 % → 46 %' – the audit's explanation

    def footnote(self) -> str:
        """'Nachgerechnet 10 von 22 = 45,5 %, kaufmännisch gerundet 45 %; der Werkreport druckt 46 % (…).'"""
        return (f"Rundungsdifferenz: Nachgerechnet {fmt.number(self.count)} von {fmt.number(self.n)} = {self.exact}, "
                f"kaufmännisch gerundet {self.half_up}; der Werkreport druckt {self.printed} ({self.rule}).")


def rounding_difference(finding_id: str, count: int, n: int, reporting_date: str) -> Printed | None:
    """The report's printed share of `finding_id` if count/n are what it printed at its date and only the
    rounding differs; None at another date, for another count, or when half-up rounding gives the printed value."""
    if str(reporting_date)[:10] != REPORT_DATE or not n:
        return None
    rows = published()
    row = rows[(rows["id"] == finding_id) & (rows["unit"] == "percent")]
    if row.empty:
        return None
    value = str(row["printed_value"].iloc[0])
    rule = rounding_rule(count, n, value)
    if not rule:
        return None
    _, decimals = audit.parse_printed(value)
    share = count / n
    return Printed(finding_id=finding_id, printed=f"{value.strip()}\u00a0%", count=int(count), n=int(n),
                   exact=fmt.percent(share, decimals + 1), half_up=fmt.percent(share, decimals), rule=rule)


class RoundingDifferences(Mapping):
    """Finding id → Printed for every published share of the dataset's date whose printed value differs from this
    evaluation's only by the report's rounding; empty at another reporting date.

    A finding is computed when its id is asked for: a chapter asks for the few shares it prints, and computing
    all of them would read the code matrix and the activity log into a chapter about offers.
    """

    def __init__(self, ds):
        self._ds = ds

    def _ids(self) -> list[str]:
        if str(self._ds.reporting_date)[:10] != REPORT_DATE:
            return []  # the report printed its values for its own date only (rounding_difference)
        rows = published()
        return list(rows.loc[rows["unit"] == "percent", "id"])

    def __getitem__(self, finding_id: str) -> Printed:
        from evaluation.publication.registry import FINDINGS
        if finding_id not in self._ids():
            raise KeyError(finding_id)
        count = FINDINGS[finding_id](self._ds)
        printed = None if count.share is None else rounding_difference(
            finding_id, int(count.numerator), int(count.denominator), self._ds.reporting_date)
        if printed is None:
            raise KeyError(finding_id)
        return printed

    def __iter__(self):
        return (finding_id for finding_id in self._ids() if finding_id in self)

    def __contains__(self, finding_id) -> bool:
        try:
            self[finding_id]
        except KeyError:
            return False
        return True

    def __len__(self) -> int:
        return sum(1 for _ in self)


def rounding_differences(ds) -> RoundingDifferences:
    """Every published share of the dataset's date whose printed value differs from this evaluation's only by the
    report's rounding: finding id → Printed, each computed when asked for (RoundingDifferences)."""
    return RoundingDifferences(ds)

"""What every table of the Mededeling shares: shares, rounding, year boundaries, code lists."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from werkzorg.domein.datums import AddMonths, add_months

TOTAAL = "totaal"

# Labour-market positions (codes.md) as the uitstroom counts them; a day without a period is
# `onbekend` and so never "uit werkloosheid".
WERKZOEKEND = "werkzoekend"
WERK = ("werk-regulier", "werk-sociale-economie")
WERK_SE = ("werk-sociale-economie",)

# "More than 2 years" werkzoekend, in calendar months as the rules count.
LANGDURIG_WERKZOEKEND_MAANDEN = 24


def jaarbegin(jaar: int) -> date:
    return date(jaar, 1, 1)


def jaareinde(jaar: int) -> date:
    return date(jaar, 12, 31)


def dagen_in_jaar(jaar: int) -> int:
    return (jaareinde(jaar) - jaarbegin(jaar)).days + 1


def round_half_up(value: Fraction, decimals: int = 1) -> Decimal:
    """Round an exact value half up (136.25 -> 136.3), without float error."""
    scale = 10**decimals
    return Decimal(math.floor(value * scale + Fraction(1, 2))) / scale


def pct(teller: int, noemer: int) -> float | None:
    """`teller / noemer` as a percentage with one decimal, rounded half up; None for 0 / 0."""
    if not noemer:
        return None
    return float(round_half_up(Fraction(teller * 100, noemer)))


def aandeel(aantal: int, noemer: int) -> dict[str, Any]:
    """A share cell with its count: `{"aantal": n, "pct": x}`."""
    return {"aantal": aantal, "pct": pct(aantal, noemer)}


def alleen_pct(aantal: int, noemer: int) -> dict[str, Any]:
    """A share cell where only the percentage is reported: `{"pct": x}`."""
    return {"pct": pct(aantal, noemer)}


def actief_op(op: date, van: str = "van", tot: str = "tot") -> Q:
    """Interval `van..tot` (both ends included, empty end open) contains `op`."""
    return Q(**{f"{van}__lte": op}) & (Q(**{f"{tot}__isnull": True}) | Q(**{f"{tot}__gte": op}))


def laatste_dag_met(maanden: int, op: date) -> date:
    """The latest date d with d + `maanden` calendar months on or before `op`.

    Inverts `add_months`, month-end clamping included: for `op` = 2025-02-28 and 6 months it is
    2024-08-31 (31 August + 6 months clamps to 28 February).
    """
    d = add_months(op, -maanden)
    while add_months(date.fromordinal(d.toordinal() + 1), maanden) <= op:
        d = date.fromordinal(d.toordinal() + 1)
    return d


def geboren_tussen_voor_leeftijd(op: date, minimum: int, maximum: int) -> tuple[date, date]:
    """Birth dates (first, last) of people aged `minimum`..`maximum` (inclusive) on `op`.

    A person is N years old once their birth date + 12 x N calendar months has come, so an age
    is a bound on the birth date, computed here so the database filters a date range.
    """
    laatste = laatste_dag_met(12 * minimum, op)
    eerste = date.fromordinal(laatste_dag_met(12 * (maximum + 1), op).toordinal() + 1)
    return eerste, laatste


def rijen(codes: Iterable[str], kolommen: Iterable[str]) -> dict[str, dict[str, Any]]:
    """An all-zero table: one row per code, one 0 per column (zero cells are present)."""
    kolommen = list(kolommen)
    return {code: dict.fromkeys(kolommen, 0) for code in codes}


def kenmerken_van_trajecten(
    trajecten: QuerySet, peilveld: str, kenmerken: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The kenmerken table of a kind of trajectory: per kenmerk (a boolean field of the
    deelnemer) the share of `trajecten` whose participant has it, and the share whose
    participant was werkzoekend more than 24 calendar months before the trajectory's own
    `peilveld` (`AddMonths`, in the database). One aggregate query."""
    kenmerken = tuple(kenmerken)
    t = trajecten.aggregate(
        n=Count("pk"),
        **{k: Count("pk", filter=Q(**{f"deelnemer__{k}": True})) for k in kenmerken},
        langdurig=Count(
            "pk",
            filter=Q(
                deelnemer__werkzoekend_sinds__lt=AddMonths(
                    F(peilveld), -LANGDURIG_WERKZOEKEND_MAANDEN
                )
            ),
        ),
    )
    return {
        **{k: alleen_pct(t[k], t["n"]) for k in kenmerken},
        "langer_dan_2_jaar_werkzoekend": alleen_pct(t["langdurig"], t["n"]),
    }

"""Calendar arithmetic of the counting rules (one home: reports, rules and forms use it)."""

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """The same day number `months` calendar months later, clamped to the month's last day.

    2024-08-31 + 6 months = 2025-02-28.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def active_on(van: date | None, tot: date | None, d: date) -> bool:
    """An interval van..tot includes both ends; an empty end is open."""
    return van is not None and van <= d and (tot is None or tot >= d)


def overlaps(a_van: date, a_tot: date | None, b_van: date, b_tot: date | None) -> bool:
    return (a_tot is None or a_tot >= b_van) and (b_tot is None or b_tot >= a_van)

"""Calendar arithmetic of the counting rules (one home: reports, rules and forms use it)."""

import calendar
from datetime import date
from typing import Any

from django.db import NotSupportedError
from django.db.models import DateField, Func


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


class AddMonths(Func):
    """`add_months` in SQL: the same day `months` calendar months later,
    clamped to the last day of that month (2024-08-31 + 6 months = 2025-02-28).

    PostgreSQL's `date + interval` clamps like that; SQLite's `date()` overflows into the
    next month, so there the day is added to the month's first day and capped at its last day.
    """

    output_field = DateField()
    arity = 1

    def __init__(self, expression: Any, months: int, **extra: Any) -> None:
        self.months = int(months)  # an int inlined in the SQL, never user text
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        n = self.months
        eerste = f"date({sql}, 'start of month', '{n:+d} months')"
        dag = f"'+' || (CAST(strftime('%%d', {sql}) AS INTEGER) - 1) || ' days'"
        laatste = f"date({sql}, 'start of month', '{n + 1:+d} months', '-1 day')"
        return (
            f"MIN(date({eerste}, {dag}), {laatste})",
            (*params, *params, *params),
        )

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        raise NotSupportedError("AddMonths: enkel PostgreSQL en SQLite")

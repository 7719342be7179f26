"""The nl-BE display formats (`nl_BE/formats.py`, FORMAT_MODULE_PATH) and their one Python home.

Templates write `{{ d|date:"SHORT_DATE_FORMAT" }}` (or `{{ d|datum }}` from the `werkzorg`
tag library); Python messages, notes and report texts call `datum(d)` / `datumtijd(dt)`. Both
give `1/03/2026`: the day without, the month with a leading zero. Never `strftime` or
`f"{d:%d/%m/%Y}"` for text people read (that writes `01/03/2026`).
"""

import functools
from collections.abc import Callable
from datetime import date, datetime

from django.utils import dateformat, formats, timezone

# The format characters a day's format usually holds, written without Django's DateFormat
# (about 25 µs a date: a list of 50 rows spent a millisecond on it); any other character, or
# an escaped one, goes through `dateformat.format` as before.
_DAG: dict[str, Callable[[date], str]] = {
    "d": lambda d: f"{d.day:02d}",
    "j": lambda d: str(d.day),
    "m": lambda d: f"{d.month:02d}",
    "n": lambda d: str(d.month),
    "Y": lambda d: f"{d.year:04d}",
    "y": lambda d: f"{d.year % 100:02d}",
}


@functools.lru_cache(maxsize=64)
def _dagopmaak(opmaak: str) -> Callable[[date], str] | None:
    """A function writing a date in `opmaak` (a Django date format), as `dateformat.format`
    does; None when the format needs more than `_DAG` (then Django writes it)."""
    if "\\" in opmaak:
        return None
    delen = dateformat.re_formatchars.split(opmaak)
    stukken: list[Callable[[date], str] | str] = []
    for i, deel in enumerate(delen):
        if i % 2:
            if deel not in _DAG:
                return None
            stukken.append(_DAG[deel])
        elif deel:
            stukken.append(deel)
    return lambda d: "".join(s if isinstance(s, str) else s(d) for s in stukken)


def _korte_datum(waarde: date) -> str:
    opmaak = formats.get_format("SHORT_DATE_FORMAT")
    schrijf = _dagopmaak(opmaak)
    return schrijf(waarde) if schrijf is not None else dateformat.format(waarde, opmaak)


def datum(waarde: date | datetime | None) -> str:
    """`1/03/2026`; a datetime shows its local day; None shows as empty."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        if timezone.is_aware(waarde):
            waarde = timezone.localtime(waarde)
        waarde = waarde.date()
    return _korte_datum(waarde)


def datumtijd(waarde: datetime | None) -> str:
    """`1/03/2026 14:05` in local time; None shows as empty."""
    if waarde is None:
        return ""
    if timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
    return formats.date_format(waarde, "SHORT_DATETIME_FORMAT")

"""The nl-BE display formats (`nl_BE/formats.py`, FORMAT_MODULE_PATH) and their one Python home.

Templates write `{{ d|date:"SHORT_DATE_FORMAT" }}` (or `{{ d|datum }}` from the `werkzorg`
tag library); Python messages, notes and report texts call `datum(d)` / `datumtijd(dt)`. Both
give `1/03/2026`: the day without, the month with a leading zero. Never `strftime` or
`f"{d:%d/%m/%Y}"` for text people read (that writes `01/03/2026`).
"""

from datetime import date, datetime

from django.utils import formats, timezone


def datum(waarde: date | datetime | None) -> str:
    """`1/03/2026`; a datetime shows its local day; None shows as empty."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        if timezone.is_aware(waarde):
            waarde = timezone.localtime(waarde)
        waarde = waarde.date()
    return formats.date_format(waarde, "SHORT_DATE_FORMAT")


def datumtijd(waarde: datetime | None) -> str:
    """`1/03/2026 14:05` in local time; None shows as empty."""
    if waarde is None:
        return ""
    if timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
    return formats.date_format(waarde, "SHORT_DATETIME_FORMAT")

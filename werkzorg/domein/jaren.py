"""The year a report page shows: read from `?jaar=`, never localised, never silently replaced.

Every report page (Mededeling, dashboard, ladder report, AMA SE contingents) reads its year
with `lees_jaar` and shows the one picker `{% jaarkiezer %}` (reporting/templatetags). A year
is an identifier, not a quantity: it goes into links, file names and form values as its four
digits (`jaar_tekst`), never through number localisation (which would print 2.024).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

_JAARTAL = re.compile(r"^\d{4}$")


def jaar_tekst(jaar: int) -> str:
    """The year as its digits (2024), for links, file names and form values."""
    return f"{int(jaar):d}"


@dataclass(frozen=True)
class Jaarkeuze:
    """The year a page shows, the years it offers, and why the asked year was refused.

    `jaar` is None when the asked year was refused (`fout` says why in Dutch): the page then
    shows no figures rather than another year's. `peildatum` is set on pages that have one.
    """

    jaar: int | None
    jaren: tuple[int, ...]
    fout: str = ""
    peildatum: date | None = None
    standaard_peildatum: date | None = None
    extra: dict[str, str] = field(default_factory=dict)  # hidden fields kept by the picker

    @property
    def tekst(self) -> str:
        return jaar_tekst(self.jaar) if self.jaar is not None else ""

    @property
    def afwijkende_peildatum(self) -> bool:
        return (
            self.peildatum is not None
            and self.standaard_peildatum is not None
            and self.peildatum != self.standaard_peildatum
        )


def lees_jaar(
    waarde: str | None, *, jaren: Sequence[int], standaard: int
) -> tuple[int | None, str]:
    """(year, "") for a valid `waarde` (empty: `standaard`), else (None, Dutch message)."""
    if waarde is None or not str(waarde).strip():
        return standaard, ""
    tekst = str(waarde).strip()
    if not _JAARTAL.match(tekst):
        return None, _(
            "‘%(tekst)s’ is geen geldig jaar: geef een jaartal van vier cijfers, "
            "bijvoorbeeld %(voorbeeld)s."
        ) % {"tekst": tekst[:20], "voorbeeld": jaar_tekst(standaard)}
    jaar = int(tekst)
    if jaar not in jaren:
        return None, _(
            "Voor %(jaar)s is er geen rapport: kies een jaar van %(van)s tot en met %(tot)s."
        ) % {"jaar": jaar_tekst(jaar), "van": jaar_tekst(min(jaren)), "tot": jaar_tekst(max(jaren))}
    return jaar, ""

"""The choice lists of organisations and regions that filter forms offer, kept in the cache.

The caseload's filter form lists every region and every organisation that can be casemanager
on every page view; read each time, they were two queries and ~100 rows (~2 ms a page). They
are kept in the cache (`KEUZES_GELDIG` seconds) and forgotten when a region, an organisation or
a membership is saved or deleted (`organisaties.apps`) and after a bundle import. With the
per-process memory cache of a single machine, another process may show the old list until it
expires; with Redis (`CACHE_URL`, production) every process forgets it at once (decision 529).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Q

from organisaties.models import Organisatie
from referentie.models import Regio

KEUZES_GELDIG = 60  # seconds
_REGIO = "wz:keuzes:regio"
_CASEMANAGER = "wz:keuzes:casemanager"
_REGIOS = "wz:regios"
_CODEVOLGORDE = "wz:regios:codevolgorde"


def _bewaard(sleutel: str, lees: Callable[[], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    keuzes: list[tuple[str, str]] | None = cache.get(sleutel)
    if keuzes is None:
        keuzes = lees()
        cache.set(sleutel, keuzes, KEUZES_GELDIG)
    return keuzes


def regio_keuzes() -> list[tuple[str, str]]:
    """Every werk- en zorgregio as (code, name), in the regions' order."""
    return _bewaard(_REGIO, lambda: list(Regio.objects.values_list("code", "naam")))


def regios() -> dict[str, Regio]:
    """Every werk- en zorgregio by code: the caseload shows its rows' region from here instead
    of joining the regions in the page's query (decision 538)."""
    per_code: dict[str, Regio] | None = cache.get(_REGIOS)
    if per_code is None:
        per_code = Regio.objects.in_bulk()
        cache.set(_REGIOS, per_code, KEUZES_GELDIG)
    return per_code


def casemanager_keuzes() -> list[tuple[str, str]]:
    """The organisations that can be casemanager, as (id, name) by name: the GTBs (Werk) and
    the members of a samenwerkingsverband Zorg."""
    return _bewaard(
        _CASEMANAGER,
        lambda: list(
            Organisatie.objects.filter(
                Q(type_id="gtb") | Q(lidmaatschappen__rol="samenwerkingsverband-zorg")
            )
            .distinct()
            .values_list("id", "naam")
        ),
    )


def regiocodes_in_naamvolgorde() -> bool:
    """Whether the regions' codes sort as their names do, in the database's own order (the
    codes of `spec/codes.md` are the names written in lower case with hyphens): a list sorted
    by region can then be read in the order of an index on the code (decision 546)."""
    volgt: bool | None = cache.get(_CODEVOLGORDE)
    if volgt is None:
        volgt = list(Regio.objects.order_by("naam", "code").values_list("code", flat=True)) == list(
            Regio.objects.order_by("code").values_list("code", flat=True)
        )
        cache.set(_CODEVOLGORDE, volgt, KEUZES_GELDIG)
    return volgt


def vergeet_keuzes(**_signaal: Any) -> None:
    """Forget the lists (a receiver of the models' save and delete signals, or called)."""
    cache.delete_many([_REGIO, _CASEMANAGER, _REGIOS, _CODEVOLGORDE])

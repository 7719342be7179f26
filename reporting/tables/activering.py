"""Sections 2 and 4 of the counting rules: activeringstrajecten."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from referentie.models import Eindadvies, Regio
from reporting.tables import uitstroom as _uitstroom
from reporting.tables.common import (
    TOTAAL,
    jaarbegin,
    jaareinde,
    kenmerken_van_trajecten,
    pct,
)
from trajectories.models import Activeringstraject, Objectief
from trajectories.rules import Status
from trajectories.selectors import met_status

# Start of the current toeleidingsperiode: the eindadviezen and uitstroom count from here.
TOELEIDINGSPERIODE_START = date(2023, 7, 1)

# Columns of the status table and the status (trajectories.rules.Status) each one counts.
STATUS_KOLOMMEN: dict[str, Status] = {
    "aanvaard": Status.AANVAARD,
    "bezig": Status.BEZIG,
    "vervroegd_stopgezet": Status.VERVROEGD_STOPGEZET,
    "afgesloten": Status.AFGESLOTEN,
}


def gunningsjaar(jaar: int) -> QuerySet[Activeringstraject]:
    """The trajectories of gunningsjaar `jaar`: aanvaard_op falls in that year."""
    return Activeringstraject.objects.filter(aanvaard_op__range=(jaarbegin(jaar), jaareinde(jaar)))


def activering_status_per_regio(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Status on the peildatum of the trajectories of gunningsjaar `jaar`, per trajectory region.

    The status is `trajectories.selectors.met_status` (last milestone on or before the
    peildatum, as a CASE in the database); one GROUP BY (regio, status) query. `definitief_toegeleid` sums the four
    status columns, `pct_objectief` divides it by the region's objectief for the year (0 when
    the region has none, and then the percentage is null). `totaal` sums the regions and takes
    its percentage from the sums.
    """
    telling = (
        met_status(gunningsjaar(jaar), op=peildatum)
        .values("regio_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    objectieven = dict(Objectief.objects.filter(jaar=jaar).values_list("regio_id", "objectief"))
    regios = list(Regio.objects.values_list("code", flat=True))
    kolom_van = {status.value: kolom for kolom, status in STATUS_KOLOMMEN.items()}
    tellers: dict[str, dict[str, int]] = {
        r: dict.fromkeys(STATUS_KOLOMMEN, 0) for r in [*regios, TOTAAL]
    }
    for rij in telling:
        kolom = kolom_van.get(rij["status"])
        if kolom is None:  # still geinitieerd on a peildatum before the acceptance
            continue
        tellers.setdefault(rij["regio_id"], dict.fromkeys(STATUS_KOLOMMEN, 0))[kolom] += rij["n"]
        tellers[TOTAAL][kolom] += rij["n"]
    objectieven[TOTAAL] = sum(objectieven.get(r, 0) for r in tellers if r != TOTAAL)
    tabel = {}
    for regio, cellen in tellers.items():
        toegeleid = sum(cellen.values())
        objectief = objectieven.get(regio, 0)
        tabel[regio] = {
            **cellen,
            "definitief_toegeleid": toegeleid,
            "pct_objectief": pct(toegeleid, objectief),
            "objectief": objectief,
        }
    return tabel


def activering_geinitieerd_op_jaareinde(jaar: int, peildatum: date) -> int:
    """Trajectories (of any year) whose status on 31 December is geinitieerd."""
    op = jaareinde(jaar)
    # Not yet accepted on `op` is a necessary condition that lets the index on aanvaard_op skip
    # the long-accepted trajectories; the status expression decides.
    nog_niet_aanvaard = Activeringstraject.objects.filter(geinitieerd_op__lte=op).filter(
        Q(aanvaard_op__isnull=True) | Q(aanvaard_op__gt=op)
    )
    return met_status(nog_niet_aanvaard, op=op).filter(status=Status.GEINITIEERD.value).count()


def activering_kenmerken(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Kenmerken of the participants, per trajectory of gunningsjaar `jaar`.

    Shares of armoede, arbeidsbeperking, kortgeschoold, and werkzoekend_sinds more than 24
    calendar months before the trajectory's own aanvaard_op (`AddMonths`, in the database).
    """
    return kenmerken_van_trajecten(
        gunningsjaar(jaar), "aanvaard_op", ("armoede", "arbeidsbeperking", "kortgeschoold")
    )


def afgesloten_in_toeleidingsperiode(jaar: int) -> QuerySet[Activeringstraject]:
    """Trajectories closed from 2023-07-01 to 31 December `jaar` (stopped ones never close)."""
    return Activeringstraject.objects.filter(
        afgesloten_op__range=(TOELEIDINGSPERIODE_START, jaareinde(jaar))
    )


def activering_eindadviezen(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Count and share per eindadvies of the trajectories closed in the toeleidingsperiode."""
    codes = Eindadvies.objects.filter(voor_activering=True).values_list("code", flat=True)
    return _uitstroom.eindadviezen(afgesloten_in_toeleidingsperiode(jaar), codes)


def activering_uitstroom(jaar: int, peildatum: date) -> dict[str, Any]:
    """Position of the participants on closing and 6 months later (see `uitstroom.uitstroom`)."""
    return _uitstroom.uitstroom(
        afgesloten_in_toeleidingsperiode(jaar), peildatum, (0, 6), met_se=False
    )

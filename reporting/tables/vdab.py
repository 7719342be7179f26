"""Section 1 of the counting rules: VDAB bemiddelingsadviezen."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from deelnemers.models import Advies, Deelnemer
from referentie.models import AdviesType, Provincie
from reporting.tables.common import (
    LANGDURIG_WERKZOEKEND_MAANDEN,
    TOTAAL,
    actief_op,
    alleen_pct,
    geboren_tussen_voor_leeftijd,
    jaarbegin,
    jaareinde,
    rijen,
)
from werkzorg.domein.datums import add_months


def vdab_adviezen_per_provincie(jaar: int, peildatum: date) -> dict[str, dict[str, int]]:
    """Participants with an advice active on 31 December, per advice and province of residence.

    A participant with two active advices counts once, under the latest given (latest `van`,
    then highest id): an active advice counts unless a later active advice of the same
    participant exists (NOT EXISTS). Rows are the Flemish provinces; `totaal` sums them, so
    residents of Brussels are in no row.
    """
    op = jaareinde(jaar)
    actief = Advies.objects.filter(actief_op(op))
    later = actief.filter(deelnemer_id=OuterRef("deelnemer_id")).filter(
        Q(van__gt=OuterRef("van")) | Q(van=OuterRef("van"), id__gt=OuterRef("id"))
    )
    telling = (
        actief.filter(deelnemer__provincie__vlaams=True)
        .filter(~Exists(later))
        .values("deelnemer__provincie_id", "advies_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    adviezen = list(AdviesType.objects.values_list("code", flat=True))
    provincies = list(Provincie.objects.filter(vlaams=True).values_list("code", flat=True))
    tabel = rijen([*provincies, TOTAAL], [*adviezen, TOTAAL])
    for rij in telling:
        for provincie in (rij["deelnemer__provincie_id"], TOTAAL):
            cel = tabel[provincie]
            cel[rij["advies_id"]] = cel.get(rij["advies_id"], 0) + rij["n"]
            cel[TOTAAL] += rij["n"]
    return tabel


def vdab_adviezen_kenmerken(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Kenmerken of the participants who were given an advice in the year (each counted once).

    Shares of: werkzoekend_sinds more than 2 years (24 calendar months) before 31 December,
    kortgeschoold, arbeidsbeperking, and aged 25-59 on 31 December (a birth-date range).
    """
    op = jaareinde(jaar)
    gegeven = Advies.objects.filter(
        deelnemer_id=OuterRef("pk"), van__gte=jaarbegin(jaar), van__lte=op
    )
    geboren_van, geboren_tot = geboren_tussen_voor_leeftijd(op, 25, 59)
    t = Deelnemer.objects.filter(Exists(gegeven)).aggregate(
        n=Count("pk"),
        langdurig=Count(
            "pk", filter=Q(werkzoekend_sinds__lt=add_months(op, -LANGDURIG_WERKZOEKEND_MAANDEN))
        ),
        kortgeschoold=Count("pk", filter=Q(kortgeschoold=True)),
        arbeidsbeperking=Count("pk", filter=Q(arbeidsbeperking=True)),
        leeftijd=Count("pk", filter=Q(geboortedatum__range=(geboren_van, geboren_tot))),
    )
    return {
        "langer_dan_2_jaar_werkzoekend": alleen_pct(t["langdurig"], t["n"]),
        "kortgeschoold": alleen_pct(t["kortgeschoold"], t["n"]),
        "arbeidsbeperking": alleen_pct(t["arbeidsbeperking"], t["n"]),
        "leeftijd_25_59": alleen_pct(t["leeftijd"], t["n"]),
    }

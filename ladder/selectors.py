"""Reads of the participatieladder for dossiers and lists."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ladder.models import Ladderplaatsing, Werkvorm


def huidige_trede(qs: QuerySet, *, op: date | None = None) -> QuerySet:
    """Annotate deelnemers with `huidige_trede`: the trede of their latest placement active on
    `op` (today by default), or None. One subquery, no extra query per row."""
    op = op or timezone.localdate()
    laatste = (
        Ladderplaatsing.objects.filter(deelnemer=OuterRef("pk"), start__lte=op)
        .filter(Q(einde__isnull=True) | Q(einde__gte=op))
        .order_by("-start", "-id")
        .values("werkvorm__trede_id")[:1]
    )
    return qs.annotate(huidige_trede=Subquery(laatste))


#: the name the caseload view looks up
met_huidige_trede = huidige_trede


def tijdlijn(deelnemer_id: str) -> list[Ladderplaatsing]:
    """A participant's placements, oldest first, with werkvorm, trede and organisation."""
    return list(
        Ladderplaatsing.objects.filter(deelnemer_id=deelnemer_id)
        .select_related("werkvorm__trede", "organisatie", "regio_wvl", "provincie")
        .order_by("start", "id")
    )


def werkvormen_op(d: date) -> QuerySet[Werkvorm]:
    """Werkvormen that accept a new placement starting on `d`."""
    return (
        Werkvorm.objects.filter(Q(geldig_van__isnull=True) | Q(geldig_van__lte=d))
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gt=d))
        .filter(Q(einde_instroom__isnull=True) | Q(einde_instroom__gt=d))
        .select_related("trede")
        .order_by("trede_id", "volgorde")
    )

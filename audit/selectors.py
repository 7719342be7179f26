"""Reads for the DPO page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Roltoewijzing
from audit.models import DossierInzage


def inzages_van(*, deelnemer_id: str, van: date, tot: date) -> QuerySet[DossierInzage]:
    """Every logged read of dossier `deelnemer_id` from `van` through `tot` (local dates)."""
    begin = timezone.make_aware(datetime.combine(van, time.min))
    einde = timezone.make_aware(datetime.combine(tot + timedelta(days=1), time.min))
    return DossierInzage.objects.filter(
        deelnemer_id=deelnemer_id, tijdstip__gte=begin, tijdstip__lt=einde
    ).order_by("tijdstip", "id")


@dataclass(frozen=True)
class Toegang:
    rol: str
    organisatie: str
    gebruikers: list[str]


def toegangslijst() -> list[Toegang]:
    """Per role and organisation, the active users who hold it: the list of persons with
    access to the personal data (Belgian Data Protection Act of 30 July 2018, art. 9),
    generated from the role assignments themselves so it cannot drift from reality."""
    rijen = (
        Roltoewijzing.objects.filter(user__is_active=True)
        .select_related("user__organisatie")
        .order_by("rol", "user__organisatie__naam", "user__username")
    )
    groepen: dict[tuple[str, str], list[str]] = {}
    for r in rijen:
        org = r.user.organisatie.naam if r.user.organisatie else "—"
        naam = r.user.get_full_name() or r.user.get_username()
        groepen.setdefault((r.get_rol_display(), org), []).append(
            f"{naam} ({r.user.get_username()})"
        )
    return [Toegang(rol, org, users) for (rol, org), users in groepen.items()]

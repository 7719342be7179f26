"""The demo users' second factor: one fixed, public TOTP secret (README.md) and fixed recovery
codes, so that anyone trying the demo can sign in as an admin or coordinator.

Only `manage.py demo_users` sets it, and only on the demo users; `manage.py demo_totp` prints a
code only for an authenticator holding exactly this secret. A real user's authenticator (random
secret, set up by the user) is never readable through either command.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisaties import rules as org_rules
from organisaties.models import Organisatie
from trajectories import rules, services
from trajectories.models import Actie, Activeringstraject

if TYPE_CHECKING:
    from organisaties.models import Organisatie

#: Base32, 20 bytes. Public: add it to an authenticator app, or use `manage.py demo_totp`.
DEMO_TOTP_GEHEIM = "WERKZORGDEMOTOTPWERKZORGDEMOTOTP"
#: Seed of the demo recovery codes (allauth derives the 10 codes from it).
DEMO_HERSTEL_SEED = "werkzorg-demo-herstelcodes-werkzorg-demo-herstelcodes-2024-ab"


@transaction.atomic
def activeer_demo_totp(user: User) -> None:
    """Give `user` the demo authenticator app and fresh demo recovery codes (idempotent)."""
    Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).delete()
    TOTP.activate(user, DEMO_TOTP_GEHEIM)
    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": encrypt(DEMO_HERSTEL_SEED), "used_mask": 0},
    )


def heeft_demo_totp(user: User) -> bool:
    """Does `user`'s authenticator app hold the public demo secret (and nothing else)?"""
    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return auth is not None and decrypt(auth.data["secret"]) == DEMO_TOTP_GEHEIM


def demo_code(nu: float | None = None) -> tuple[str, int]:
    """The demo TOTP code now, and the seconds it stays valid (allauth's own TOTP functions)."""
    nu = time.time() if nu is None else nu
    periode = mfa_settings.TOTP_PERIOD
    teller = int(nu) // periode
    return format_hotp_value(hotp_value(DEMO_TOTP_GEHEIM, teller)), periode - int(nu) % periode


# --- the network's demo users (dienstverleners werk and zorg) -------------------------------

#: Organisation types that act as werkactoren / zorgactoren in a network (the Mededeling).
WERKACTOR_TYPES = ("gob", "maatwerkbedrijf", "andere")
ZORGACTOR_TYPES = ("cgg", "psychiatrisch-ziekenhuis", "beschut-wonen", "caw", "ocmw")


def demo_dienstverleners(netwerk_id: str) -> tuple[Organisatie | None, Organisatie | None]:
    """A werkactor and a zorgactor that are partners of `netwerk_id` (the imported bundle)."""
    vandaag = timezone.localdate()
    leden = (
        Organisatie.objects.filter(
            lidmaatschappen__rol="netwerk", lidmaatschappen__netwerk_id=netwerk_id
        )
        .distinct()
        .order_by("id")
        .prefetch_related("lidmaatschappen")
    )

    def eerste(types: tuple[str, ...]) -> Organisatie | None:
        # A partner today (the rule `voeg_actie_toe` checks), not only once.
        return next(
            (
                o
                for o in leden.filter(type_id__in=types)
                if not org_rules.netwerkpartner_fouten(o.lidmaatschappen.all(), netwerk_id, vandaag)
            ),
            None,
        )

    return eerste(WERKACTOR_TYPES), eerste(ZORGACTOR_TYPES)


def maak_demo_acties(
    *, door: User, netwerk_id: str | None, werk: Organisatie, zorg: Organisatie
) -> int:
    """Give the demo dienstverleners acties in open trajectories of their network (through the
    trajectory services, so they get their opdrachten and notifications). Idempotent: nothing
    is added once the werkactor has acties. Returns the number of acties added."""
    if Actie.objects.filter(dienstverlener=werk).exists():
        return 0
    open_ = [
        t
        for t in Activeringstraject.objects.filter(regio__netwerk_id=netwerk_id)
        .exclude(aanvaard_op=None)
        .filter(afgesloten_op=None, stopgezet_op=None)
        .order_by("bezig_op", "-aanvaard_op", "id")[:20]
        if rules.activering_status(t) in rules.PLAN_WIJZIGBAAR
    ]
    n = 0
    for t in open_[:3]:
        werkdoel = services.voeg_doelstelling_toe(
            door=door, traject_id=t.pk, soort="werk", omschrijving="Een passende werkplek vinden"
        )
        services.voeg_actie_toe(
            door=door,
            doelstelling_id=werkdoel.pk,
            dienstverlener_id=werk.pk,
            omschrijving="Competenties in kaart brengen en een stageplaats zoeken",
        )
        zorgdoel = services.voeg_doelstelling_toe(
            door=door, traject_id=t.pk, soort="zorg", omschrijving="Stabiele dagstructuur"
        )
        services.voeg_actie_toe(
            door=door,
            doelstelling_id=zorgdoel.pk,
            dienstverlener_id=zorg.pk,
            omschrijving="Wekelijkse begeleiding",
        )
        n += 2
    return n

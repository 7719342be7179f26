"""Small builders for the reporting tests: users with roles, trajectories, contingents."""

from __future__ import annotations

import itertools
from datetime import date

from accounts.models import Rol, Roltoewijzing, User
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from referentie.models import Regio
from tests.mfa import zo_nodig_totp
from trajectories.models import Activeringstraject, AmaSeTraject, Contingent, Objectief

_teller = itertools.count(1)


def gebruiker(
    *rollen: str, regios: list[str] | None = None, netwerk: str | None = None, **extra
) -> User:  # noqa: ANN003
    n = next(_teller)
    user = User.objects.create_user(
        username=f"gebruiker{n}", password="een-lang-wachtwoord-123", **extra
    )
    for rol in rollen:
        toewijzing = Roltoewijzing.objects.create(user=user, rol=rol, netwerk_id=netwerk)
        if regios:
            toewijzing.regios.set(regios)
    return zo_nodig_totp(user)


def admin() -> User:
    return gebruiker(Rol.ADMIN)


def deelnemer(regio: str = "kempen") -> Deelnemer:
    r = Regio.objects.get(code=regio)
    return Deelnemer.objects.create(
        id=f"D{next(_teller)}", geboortedatum=date(1985, 5, 1), provincie_id=r.provincie_id, regio=r
    )


def traject(
    regio: str,
    *,
    geinitieerd_op: date,
    aanvaard_op: date | None = None,
    bezig_op: date | None = None,
    afgesloten_op: date | None = None,
    stopgezet_op: date | None = None,
) -> Activeringstraject:
    return Activeringstraject.objects.create(
        id=f"AT{next(_teller)}",
        deelnemer=deelnemer(regio),
        regio_id=regio,
        geinitieerd_op=geinitieerd_op,
        aanvaard_op=aanvaard_op,
        bezig_op=bezig_op,
        afgesloten_op=afgesloten_op,
        eindadvies_id="REC" if afgesloten_op else None,
        stopgezet_op=stopgezet_op,
        stopreden_id="andere" if stopgezet_op else None,
    )


def objectief(regio: str, jaar: int, aantal: int) -> Objectief:
    return Objectief.objects.create(regio_id=regio, jaar=jaar, objectief=aantal)


def begeleider_ama_se(naam: str = "Maatwerkbedrijf", provincie: str = "antwerpen") -> Organisatie:
    return Organisatie.objects.create(
        id=f"ORG{next(_teller)}", naam=naam, type_id="maatwerkbedrijf", provincie_id=provincie
    )


def contingent(org: Organisatie, jaar: int, plaatsen: int) -> Contingent:
    return Contingent.objects.create(organisatie=org, jaar=jaar, plaatsen=plaatsen)


def ama_se_traject(
    org: Organisatie, gematcht_op: date, afgesloten_op: date | None = None
) -> AmaSeTraject:
    return AmaSeTraject.objects.create(
        id=f"SE{next(_teller)}",
        deelnemer=deelnemer(),
        begeleider=org,
        gematcht_op=gematcht_op,
        afgesloten_op=afgesloten_op,
        eindadvies_id="REC" if afgesloten_op else None,
    )

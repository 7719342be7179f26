"""Small builders for the web tests: organisations, users with a role, dossiers, trajectories."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from accounts.models import Roltoewijzing, User
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from referentie.models import Regio
from tests.mfa import zo_nodig_totp
from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

_seq = itertools.count(1)
WACHTWOORD = "Geheim-wachtwoord-123"


def organisatie(
    type_code: str = "gtb", provincie: str = "antwerpen", naam: str = ""
) -> Organisatie:
    n = next(_seq)
    return Organisatie.objects.create(
        id=f"OT{n:05d}", naam=naam or f"Organisatie {n}", type_id=type_code, provincie_id=provincie
    )


def gebruiker(
    rol: str | None,
    org: Organisatie | None = None,
    *,
    regios: list[str] | None = None,
    netwerk: str | None = None,
    username: str = "",
    **extra: Any,
) -> User:
    n = next(_seq)
    user = User.objects.create_user(
        username=username or f"gebruiker{n}", password=WACHTWOORD, organisatie=org, **extra
    )
    if rol:
        t = Roltoewijzing.objects.create(user=user, rol=rol, netwerk_id=netwerk)
        if regios:
            t.regios.set(regios)
    return zo_nodig_totp(user)


def deelnemer(regio: str = "kempen", **velden: Any) -> Deelnemer:
    n = next(_seq)
    r = Regio.objects.get(pk=regio)
    defaults = {
        "id": f"DT{n:06d}",
        "voornaam": f"Voornaam{n}",
        "achternaam": f"Achternaam{n}",
        "geboortedatum": date(1990, 1, 1),
        "provincie_id": r.provincie_id,
        "regio": r,
    }
    defaults.update(velden)
    return Deelnemer.objects.create(**defaults)


def activeringstraject(
    d: Deelnemer,
    *,
    werk: Organisatie | None = None,
    zorg: Organisatie | None = None,
    regio: str | None = None,
    geinitieerd_op: date = date(2025, 1, 6),
    **velden: Any,
) -> Activeringstraject:
    n = next(_seq)
    return Activeringstraject.objects.create(
        id=f"ATT{n:06d}",
        deelnemer=d,
        regio_id=regio or d.regio_id,
        casemanager_werk_org=werk,
        casemanager_zorg_org=zorg,
        geinitieerd_op=geinitieerd_op,
        **velden,
    )


def ama_se(
    d: Deelnemer, begeleider: Organisatie, gematcht_op: date = date(2025, 1, 6)
) -> AmaSeTraject:
    n = next(_seq)
    return AmaSeTraject.objects.create(
        id=f"SET{n:06d}", deelnemer=d, begeleider=begeleider, gematcht_op=gematcht_op
    )


def wvg(
    d: Deelnemer, begeleider: Organisatie, start: date = date(2025, 1, 6)
) -> AmaWvgOvereenkomst:
    n = next(_seq)
    return AmaWvgOvereenkomst.objects.create(
        id=f"WVGT{n:06d}", deelnemer=d, begeleider=begeleider, werkpost="Werkpost", start=start
    )

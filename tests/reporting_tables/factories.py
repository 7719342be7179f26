"""Small factories for the report tests: rows written directly with the ORM.

Defaults describe an ordinary case (a participant in Kempen, Antwerpen); each test overrides
only the date or code that sits on the boundary it checks.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
from organisaties.models import Lidmaatschap, Organisatie
from trajectories.models import (
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Contingent,
    Objectief,
)

_teller = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}{next(_teller):07d}"


def deelnemer(**kw: Any) -> Deelnemer:
    kw.setdefault("geboortedatum", date(1980, 6, 15))
    kw.setdefault("provincie_id", "antwerpen")
    kw.setdefault("regio_id", "kempen")
    return Deelnemer.objects.create(id=_id("D"), **kw)


def advies(d: Deelnemer | None = None, advies: str = "AB", **kw: Any) -> Advies:
    kw.setdefault("van", date(2024, 3, 1))
    kw.setdefault("id", _id("A"))
    return Advies.objects.create(deelnemer=d or deelnemer(), advies_id=advies, **kw)


def positie(d: Deelnemer, positie: str, van: date, tot: date | None = None) -> Arbeidsmarktpositie:
    return Arbeidsmarktpositie.objects.create(deelnemer=d, positie_id=positie, van=van, tot=tot)


def organisatie(type: str = "caw", provincie: str = "antwerpen") -> Organisatie:
    oid = _id("O")
    return Organisatie.objects.create(
        id=oid, naam=f"Organisatie {oid}", type_id=type, provincie_id=provincie
    )


def lidmaatschap(org: Organisatie, rol: str = "netwerk", **kw: Any) -> Lidmaatschap:
    kw.setdefault("van", date(2020, 1, 1))
    if rol in ("netwerk", "netwerkcoordinator"):
        kw.setdefault("netwerk_id", "antwerpen")
    return Lidmaatschap.objects.create(organisatie=org, rol=rol, **kw)


def activeringstraject(d: Deelnemer | None = None, **kw: Any) -> Activeringstraject:
    """A trajectory with the given milestones; eindadvies / stopreden follow their dates."""
    kw.setdefault("regio_id", "kempen")
    kw.setdefault("geinitieerd_op", min(v for k, v in kw.items() if k.endswith("_op") and v))
    if kw.get("afgesloten_op"):
        kw.setdefault("eindadvies_id", "REC")
    if kw.get("stopgezet_op"):
        kw.setdefault("stopreden_id", "andere")
    return Activeringstraject.objects.create(id=_id("AT"), deelnemer=d or deelnemer(), **kw)


def ama_se_traject(begeleider: Organisatie, d: Deelnemer | None = None, **kw: Any) -> AmaSeTraject:
    if kw.get("afgesloten_op"):
        kw.setdefault("eindadvies_id", "REC")
    if kw.get("stopgezet_op"):
        kw.setdefault("stopreden_id", "andere")
    return AmaSeTraject.objects.create(
        id=_id("SE"), deelnemer=d or deelnemer(), begeleider=begeleider, **kw
    )


def wvg(
    begeleider: Organisatie, d: Deelnemer | None = None, *, start: date, einde: date | None = None
) -> AmaWvgOvereenkomst:
    return AmaWvgOvereenkomst.objects.create(
        id=_id("W"),
        deelnemer=d or deelnemer(),
        begeleider=begeleider,
        werkpost="Werkpost",
        start=start,
        einde=einde,
    )


def contingent(org: Organisatie, jaar: int, plaatsen: int) -> Contingent:
    return Contingent.objects.create(organisatie=org, jaar=jaar, plaatsen=plaatsen)


def objectief(regio: str, jaar: int, aantal: int) -> Objectief:
    return Objectief.objects.create(regio_id=regio, jaar=jaar, objectief=aantal)

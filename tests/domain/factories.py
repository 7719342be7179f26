"""Small factories for the domain tests: plain functions, one per status.

They write rows directly (the state a test starts from), never through the services under test.
Dates default to a trajectory that went through its milestones in 2024.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from accounts.models import User
from deelnemers.models import Deelnemer
from organisaties.models import Lidmaatschap, Organisatie
from trajectories.models import (
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Stage,
)

_teller = itertools.count(1)

# A region and its network, and a region of another network (for the "outsider" cases).
REGIO = "kempen"
NETWERK = "antwerpen"
ANDERE_REGIO = "regio-gent"
ANDERE_NETWERK = "oost-vlaanderen"


def _id(prefix: str) -> str:
    return f"{prefix}T{next(_teller):06d}"


def gebruiker(naam: str = "casemanager") -> User:
    # No password: hashing one costs ~0.5 s per test.
    return User.objects.create(username=f"{naam}{next(_teller)}")


def organisatie(type: str = "gtb", **kw: Any) -> Organisatie:
    kw.setdefault("naam", f"Organisatie {next(_teller)}")
    kw.setdefault("provincie_id", "antwerpen")
    return Organisatie.objects.create(id=_id("O"), type_id=type, **kw)


def lidmaatschap(
    org: Organisatie, rol: str, van: date = date(2020, 1, 1), tot: date | None = None, **kw: Any
) -> Lidmaatschap:
    return Lidmaatschap.objects.create(organisatie=org, rol=rol, van=van, tot=tot, **kw)


def netwerkpartner(netwerk: str = NETWERK, type: str = "caw", **kw: Any) -> Organisatie:
    org = organisatie(type)
    lidmaatschap(org, "netwerk", netwerk_id=netwerk, **kw)
    return org


def begeleider_ama_se(**kw: Any) -> Organisatie:
    org = organisatie("maatwerkbedrijf")
    lidmaatschap(org, "begeleider-ama-se", **kw)
    return org


def begeleider_ama_wvg(type: str = "caw", **kw: Any) -> Organisatie:
    org = organisatie(type)
    lidmaatschap(org, "begeleider-ama-wvg", **kw)
    return org


def deelnemer(**kw: Any) -> Deelnemer:
    kw.setdefault("voornaam", "Jan")
    kw.setdefault("achternaam", f"Peeters{next(_teller)}")
    kw.setdefault("geboortedatum", date(1990, 5, 17))
    kw.setdefault("provincie_id", "antwerpen")
    kw.setdefault("regio_id", REGIO)
    return Deelnemer.objects.create(id=_id("D"), **kw)


def traject_geinitieerd(geinitieerd_op: date = date(2024, 1, 10), **kw: Any) -> Activeringstraject:
    kw.setdefault("regio_id", REGIO)
    if "deelnemer" not in kw:
        kw["deelnemer"] = deelnemer()
    return Activeringstraject.objects.create(id=_id("AT"), geinitieerd_op=geinitieerd_op, **kw)


def traject_aanvaard(aanvaard_op: date = date(2024, 2, 1), **kw: Any) -> Activeringstraject:
    kw.setdefault("geinitieerd_op", min(date(2024, 1, 10), aanvaard_op))
    return traject_geinitieerd(aanvaard_op=aanvaard_op, **kw)


def traject_bezig(bezig_op: date = date(2024, 3, 1), **kw: Any) -> Activeringstraject:
    kw.setdefault("aanvaard_op", min(date(2024, 2, 1), bezig_op))
    return traject_aanvaard(bezig_op=bezig_op, **kw)


def traject_afgesloten(
    afgesloten_op: date = date(2025, 3, 1), eindadvies_id: str = "REC", **kw: Any
) -> Activeringstraject:
    return traject_bezig(afgesloten_op=afgesloten_op, eindadvies_id=eindadvies_id, **kw)


def traject_stopgezet(
    stopgezet_op: date = date(2024, 6, 1), stopreden_id: str = "andere", **kw: Any
) -> Activeringstraject:
    return traject_bezig(stopgezet_op=stopgezet_op, stopreden_id=stopreden_id, **kw)


def traject_ingetrokken(ingetrokken_op: date = date(2024, 1, 20), **kw: Any) -> Activeringstraject:
    return traject_geinitieerd(ingetrokken_op=ingetrokken_op, **kw)


def stage(traject: Activeringstraject, start: date = date(2024, 4, 1), **kw: Any) -> Stage:
    kw.setdefault("einde", date(2024, 6, 30))
    kw.setdefault("werkplek", "Kringwinkel")
    return Stage.objects.create(traject=traject, start=start, **kw)


def ama_se_bezig(gematcht_op: date = date(2024, 2, 1), **kw: Any) -> AmaSeTraject:
    if "begeleider" not in kw:
        kw["begeleider"] = begeleider_ama_se()
    if "deelnemer" not in kw:
        kw["deelnemer"] = deelnemer()
    return AmaSeTraject.objects.create(id=_id("SE"), gematcht_op=gematcht_op, **kw)


def ama_se_afgesloten(
    afgesloten_op: date = date(2025, 1, 15), eindadvies_id: str = "AB", **kw: Any
) -> AmaSeTraject:
    return ama_se_bezig(afgesloten_op=afgesloten_op, eindadvies_id=eindadvies_id, **kw)


def wvg_lopend(start: date = date(2024, 3, 1), **kw: Any) -> AmaWvgOvereenkomst:
    if "begeleider" not in kw:
        kw["begeleider"] = begeleider_ama_wvg()
    if "deelnemer" not in kw:
        kw["deelnemer"] = deelnemer()
    kw.setdefault("werkpost", "Stadsmagazijn")
    return AmaWvgOvereenkomst.objects.create(id=_id("WVG"), start=start, **kw)


def wvg_beeindigd(einde: date = date(2024, 12, 31), **kw: Any) -> AmaWvgOvereenkomst:
    return wvg_lopend(einde=einde, **kw)

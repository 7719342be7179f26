"""The test factories: plain functions that write rows directly with the ORM.

They give the state a test starts from, never through the services under test. Every argument
but the one a test is about has a default describing an ordinary case: a participant in Kempen
(Antwerpen), an organisation in Antwerpen, a user with a password and the given roles. A test
overrides only the date or code that sits on the boundary it checks:

    d = f.deelnemer(regio="regio-gent", werkzoekend_sinds=date(2022, 1, 1))
    t = f.activeringstraject(d, werk=gtb, aanvaard_op=date(2024, 3, 1))
    u = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)

Extra keyword arguments go to the model (`f.deelnemer(armoede=True)`); `regio`, `provincie`,
`werk`, `zorg` and `begeleider` name the foreign keys. One factory per status of an activation
trajectory (`traject_geinitieerd` ... `traject_ingetrokken`), an AMA SE-traject and an AMA WVG
agreement gives their milestones in 2024.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from accounts.models import Rol, Roltoewijzing, User
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
from organisaties.models import Lidmaatschap, Organisatie
from referentie.models import Regio
from tests.mfa import zo_nodig_totp
from trajectories.models import (
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Contingent,
    Objectief,
    Stage,
)

# A region and its network, and a region of another network (for the "outsider" cases).
REGIO = "kempen"
NETWERK = "antwerpen"
ANDERE_REGIO = "regio-gent"
ANDERE_NETWERK = "oost-vlaanderen"

WACHTWOORD = "Geheim-wachtwoord-123"
#: The start of a trajectory, AMA SE-traject or agreement when a test names no date.
BEGIN = date(2025, 1, 6)
GEBOREN = date(1990, 1, 1)

_NETWERKROLLEN = ("netwerk", "netwerkcoordinator")
_teller = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}T{next(_teller):06d}"


# --- people and organisations -----------------------------------------------------------------


def gebruiker(
    *rollen: str | None,
    organisatie: Organisatie | None = None,
    regios: list[str] | None = None,
    netwerk: str | None = None,
    username: str = "",
    wachtwoord: str | None = WACHTWOORD,
    **extra: Any,
) -> User:
    """A user holding `rollen` (each for `regios` / `netwerk`; None stands for no role, as in a
    parametrised persona without one), with an authenticator app when the roles require MFA.
    `wachtwoord=None` skips the (slow) hashing for tests that only use `force_login`."""
    onbekend = [r for r in rollen if r is not None and r not in Rol.values]
    assert not onbekend, f"geen rollen: {onbekend} (een organisatie gaat als organisatie=...)"
    user = User.objects.create_user(
        username=username or f"gebruiker{next(_teller)}",
        password=wachtwoord,
        organisatie=organisatie,
        **extra,
    )
    for rol in filter(None, rollen):
        toewijzing = Roltoewijzing.objects.create(user=user, rol=rol, netwerk_id=netwerk)
        if regios:
            toewijzing.regios.set(regios)
    return zo_nodig_totp(user)


def admin() -> User:
    return gebruiker(Rol.ADMIN)


def organisatie(
    type: str = "gtb",
    *,
    id: str = "",
    naam: str = "",
    provincie: str = "antwerpen",
    rol: str | None = None,
    **lid: Any,
) -> Organisatie:
    """An organisation of `type`; with `rol`, also its membership in that role (`lid`: the
    membership's fields, e.g. `netwerk_id`, `regio_id`, `van`)."""
    oid = id or _id("O")
    org = Organisatie.objects.create(
        id=oid, naam=naam or f"Organisatie {oid}", type_id=type, provincie_id=provincie
    )
    if rol:
        lidmaatschap(org, rol, **lid)
    return org


def lidmaatschap(
    org: Organisatie,
    rol: str = "netwerk",
    *,
    van: date = date(2020, 1, 1),
    tot: date | None = None,
    **velden: Any,
) -> Lidmaatschap:
    """A membership since 2020; a network role is in network Antwerpen unless `netwerk_id`."""
    if rol in _NETWERKROLLEN:
        velden.setdefault("netwerk_id", NETWERK)
    return Lidmaatschap.objects.create(organisatie=org, rol=rol, van=van, tot=tot, **velden)


def netwerkpartner(netwerk: str = NETWERK, type: str = "caw", **lid: Any) -> Organisatie:
    return organisatie(type, rol="netwerk", netwerk_id=netwerk, **lid)


def begeleider_ama_se(**lid: Any) -> Organisatie:
    return organisatie("maatwerkbedrijf", rol="begeleider-ama-se", **lid)


def begeleider_ama_wvg(type: str = "caw", **lid: Any) -> Organisatie:
    return organisatie(type, rol="begeleider-ama-wvg", **lid)


def deelnemer(
    regio: str | None = REGIO, *, provincie: str | None = None, **velden: Any
) -> Deelnemer:
    """A participant in `regio`, in the region's province unless `provincie` is given."""
    n = next(_teller)
    if provincie is None:
        provincie = Regio.objects.values_list("provincie_id", flat=True).get(pk=regio)
    velden.setdefault("id", f"DT{n:06d}")
    velden.setdefault("voornaam", f"Voornaam{n}")
    velden.setdefault("achternaam", f"Achternaam{n}")
    velden.setdefault("geboortedatum", GEBOREN)
    return Deelnemer.objects.create(provincie_id=provincie, regio_id=regio, **velden)


def advies(d: Deelnemer | None = None, advies: str = "AB", **velden: Any) -> Advies:
    velden.setdefault("van", date(2024, 3, 1))
    velden.setdefault("id", _id("A"))
    return Advies.objects.create(deelnemer=d or deelnemer(), advies_id=advies, **velden)


def positie(d: Deelnemer, positie: str, van: date, tot: date | None = None) -> Arbeidsmarktpositie:
    return Arbeidsmarktpositie.objects.create(deelnemer=d, positie_id=positie, van=van, tot=tot)


# --- trajectories -----------------------------------------------------------------------------


def _einde_met_reden(velden: dict[str, Any]) -> None:
    # A closed trajectory needs its eindadvies, a stopped one its reason (database constraints).
    if velden.get("afgesloten_op"):
        velden.setdefault("eindadvies_id", "REC")
    if velden.get("stopgezet_op"):
        velden.setdefault("stopreden_id", "andere")


def activeringstraject(
    d: Deelnemer | None = None,
    *,
    regio: str | None = None,
    werk: Organisatie | None = None,
    zorg: Organisatie | None = None,
    **velden: Any,
) -> Activeringstraject:
    """A trajectory of `d` (a new participant) in the participant's region.

    Initiated on `BEGIN`, or on its earliest milestone when that is earlier; a closed or
    stopped one gets eindadvies REC or stopreden `andere` unless given."""
    d = d or deelnemer()
    mijlpalen = [v for k, v in velden.items() if k.endswith("_op") and v]
    velden.setdefault("geinitieerd_op", min([BEGIN, *mijlpalen]))
    velden.setdefault("id", _id("AT"))
    _einde_met_reden(velden)
    return Activeringstraject.objects.create(
        deelnemer=d,
        regio_id=regio or d.regio_id,
        casemanager_werk_org=werk,
        casemanager_zorg_org=zorg,
        **velden,
    )


def traject_geinitieerd(geinitieerd_op: date = date(2024, 1, 10), **kw: Any) -> Activeringstraject:
    return activeringstraject(kw.pop("deelnemer", None), geinitieerd_op=geinitieerd_op, **kw)


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


def stage(traject: Activeringstraject, start: date = date(2024, 4, 1), **velden: Any) -> Stage:
    velden.setdefault("einde", date(2024, 6, 30))
    velden.setdefault("werkplek", "Kringwinkel")
    return Stage.objects.create(traject=traject, start=start, **velden)


def ama_se(
    d: Deelnemer | None = None,
    *,
    begeleider: Organisatie | None = None,
    gematcht_op: date = BEGIN,
    **velden: Any,
) -> AmaSeTraject:
    """An AMA SE-traject of `d` (a new participant) with `begeleider` (a new one)."""
    velden.setdefault("id", _id("SE"))
    _einde_met_reden(velden)
    return AmaSeTraject.objects.create(
        deelnemer=d or deelnemer(),
        begeleider=begeleider or begeleider_ama_se(),
        gematcht_op=gematcht_op,
        **velden,
    )


def ama_se_bezig(gematcht_op: date = date(2024, 2, 1), **kw: Any) -> AmaSeTraject:
    return ama_se(kw.pop("deelnemer", None), gematcht_op=gematcht_op, **kw)


def ama_se_afgesloten(
    afgesloten_op: date = date(2025, 1, 15), eindadvies_id: str = "AB", **kw: Any
) -> AmaSeTraject:
    return ama_se_bezig(afgesloten_op=afgesloten_op, eindadvies_id=eindadvies_id, **kw)


def wvg(
    d: Deelnemer | None = None,
    *,
    begeleider: Organisatie | None = None,
    start: date = BEGIN,
    werkpost: str = "Werkpost",
    **velden: Any,
) -> AmaWvgOvereenkomst:
    """An AMA WVG agreement of `d` (a new participant) with `begeleider` (a new one)."""
    velden.setdefault("id", _id("WVG"))
    return AmaWvgOvereenkomst.objects.create(
        deelnemer=d or deelnemer(),
        begeleider=begeleider or begeleider_ama_wvg(),
        start=start,
        werkpost=werkpost,
        **velden,
    )


def wvg_lopend(start: date = date(2024, 3, 1), **kw: Any) -> AmaWvgOvereenkomst:
    return wvg(kw.pop("deelnemer", None), start=start, **kw)


def wvg_beeindigd(einde: date = date(2024, 12, 31), **kw: Any) -> AmaWvgOvereenkomst:
    return wvg_lopend(einde=einde, **kw)


# --- plans -----------------------------------------------------------------------------------


def contingent(org: Organisatie, jaar: int, plaatsen: int) -> Contingent:
    return Contingent.objects.create(organisatie=org, jaar=jaar, plaatsen=plaatsen)


def objectief(regio: str, jaar: int, aantal: int) -> Objectief:
    return Objectief.objects.create(regio_id=regio, jaar=jaar, objectief=aantal)

"""Personas and one builder per trajectory status for the trajectory web tests.

The world: region Kempen (network Antwerpen). GTB Kempen is casemanager Werk, CAW Kempen
casemanager Zorg (a member of the samenwerkingsverband Zorg), Jobcentrum a partner of the
network. GTB Elders is another GTB: its casemanager is the outsider.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password
from django.test import Client

from accounts.models import Roltoewijzing, User
from deelnemers.models import Deelnemer
from organisaties.models import Lidmaatschap, Organisatie
from tests.mfa import zo_nodig_totp
from trajectories.models import (
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
)

VANDAAG = date(2026, 3, 16)
_seq = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}{next(_seq):05d}"


def organisatie(type_code: str, naam: str, **lid: Any) -> Organisatie:
    org = Organisatie.objects.create(
        id=_id("O"), naam=naam, type_id=type_code, provincie_id="antwerpen"
    )
    if lid:
        Lidmaatschap.objects.create(organisatie=org, van=date(2020, 1, 1), **lid)
    return org


def gebruiker(rol: str, org: Organisatie | None, naam: str) -> User:
    # No password hashing (slow by design): the tests log in with force_login.
    user = User.objects.create(
        username=naam, password=make_password(None), organisatie=org, first_name=naam
    )
    Roltoewijzing.objects.create(user=user, rol=rol)
    return zo_nodig_totp(user)


@dataclass
class Wereld:
    gtb: Organisatie
    andere_gtb: Organisatie
    zorg: Organisatie
    dienstverlener: Organisatie
    buiten_netwerk: Organisatie
    se_begeleider: Organisatie
    andere_se_begeleider: Organisatie
    wvg_begeleider: Organisatie
    andere_wvg_begeleider: Organisatie
    cm_werk: User
    cm_zorg: User
    buitenstaander: User
    se_user: User
    se_buitenstaander: User
    bemiddelaar: User
    wvg_user: User
    wvg_buitenstaander: User
    deelnemer: Deelnemer


def maak_wereld() -> Wereld:
    gtb = organisatie("gtb", "GTB Kempen")
    andere_gtb = organisatie("gtb", "GTB Elders")
    zorg = organisatie("caw", "CAW Kempen", rol="samenwerkingsverband-zorg", regio_id="kempen")
    dienstverlener = organisatie("andere", "Jobcentrum", rol="netwerk", netwerk_id="antwerpen")
    buiten = organisatie("andere", "Limburgse partner", rol="netwerk", netwerk_id="limburg")
    se = organisatie("maatwerkbedrijf", "Maatwerk Noord", rol="begeleider-ama-se")
    se2 = organisatie("maatwerkbedrijf", "Maatwerk Zuid", rol="begeleider-ama-se")
    wvg = organisatie("cgg", "CGG Kempen", rol="begeleider-ama-wvg")
    wvg2 = organisatie("caw", "CAW Elders", rol="begeleider-ama-wvg")
    d = Deelnemer.objects.create(
        id=_id("D"),
        voornaam="An",
        achternaam="Peeters",
        geboortedatum=date(1990, 5, 1),
        provincie_id="antwerpen",
        regio_id="kempen",
    )
    return Wereld(
        gtb=gtb,
        andere_gtb=andere_gtb,
        zorg=zorg,
        dienstverlener=dienstverlener,
        buiten_netwerk=buiten,
        se_begeleider=se,
        andere_se_begeleider=se2,
        wvg_begeleider=wvg,
        andere_wvg_begeleider=wvg2,
        cm_werk=gebruiker("casemanager-werk", gtb, "werk"),
        cm_zorg=gebruiker("casemanager-zorg", zorg, "zorg"),
        buitenstaander=gebruiker("casemanager-werk", andere_gtb, "buiten"),
        se_user=gebruiker("begeleider-ama-se", se, "se"),
        se_buitenstaander=gebruiker("begeleider-ama-se", se2, "se-buiten"),
        bemiddelaar=gebruiker("bemiddelaar-gtb", gtb, "bemiddelaar"),
        wvg_user=gebruiker("begeleider-ama-wvg", wvg, "wvg"),
        wvg_buitenstaander=gebruiker("begeleider-ama-wvg", wvg2, "wvg-buiten"),
        deelnemer=d,
    )


def client_van(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- one builder per status -------------------------------------------------------------------


def geinitieerd(w: Wereld, **velden: Any) -> Activeringstraject:
    return Activeringstraject.objects.create(
        id=_id("AT"),
        deelnemer=w.deelnemer,
        regio_id="kempen",
        casemanager_werk_org=w.gtb,
        casemanager_zorg_org=w.zorg,
        geinitieerd_op=date(2025, 9, 1),
        **velden,
    )


def aanvaard(w: Wereld, **velden: Any) -> Activeringstraject:
    return geinitieerd(w, aanvaard_op=date(2025, 9, 15), **velden)


def bezig(w: Wereld, *, met_stage: bool = False, **velden: Any) -> Activeringstraject:
    t = aanvaard(w, bezig_op=date(2025, 10, 1), **velden)
    Doelstelling.objects.create(traject=t, soort="werk", omschrijving="Halve dagen werken")
    if met_stage:
        Stage.objects.create(
            traject=t, werkplek="Kringwinkel", start=date(2025, 11, 1), einde=date(2026, 2, 1)
        )
    return t


def afgesloten(w: Wereld) -> Activeringstraject:
    t = bezig(w, met_stage=True, afgesloten_op=date(2026, 3, 1), eindadvies_id="REC")
    return t


def ama_se(w: Wereld, **velden: Any) -> AmaSeTraject:
    return AmaSeTraject.objects.create(
        id=_id("SE"),
        deelnemer=w.deelnemer,
        begeleider=w.se_begeleider,
        gematcht_op=date(2025, 6, 2),
        **velden,
    )


def wvg(w: Wereld, **velden: Any) -> AmaWvgOvereenkomst:
    velden.setdefault("begeleider", w.wvg_begeleider)
    return AmaWvgOvereenkomst.objects.create(
        id=_id("WVG"),
        deelnemer=w.deelnemer,
        werkpost="Groendienst",
        start=date(2025, 2, 3),
        **velden,
    )


def html(response: Any) -> str:
    return response.content.decode()


def veld_fout(response: Any, veld: str) -> str:
    """The text of the error list rendered next to form field `veld` (by its id)."""
    m = re.search(
        rf'<ul class="errorlist"[^>]*id="id_{re.escape(veld)}_error"[^>]*>(.*?)</ul>',
        html(response),
        re.S,
    )
    return re.sub(r"<[^>]+>", " ", m.group(1)) if m else ""

"""Personas and one builder per trajectory status for the trajectory web tests.

The world: region Kempen (network Antwerpen). GTB Kempen is casemanager Werk, CAW Kempen
casemanager Zorg (a member of the samenwerkingsverband Zorg), Jobcentrum a partner of the
network. GTB Elders is another GTB: its casemanager is the outsider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client

from accounts.models import User
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from tests import factories as f
from trajectories.models import (
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
)

VANDAAG = date(2026, 3, 16)


def _persona(rol: str, org: Organisatie, naam: str) -> User:
    # No password hashing (slow by design): the tests log in with force_login.
    return f.gebruiker(rol, organisatie=org, username=naam, first_name=naam, wachtwoord=None)


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
    gtb = f.organisatie("gtb", naam="GTB Kempen")
    andere_gtb = f.organisatie("gtb", naam="GTB Elders")
    zorg = f.organisatie(
        "caw", naam="CAW Kempen", rol="samenwerkingsverband-zorg", regio_id="kempen"
    )
    dienstverlener = f.organisatie(
        "andere", naam="Jobcentrum", rol="netwerk", netwerk_id="antwerpen"
    )
    buiten = f.organisatie("andere", naam="Limburgse partner", rol="netwerk", netwerk_id="limburg")
    se = f.organisatie("maatwerkbedrijf", naam="Maatwerk Noord", rol="begeleider-ama-se")
    se2 = f.organisatie("maatwerkbedrijf", naam="Maatwerk Zuid", rol="begeleider-ama-se")
    wvg = f.organisatie("cgg", naam="CGG Kempen", rol="begeleider-ama-wvg")
    wvg2 = f.organisatie("caw", naam="CAW Elders", rol="begeleider-ama-wvg")
    d = f.deelnemer(voornaam="An", achternaam="Peeters", geboortedatum=date(1990, 5, 1))
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
        cm_werk=_persona("casemanager-werk", gtb, "werk"),
        cm_zorg=_persona("casemanager-zorg", zorg, "zorg"),
        buitenstaander=_persona("casemanager-werk", andere_gtb, "buiten"),
        se_user=_persona("begeleider-ama-se", se, "se"),
        se_buitenstaander=_persona("begeleider-ama-se", se2, "se-buiten"),
        bemiddelaar=_persona("bemiddelaar-gtb", gtb, "bemiddelaar"),
        wvg_user=_persona("begeleider-ama-wvg", wvg, "wvg"),
        wvg_buitenstaander=_persona("begeleider-ama-wvg", wvg2, "wvg-buiten"),
        deelnemer=d,
    )


def client_van(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- one builder per status -------------------------------------------------------------------


def geinitieerd(w: Wereld, **velden: Any) -> Activeringstraject:
    return f.activeringstraject(
        w.deelnemer, werk=w.gtb, zorg=w.zorg, geinitieerd_op=date(2025, 9, 1), **velden
    )


def aanvaard(w: Wereld, **velden: Any) -> Activeringstraject:
    return geinitieerd(w, aanvaard_op=date(2025, 9, 15), **velden)


def bezig(w: Wereld, *, met_stage: bool = False, **velden: Any) -> Activeringstraject:
    t = aanvaard(w, bezig_op=date(2025, 10, 1), **velden)
    Doelstelling.objects.create(traject=t, soort="werk", omschrijving="Halve dagen werken")
    if met_stage:
        f.stage(t, start=date(2025, 11, 1), einde=date(2026, 2, 1))
    return t


def afgesloten(w: Wereld) -> Activeringstraject:
    t = bezig(w, met_stage=True, afgesloten_op=date(2026, 3, 1), eindadvies_id="REC")
    return t


def ama_se(w: Wereld, **velden: Any) -> AmaSeTraject:
    return f.ama_se(w.deelnemer, begeleider=w.se_begeleider, gematcht_op=date(2025, 6, 2), **velden)


def wvg(w: Wereld, **velden: Any) -> AmaWvgOvereenkomst:
    velden.setdefault("begeleider", w.wvg_begeleider)
    return f.wvg(w.deelnemer, werkpost="Groendienst", start=date(2025, 2, 3), **velden)


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

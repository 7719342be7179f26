"""A small network: region kempen (network antwerpen) with two partner organisations, an
outsider in another network, casemanagers and a netwerkcoördinator; two trajectories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from accounts.models import Rol, User
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from tests import factories as f
from tests.mfa import zo_nodig_totp
from trajectories import services as traject_services
from trajectories.models import Activeringstraject

VANDAAG = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
INSZ = "88040212345"


@dataclass
class Netwerk:
    orgs: dict[str, Organisatie]
    users: dict[str, User]
    at1: Activeringstraject
    at2: Activeringstraject
    werkactie: Any
    zorgactie: Any
    actie_at2: Any

    def client(self, naam: str) -> Client:
        c = Client()
        c.force_login(zo_nodig_totp(self.users[naam]))
        return c


@pytest.fixture(autouse=True)
def bevroren_tijd():
    with time_machine.travel(VANDAAG, tick=False):
        yield


def _org(pk: str, type_: str, **lid: Any) -> Organisatie:
    return f.organisatie(type_, id=pk, naam=f"Org {pk}", **lid)


def _user(naam: str, org: Organisatie | None, rol: str, netwerk: str | None = None) -> User:
    return f.gebruiker(
        rol,
        organisatie=org,
        netwerk=netwerk,
        username=naam,
        email=f"{naam}@example.invalid",
        wachtwoord=None,
    )


def _traject(pk: str, deelnemer: Deelnemer, gtb: Organisatie, zorg: Organisatie) -> Any:
    return f.activeringstraject(
        deelnemer,
        id=pk,
        werk=gtb,
        zorg=zorg,
        geinitieerd_op=date(2026, 1, 5),
        aanvaard_op=date(2026, 1, 12),
    )


@pytest.fixture
def netwerk(db: Any) -> Netwerk:
    orgs = {
        "gtb": _org("N-GTB", "gtb"),
        "zorg": _org("N-CAW", "caw", rol="samenwerkingsverband-zorg", regio_id="kempen"),
        "werk": _org("N-JOB", "andere", rol="netwerk", netwerk_id="antwerpen"),
        "cgg": _org("N-CGG", "caw", rol="netwerk", netwerk_id="antwerpen"),
        "buiten": _org("N-OUT", "andere", rol="netwerk", netwerk_id="oost-vlaanderen"),
    }
    users = {
        "dv-werk": _user("dv-werk", orgs["werk"], Rol.DIENSTVERLENER_WERK),
        "collega": _user("collega", orgs["werk"], Rol.DIENSTVERLENER_WERK),
        "dv-zorg": _user("dv-zorg", orgs["cgg"], Rol.DIENSTVERLENER_ZORG),
        "buiten": _user("buiten", orgs["buiten"], Rol.DIENSTVERLENER_WERK),
        "cm-werk": _user("cm-werk", orgs["gtb"], Rol.CASEMANAGER_WERK),
        "cm-zorg": _user("cm-zorg", orgs["zorg"], Rol.CASEMANAGER_ZORG),
        "nc": _user("nc", None, Rol.NETWERKCOORDINATOR, netwerk="antwerpen"),
        "nc-ander": _user("nc-ander", None, Rol.NETWERKCOORDINATOR, netwerk="oost-vlaanderen"),
    }
    d1 = f.deelnemer(
        id="ND1", voornaam="Lotte", achternaam="Peeters", insz=INSZ, geboortedatum=date(1988, 4, 2)
    )
    d2 = f.deelnemer(
        id="ND2", voornaam="Jonas", achternaam="Wouters", geboortedatum=date(1990, 1, 1)
    )
    at1 = _traject("NAT1", d1, orgs["gtb"], orgs["zorg"])
    at2 = _traject("NAT2", d2, orgs["gtb"], orgs["zorg"])
    cm = users["cm-werk"]
    werkdoel = traject_services.voeg_doelstelling_toe(
        door=cm, traject_id=at1.pk, soort="werk", omschrijving="Een werkplek vinden"
    )
    zorgdoel = traject_services.voeg_doelstelling_toe(
        door=cm, traject_id=at1.pk, soort="zorg", omschrijving="Stabiel wonen"
    )
    doel2 = traject_services.voeg_doelstelling_toe(
        door=cm, traject_id=at2.pk, soort="zorg", omschrijving="Dagstructuur"
    )
    werkactie = traject_services.voeg_actie_toe(
        door=cm,
        doelstelling_id=werkdoel.pk,
        dienstverlener_id=orgs["werk"].pk,
        omschrijving="Stageplaats zoeken",
    )
    zorgactie = traject_services.voeg_actie_toe(
        door=cm,
        doelstelling_id=zorgdoel.pk,
        dienstverlener_id=orgs["cgg"].pk,
        omschrijving="Begeleiding beschut wonen",
    )
    actie_at2 = traject_services.voeg_actie_toe(
        door=cm,
        doelstelling_id=doel2.pk,
        dienstverlener_id=orgs["cgg"].pk,
        omschrijving="Dagcentrum",
    )
    return Netwerk(orgs, users, at1, at2, werkactie, zorgactie, actie_at2)

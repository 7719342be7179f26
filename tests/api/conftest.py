"""A small world for the API tests: organisations, users per persona, one dossier each.

Personas (healthchecks style): `own` works on the dossier, `colleague` holds the same role in
another organisation (404), `outsider` holds no role (404), `reader` sees the dossier but may
not change it (403 on writes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Roltoewijzing, User
from api.tokens import issue_token
from deelnemers.models import Deelnemer
from ladder.models import Ladderplaatsing, Werkvorm
from organisaties.models import Lidmaatschap, Organisatie
from tests.mfa import zo_nodig_totp
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
)

VANDAAG = date(2025, 6, 15)
REGIO = "regio-antwerpen"


@pytest.fixture(autouse=True)
def _frozen_today() -> Any:
    with time_machine.travel(date(2025, 6, 15), tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_throttle_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def organisatie(id_: str, type_: str, *rollen: str) -> Organisatie:
    org = Organisatie.objects.create(
        id=id_, naam=id_.upper(), type_id=type_, provincie_id="antwerpen"
    )
    for rol in rollen:
        Lidmaatschap.objects.create(
            organisatie=org,
            rol=rol,
            netwerk_id="antwerpen" if rol in ("netwerk", "netwerkcoordinator") else None,
            van=date(2020, 1, 1),
        )
    return org


def gebruiker(
    username: str, org: Organisatie | None, *rollen: str, netwerk: str | None = None
) -> User:
    user = User.objects.create_user(username=username, organisatie=org)
    for rol in rollen:
        Roltoewijzing.objects.create(user=user, rol=rol, netwerk_id=netwerk)
    return zo_nodig_totp(user)


def deelnemer(id_: str) -> Deelnemer:
    return Deelnemer.objects.create(
        id=id_,
        voornaam="Voornaam",
        achternaam=f"Achternaam {id_}",
        geboortedatum=date(1990, 5, 1),
        provincie_id="antwerpen",
        regio_id=REGIO,
    )


def bezig_traject(id_: str, d: Deelnemer, werk_org: Organisatie) -> Activeringstraject:
    return Activeringstraject.objects.create(
        id=id_,
        deelnemer=d,
        regio_id=REGIO,
        casemanager_werk_org=werk_org,
        geinitieerd_op=date(2025, 1, 10),
        aanvaard_op=date(2025, 1, 20),
        bezig_op=date(2025, 2, 1),
    )


@dataclass
class World:
    orgs: dict[str, Organisatie]
    users: dict[str, User]
    ids: dict[str, Any]


@pytest.fixture
def world(db: Any) -> World:
    orgs = {
        "gtb1": organisatie("gtb1", "gtb"),
        "gtb2": organisatie("gtb2", "gtb"),
        "partner": organisatie("partner", "caw", "netwerk"),
        "mwb1": organisatie("mwb1", "maatwerkbedrijf", "begeleider-ama-se"),
        "mwb2": organisatie("mwb2", "maatwerkbedrijf", "begeleider-ama-se"),
        "wvg1": organisatie("wvg1", "caw", "begeleider-ama-wvg"),
        "wvg2": organisatie("wvg2", "caw", "begeleider-ama-wvg"),
        "vdab": organisatie("vdab", "vdab"),
    }
    users = {
        "cm1": gebruiker("cm1", orgs["gtb1"], "casemanager-werk"),
        "cm2": gebruiker("cm2", orgs["gtb2"], "casemanager-werk"),
        "se1": gebruiker("se1", orgs["mwb1"], "begeleider-ama-se"),
        "se2": gebruiker("se2", orgs["mwb2"], "begeleider-ama-se"),
        "wvg1": gebruiker("wvg1", orgs["wvg1"], "begeleider-ama-wvg"),
        "wvg2": gebruiker("wvg2", orgs["wvg2"], "begeleider-ama-wvg"),
        "nc": gebruiker("nc", orgs["partner"], "netwerkcoordinator", netwerk="antwerpen"),
        "outsider": gebruiker("outsider", None),
        "vdab": gebruiker("vdab", orgs["vdab"]),
        "coordinator": gebruiker("coordinator", None, "coordinator"),
        "admin": gebruiker("admin", None, "admin"),
    }
    d1, d2, d3 = deelnemer("D1"), deelnemer("D2"), deelnemer("D3")
    at1 = bezig_traject("AT1", d1, orgs["gtb1"])
    bezig_traject("AT3", d3, orgs["gtb2"])
    doel = Doelstelling.objects.create(traject=at1, soort="werk", omschrijving="Werk zoeken")
    actie = Actie.objects.create(
        doelstelling=doel, dienstverlener=orgs["partner"], omschrijving="Sollicitatietraining"
    )
    stage = Stage.objects.create(
        traject=at1, werkplek="Bakkerij", start=date(2025, 3, 1), einde=date(2025, 5, 31)
    )
    AmaSeTraject.objects.create(
        id="SE1", deelnemer=d1, begeleider=orgs["mwb1"], gematcht_op=date(2025, 3, 1)
    )
    AmaWvgOvereenkomst.objects.create(
        id="W1", deelnemer=d2, begeleider=orgs["wvg1"], werkpost="Kringloop", start=date(2025, 1, 1)
    )
    werkvorm = Werkvorm.objects.filter(
        geldig_van__isnull=True, geldig_tot__isnull=True, einde_instroom__isnull=True
    ).first()
    Ladderplaatsing.objects.create(
        id="LP1", deelnemer=d1, werkvorm=werkvorm, provincie_id="antwerpen", start=date(2025, 1, 1)
    )
    return World(
        orgs=orgs,
        users=users,
        ids={
            "doelstelling": doel.pk,
            "actie": actie.pk,
            "stage": stage.pk,
            "werkvorm": werkvorm.pk,
        },
    )


@pytest.fixture
def client_for() -> Callable[[User | None], APIClient]:
    """An API client signed in (session) as `user`, anonymous for None."""

    def _client(user: User | None) -> APIClient:
        c = APIClient()
        if user is not None:
            c.force_login(user)
        return c

    return _client


@pytest.fixture
def token_client() -> Callable[..., tuple[APIClient, Any]]:
    """A client authenticated with a fresh token of `org` holding `rollen`."""

    def _client(org: Organisatie, *rollen: str, name: str = "systeem") -> tuple[APIClient, Any]:
        token, key = issue_token(organisatie=org, name=name, rollen=rollen, created_by=None)
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return c, token

    return _client

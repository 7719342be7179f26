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

from accounts.models import User
from api.tokens import issue_token
from deelnemers.models import Deelnemer
from ladder.models import Ladderplaatsing, Werkvorm
from organisaties.models import Organisatie
from tests import factories as f
from trajectories.models import (
    Actie,
    Activeringstraject,
    Doelstelling,
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


def _dossier(id_: str) -> Deelnemer:
    return f.deelnemer(
        REGIO,
        id=id_,
        voornaam="Voornaam",
        achternaam=f"Achternaam {id_}",
        geboortedatum=date(1990, 5, 1),
    )


def _bezig_traject(id_: str, d: Deelnemer, werk_org: Organisatie) -> Activeringstraject:
    return f.activeringstraject(
        d,
        id=id_,
        werk=werk_org,
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
        "gtb1": f.organisatie("gtb", id="gtb1", naam="GTB1"),
        "gtb2": f.organisatie("gtb", id="gtb2", naam="GTB2"),
        "partner": f.organisatie("caw", id="partner", naam="PARTNER", rol="netwerk"),
        "mwb1": f.organisatie("maatwerkbedrijf", id="mwb1", naam="MWB1", rol="begeleider-ama-se"),
        "mwb2": f.organisatie("maatwerkbedrijf", id="mwb2", naam="MWB2", rol="begeleider-ama-se"),
        "wvg1": f.organisatie("caw", id="wvg1", naam="WVG1", rol="begeleider-ama-wvg"),
        "wvg2": f.organisatie("caw", id="wvg2", naam="WVG2", rol="begeleider-ama-wvg"),
        "vdab": f.organisatie("vdab", id="vdab", naam="VDAB"),
    }
    users = {
        "cm1": f.gebruiker(
            "casemanager-werk", organisatie=orgs["gtb1"], username="cm1", wachtwoord=None
        ),
        "cm2": f.gebruiker(
            "casemanager-werk", organisatie=orgs["gtb2"], username="cm2", wachtwoord=None
        ),
        "se1": f.gebruiker(
            "begeleider-ama-se", organisatie=orgs["mwb1"], username="se1", wachtwoord=None
        ),
        "se2": f.gebruiker(
            "begeleider-ama-se", organisatie=orgs["mwb2"], username="se2", wachtwoord=None
        ),
        "wvg1": f.gebruiker(
            "begeleider-ama-wvg", organisatie=orgs["wvg1"], username="wvg1", wachtwoord=None
        ),
        "wvg2": f.gebruiker(
            "begeleider-ama-wvg", organisatie=orgs["wvg2"], username="wvg2", wachtwoord=None
        ),
        "nc": f.gebruiker(
            "netwerkcoordinator",
            organisatie=orgs["partner"],
            username="nc",
            wachtwoord=None,
            netwerk="antwerpen",
        ),
        "outsider": f.gebruiker(username="outsider", wachtwoord=None),
        "vdab": f.gebruiker(organisatie=orgs["vdab"], username="vdab", wachtwoord=None),
        "coordinator": f.gebruiker("coordinator", username="coordinator", wachtwoord=None),
        "admin": f.gebruiker("admin", username="admin", wachtwoord=None),
    }
    d1, d2, d3 = _dossier("D1"), _dossier("D2"), _dossier("D3")
    at1 = _bezig_traject("AT1", d1, orgs["gtb1"])
    _bezig_traject("AT3", d3, orgs["gtb2"])
    doel = Doelstelling.objects.create(traject=at1, soort="werk", omschrijving="Werk zoeken")
    actie = Actie.objects.create(
        doelstelling=doel, dienstverlener=orgs["partner"], omschrijving="Sollicitatietraining"
    )
    stage = f.stage(at1, start=date(2025, 3, 1), einde=date(2025, 5, 31), werkplek="Bakkerij")
    f.ama_se(d1, id="SE1", begeleider=orgs["mwb1"], gematcht_op=date(2025, 3, 1))
    f.wvg(d2, id="W1", begeleider=orgs["wvg1"], werkpost="Kringloop", start=date(2025, 1, 1))
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

"""Shared fixtures of the dossier tests: two organisations, users per role, dossiers."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Rol
from deelnemers.models import Advies, Arbeidsmarktpositie, Registratie, ZorgNotitie
from tests import factories as f
from tests.mfa import herauthenticeer

WACHTWOORD = "Dossier-wachtwoord-2026"


class Wereld:
    pass


@pytest.fixture
def wereld(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = Wereld()
    w.gtb = f.organisatie("gtb", id="DG1", naam="GTB Kempen")
    w.zorg = f.organisatie("cgg", id="DZ1", naam="CGG Kempen")
    w.ander = f.organisatie("gtb", id="DG2", naam="GTB Gent", provincie="oost-vlaanderen")
    w.cm = f.gebruiker(
        Rol.CASEMANAGER_WERK,
        organisatie=w.gtb,
        username="d-cm",
        wachtwoord=WACHTWOORD,
        first_name="Ilse",
        last_name="Peeters",
        email="ilse@example.org",
    )
    w.collega = f.gebruiker(
        Rol.CASEMANAGER_WERK,
        organisatie=w.gtb,
        username="d-collega",
        wachtwoord=WACHTWOORD,
        first_name="Tom",
        last_name="Wouters",
        email="tom@example.org",
    )
    w.cmz = f.gebruiker(
        Rol.CASEMANAGER_ZORG,
        organisatie=w.zorg,
        username="d-cmz",
        wachtwoord=WACHTWOORD,
        first_name="Karel",
        last_name="Maes",
    )
    w.buiten = f.gebruiker(
        Rol.CASEMANAGER_WERK, organisatie=w.ander, username="d-buiten", wachtwoord=WACHTWOORD
    )
    w.admin = f.gebruiker(Rol.ADMIN, username="d-admin", wachtwoord=WACHTWOORD)
    w.d = f.deelnemer(
        id="DD1",
        voornaam="Mehmet",
        achternaam="Öztürk",
        geboortedatum=date(1990, 3, 7),
        insz=None,
        werkzoekend_sinds=date(2023, 5, 2),
    )
    Registratie.objects.create(deelnemer=w.d, organisatie=w.gtb, door=w.cm)
    w.t = f.activeringstraject(
        w.d, id="DAT1", werk=w.gtb, zorg=w.zorg, aanvaard_op=date(2025, 1, 20)
    )
    Advies.objects.create(id="DADV1", deelnemer=w.d, advies_id="AB", van=date(2024, 12, 1))
    Arbeidsmarktpositie.objects.create(
        deelnemer=w.d, van=date(2024, 1, 1), positie_id="werkzoekend"
    )
    w.notitie = ZorgNotitie.objects.create(
        traject=w.t, soort="therapie", door=w.cmz, tekst="Geheime zorgtekst"
    )
    w.buiten_d = f.deelnemer(
        id="DD9", voornaam="Anna", achternaam="Buitenscoop", geboortedatum=date(1970, 1, 1)
    )
    f.activeringstraject(w.buiten_d, id="DAT9", werk=w.ander)
    return w


@pytest.fixture
def client_voor(client):
    from django.test import Client

    def _client(user, herauth: bool = False) -> Client:
        c = Client()
        c.force_login(user)
        if herauth:
            herauthenticeer(c, WACHTWOORD)
        return c

    return _client

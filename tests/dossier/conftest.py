"""Shared fixtures of the dossier tests: two organisations, users per role, dossiers."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Rol, Roltoewijzing, User
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer, Registratie, ZorgNotitie
from organisaties.models import Organisatie
from tests.mfa import herauthenticeer, zo_nodig_totp
from trajectories.models import Activeringstraject

WACHTWOORD = "Dossier-wachtwoord-2026"


def gebruiker(username: str, org: Organisatie | None, rol: str, **extra) -> User:
    u = User.objects.create_user(username=username, password=WACHTWOORD, organisatie=org, **extra)
    Roltoewijzing.objects.create(user=u, rol=rol)
    return zo_nodig_totp(u)


def deelnemer(id_: str, voornaam: str, achternaam: str, geboren: date, **extra) -> Deelnemer:
    return Deelnemer.objects.create(
        id=id_,
        voornaam=voornaam,
        achternaam=achternaam,
        geboortedatum=geboren,
        provincie_id="antwerpen",
        regio_id="kempen",
        **extra,
    )


def traject(id_: str, d: Deelnemer, werk: Organisatie, zorg: Organisatie | None = None, **extra):
    return Activeringstraject.objects.create(
        id=id_,
        deelnemer=d,
        regio_id="kempen",
        casemanager_werk_org=werk,
        casemanager_zorg_org=zorg,
        geinitieerd_op=extra.pop("geinitieerd_op", date(2025, 1, 6)),
        **extra,
    )


class Wereld:
    pass


@pytest.fixture
def wereld(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = Wereld()
    w.gtb = Organisatie.objects.create(
        id="DG1", naam="GTB Kempen", type_id="gtb", provincie_id="antwerpen"
    )
    w.zorg = Organisatie.objects.create(
        id="DZ1", naam="CGG Kempen", type_id="cgg", provincie_id="antwerpen"
    )
    w.ander = Organisatie.objects.create(
        id="DG2", naam="GTB Gent", type_id="gtb", provincie_id="oost-vlaanderen"
    )
    w.cm = gebruiker(
        "d-cm",
        w.gtb,
        Rol.CASEMANAGER_WERK,
        first_name="Ilse",
        last_name="Peeters",
        email="ilse@example.org",
    )
    w.collega = gebruiker(
        "d-collega",
        w.gtb,
        Rol.CASEMANAGER_WERK,
        first_name="Tom",
        last_name="Wouters",
        email="tom@example.org",
    )
    w.cmz = gebruiker("d-cmz", w.zorg, Rol.CASEMANAGER_ZORG, first_name="Karel", last_name="Maes")
    w.buiten = gebruiker("d-buiten", w.ander, Rol.CASEMANAGER_WERK)
    w.admin = gebruiker("d-admin", None, Rol.ADMIN)
    w.d = deelnemer(
        "DD1", "Mehmet", "Öztürk", date(1990, 3, 7), insz=None, werkzoekend_sinds=date(2023, 5, 2)
    )
    Registratie.objects.create(deelnemer=w.d, organisatie=w.gtb, door=w.cm)
    w.t = traject("DAT1", w.d, w.gtb, w.zorg, aanvaard_op=date(2025, 1, 20))
    Advies.objects.create(id="DADV1", deelnemer=w.d, advies_id="AB", van=date(2024, 12, 1))
    Arbeidsmarktpositie.objects.create(
        deelnemer=w.d, van=date(2024, 1, 1), positie_id="werkzoekend"
    )
    w.notitie = ZorgNotitie.objects.create(
        traject=w.t, soort="therapie", door=w.cmz, tekst="Geheime zorgtekst"
    )
    w.buiten_d = deelnemer("DD9", "Anna", "Buitenscoop", date(1970, 1, 1))
    traject("DAT9", w.buiten_d, w.ander)
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

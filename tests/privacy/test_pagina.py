"""The privacy page /privacy/: admins only; the extract download asks for re-authentication."""

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.test import Client

from accounts.models import Rol
from privacy.models import ExtractLevering
from privacy.retentie import pas_bewaartermijn_toe
from tests import factories as f
from tests.mfa import herauthenticeer
from tests.privacy.builders import volledig_dossier
from tests.privacy.conftest import maak_doel

pytestmark = pytest.mark.django_db

PAGINA = "/privacy/"
EXTRACT = "/privacy/extract/"


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(date(2025, 6, 2), tick=True):
        yield


@pytest.fixture
def beheerder():
    return f.gebruiker(Rol.ADMIN, username="beheerder")


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_an_admin_sees_the_purposes_the_runs_and_the_extract_form(beheerder):
    maak_doel(
        "evaluatie-2024", naam="Evaluatie werk- en zorgtrajecten", ontvanger="Studiedienst WSE"
    )
    pas_bewaartermijn_toe(jaren=10, dry_run=True, door=beheerder)
    r = _client(beheerder).get(PAGINA)
    assert r.status_code == 200
    html = r.content.decode()
    assert "evaluatie-2024" in html and "Studiedienst WSE" in html
    assert 'action="/privacy/extract/"' in html
    assert "beheerder" in html  # the run, with who did it
    assert "no-store" in r["Cache-Control"]
    assert 'href="/privacy/" aria-current="page"' in html  # in the main navigation


@pytest.mark.parametrize(
    "rol", [Rol.CASEMANAGER_WERK, Rol.COORDINATOR, Rol.NETWERKCOORDINATOR, None]
)
def test_the_page_and_the_download_are_a_404_for_anyone_but_an_admin(rol):
    maak_doel("evaluatie-2024")
    user = f.gebruiker(rol, organisatie=f.organisatie("gtb") if rol else None)
    c = _client(user)
    assert c.get(PAGINA).status_code == 404
    assert 'href="/privacy/"' not in c.get("/aandacht/").content.decode()  # not in the menu
    assert c.post(EXTRACT, {"doel": "evaluatie-2024", "jaar": "2024"}).status_code == 404
    assert not ExtractLevering.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page():
    r = Client().get(PAGINA)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_download_first_asks_to_confirm_the_password(beheerder):
    maak_doel("evaluatie-2024")
    r = _client(beheerder).post(EXTRACT, {"doel": "evaluatie-2024", "jaar": "2024"})
    assert r.status_code == 302 and "/accounts/reauthenticate/" in r["Location"]
    assert not ExtractLevering.objects.exists()


def test_after_confirming_the_admin_gets_the_extract_as_a_zip(beheerder):
    doel = maak_doel("evaluatie-2024")
    dossier = volledig_dossier()
    c = _client(beheerder)
    herauthenticeer(c, f.WACHTWOORD)

    r = c.post(EXTRACT, {"doel": doel.code, "jaar": "2024"})

    assert r.status_code == 200
    assert r["Content-Type"] == "application/zip"
    assert "onderzoeksextract-evaluatie-2024-2024.zip" in r["Content-Disposition"]
    assert "no-store" in r["Cache-Control"]
    archief = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    namen = set(archief.namelist())
    assert {"deelnemers.csv", "activeringstrajecten.csv", "LEESMIJ.txt", "manifest.json"} <= namen
    inhoud = b"".join(archief.read(n) for n in namen).decode("utf-8")
    assert "Testelinck" not in inhoud and dossier.deelnemer.pk not in inhoud
    levering = ExtractLevering.objects.get()
    assert (levering.door, levering.kanaal, levering.jaar) == (beheerder, "web", 2024)


def test_an_unknown_purpose_is_refused_in_dutch_and_nothing_is_delivered(beheerder):
    maak_doel("gestopt", actief=False)
    c = _client(beheerder)
    herauthenticeer(c, f.WACHTWOORD)
    r = c.post(EXTRACT, {"doel": "gestopt", "jaar": "2024"})
    assert r.status_code == 400
    assert "Onbekend of niet actief onderzoeksdoel" in r.content.decode()
    assert not ExtractLevering.objects.exists()

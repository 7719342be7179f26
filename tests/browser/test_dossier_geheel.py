"""Browser journeys of the dossier as a whole: print, subject access, duplicates at
registration, merge, caseload transfer."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Rol
from audit.models import DossierInzage
from deelnemers.models import Deelnemer, Registratie
from dossier.overdracht import caseload_van
from organisaties.models import Organisatie
from tests.browser.conftest import WACHTWOORD, browser_gebruiker
from trajectories.models import Activeringstraject

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wereld(_snelle_wachtwoorden, referentiecodes):
    gtb = Organisatie.objects.create(
        id="OG1", naam="GTB Kempen", type_id="gtb", provincie_id="antwerpen"
    )
    cm = browser_gebruiker(
        "ilse", Rol.CASEMANAGER_WERK, gtb, first_name="Ilse", last_name="Peeters"
    )
    collega = browser_gebruiker(
        "tom", Rol.CASEMANAGER_WERK, gtb, first_name="Tom", last_name="Wouters"
    )
    admin = browser_gebruiker("beheer", Rol.ADMIN, None, first_name="Bea", last_name="Heer")
    d = Deelnemer.objects.create(
        id="DX1",
        voornaam="Mehmet",
        achternaam="Öztürk",
        geboortedatum=date(1990, 3, 7),
        provincie_id="antwerpen",
        regio_id="kempen",
    )
    Registratie.objects.create(deelnemer=d, organisatie=gtb, door=cm)
    Activeringstraject.objects.create(
        id="ATX1",
        deelnemer=d,
        regio_id="kempen",
        casemanager_werk_org=gtb,
        geinitieerd_op=date(2025, 1, 6),
    )
    return {"cm": cm, "collega": collega, "admin": admin, "d": d, "gtb": gtb}


def _herauthenticeer_zo_nodig(page):
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Bevestigen").click()


def test_a_casemanager_prints_the_dossier_as_a_pdf(page, live_server, inloggen, wereld, tmp_path):
    inloggen(page, wereld["cm"])
    page.goto(f"{live_server.url}/dossiers/DX1/")
    link = page.get_by_role("link", name="Afdrukken (PDF)")
    expect(link).to_be_visible()
    r = page.request.get(live_server.url + link.get_attribute("href"))
    assert r.status == 200 and r.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(r.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    assert list(tmp_path.glob("p*.png"))
    tekst = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Öztürk" in tekst and "ATX1" in tekst and "7/03/1990" in tekst
    assert DossierInzage.objects.filter(user_id=wereld["cm"].pk, kanaal="export").exists()


def test_registering_ozturk_proposes_oeztuerk_with_swapped_day_and_month(
    page, live_server, inloggen, wereld
):
    inloggen(page, wereld["cm"])
    page.goto(f"{live_server.url}/dossiers/nieuw/")
    page.get_by_label("Voornaam").fill("Mehmet")
    page.get_by_label("Achternaam").fill("Ozturk")
    page.get_by_label("Geboortedatum").fill("3/07/1990")
    page.get_by_label("Provincie (woonplaats)").select_option("antwerpen")
    page.get_by_label("Werk- en zorgregio (woonplaats)").select_option("kempen")
    page.get_by_role("button", name="Registreren").click()
    kandidaten = page.get_by_test_id("kandidaten")
    expect(kandidaten).to_contain_text("Mehmet Öztürk")
    expect(kandidaten).to_contain_text("dag en maand omgewisseld")
    assert Deelnemer.objects.count() == 1
    page.get_by_label("Ik heb gecontroleerd dat dit een andere persoon is").check()
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("De deelnemer is geregistreerd.")).to_be_visible()
    assert Deelnemer.objects.count() == 2


def test_the_admin_exports_merges_and_the_old_url_redirects(page, live_server, inloggen, wereld):
    dubbel = Deelnemer.objects.create(
        id="DX2",
        voornaam="Mehmet",
        achternaam="Ozturk",
        geboortedatum=date(1990, 7, 3),
        provincie_id="antwerpen",
        regio_id="kempen",
    )
    inloggen(page, wereld["admin"])
    page.goto(f"{live_server.url}/dossiers/DX1/")  # a read of our own, in the export's log
    page.get_by_role("link", name="Inzage (AVG)").click()
    _herauthenticeer_zo_nodig(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Machineleesbaar bestand (ZIP: JSON en CSV)").click()
    z = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    gegevens = json.loads(z.read("gegevens.json"))
    assert [r["id"] for r in gegevens["tabellen"]["trajectories.Activeringstraject"]] == ["ATX1"]
    assert any(i["gebruiker"] == "Bea Heer" for i in gegevens["inzages"])

    page.goto(f"{live_server.url}/dossierbeheer/dossiers/DX1/samenvoegen/?met=DX2")
    _herauthenticeer_zo_nodig(page)
    page.get_by_label("Ik bevestig dat beide dossiers dezelfde persoon zijn").check()
    page.get_by_role("button", name="Samenvoegen").click()
    expect(page.get_by_text("Dossier DX2 is samengevoegd in DX1.")).to_be_visible()
    page.goto(f"{live_server.url}/dossiers/{dubbel.pk}/")
    assert page.url == f"{live_server.url}/dossiers/DX1/"


def test_the_admin_transfers_a_caseload(page, live_server, inloggen, wereld):
    inloggen(page, wereld["admin"])
    page.goto(f"{live_server.url}/dossierbeheer/caseload/")
    page.get_by_label("Vertrekkende casemanager").select_option(str(wereld["cm"].pk))
    page.get_by_role("button", name="Caseload tonen").click()
    expect(page.get_by_text("Mehmet Öztürk")).to_be_visible()
    page.get_by_label("Alle dossiers van deze casemanager").check()
    page.get_by_label("Nieuwe casemanager").select_option(str(wereld["collega"].pk))
    page.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_text("1 dossiers overgedragen aan Tom Wouters.")).to_be_visible()
    assert [d.pk for d in caseload_van(wereld["collega"])] == ["DX1"]

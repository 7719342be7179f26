"""The network at work in Chromium: a casemanager adds an actie for a dienstverlener werk;
`dv-werk` accepts it in Mijn acties, starts it (the trajectory turns Bezig), registers a stage
and writes the stageverslag; the casemanager sees both; a dienstverlener zorg of another
organisation gets a 404; the netwerkcoördinator sees the actie move on the steering page."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from accounts.models import Rol
from deelnemers.models import Deelnemer
from tests.browser.conftest import browser_gebruiker, browser_organisatie
from trajectories import rules
from trajectories.models import Activeringstraject, Doelstelling

pytestmark = pytest.mark.django_db(transaction=True)

VANDAAG = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture(autouse=True)
def _kort_wachten(page):
    page.set_default_timeout(8000)


@pytest.fixture(autouse=True)
def bevroren_tijd():
    with time_machine.travel(VANDAAG, tick=True):
        yield


@pytest.fixture
def wereld(_snelle_wachtwoorden):
    gtb = browser_organisatie("NB1", "GTB Kempen", "gtb")
    zorg = browser_organisatie(
        "NB2", "CAW Kempen", "caw", rol="samenwerkingsverband-zorg", regio_id="kempen"
    )
    werk = browser_organisatie(
        "NB3", "Jobcentrum Turnhout", "gob", rol="netwerk", netwerk_id="antwerpen"
    )
    cgg = browser_organisatie("NB4", "CGG Kempen", "cgg", rol="netwerk", netwerk_id="antwerpen")
    d = Deelnemer.objects.create(
        id="DNB1",
        voornaam="Sofie",
        achternaam="Claes",
        geboortedatum=date(1988, 4, 2),
        provincie_id="antwerpen",
        regio_id="kempen",
    )
    t = Activeringstraject.objects.create(
        id="ATNB1",
        deelnemer=d,
        regio_id="kempen",
        casemanager_werk_org=gtb,
        casemanager_zorg_org=zorg,
        geinitieerd_op=date(2026, 2, 2),
        aanvaard_op=date(2026, 2, 9),
    )
    Doelstelling.objects.create(traject=t, soort="werk", omschrijving="Halftijds werken")
    return {
        "traject": t,
        "cm": browser_gebruiker("ilse", Rol.CASEMANAGER_WERK, gtb, first_name="ilse"),
        "dv_werk": browser_gebruiker(
            "dv-werk", Rol.DIENSTVERLENER_WERK, werk, first_name="dv-werk"
        ),
        "dv_zorg": browser_gebruiker("dv-zorg", Rol.DIENSTVERLENER_ZORG, cgg, first_name="dv-zorg"),
        "nc": browser_gebruiker(
            "nc",
            Rol.NETWERKCOORDINATOR,
            None,
            first_name="nc",
            toewijzing={"netwerk_id": "antwerpen"},
        ),
    }


def _cel(page, kolom: str):
    return page.locator(f'#sturing-tabel tr[data-dienstverlener="NB3"] td[data-kolom="{kolom}"]')


def test_the_network_carries_out_an_actie_from_assignment_to_stageverslag(
    page, browser, live_server, inloggen, wereld, screenshot
):
    url = live_server.url
    # The casemanager adds an actie for the dienstverlener werk (inline plan form).
    inloggen(page, wereld["cm"])
    page.goto(f"{url}/trajecten/activering/ATNB1/")
    plan = page.locator("#trajectplan-ATNB1")
    plan.get_by_label("Dienstverlener").select_option(label="Jobcentrum Turnhout")
    plan.get_by_label("Actie:", exact=True).fill("Stageplaats zoeken in de logistiek")
    plan.get_by_role("button", name="Actie toevoegen").click()
    expect(plan.locator(".wz-actie__tekst")).to_have_text("Stageplaats zoeken in de logistiek")

    # The netwerkcoördinator sees it assigned, not yet accepted.
    nc_context = browser.new_context(locale="nl-BE")
    nc_page = nc_context.new_page()
    nc_page.set_default_timeout(8000)
    inloggen(nc_page, wereld["nc"])
    nc_page.goto(f"{url}/netwerk/sturing/")
    expect(_cel(nc_page, "toegewezen")).to_have_text("1")
    expect(_cel(nc_page, "aanvaard")).to_have_text("0")

    # dv-werk: Mijn acties, accept, start (Bezig), register the stage, write the verslag.
    dv_context = browser.new_context(locale="nl-BE")
    dv = dv_context.new_page()
    dv.set_default_timeout(8000)
    inloggen(dv, wereld["dv_werk"])
    dv.goto(f"{url}/")  # the home of a dienstverlener: Mijn acties
    dv.wait_for_url(f"{url}/netwerk/acties/")
    menu = dv.locator("#hoofdnavigatie")
    expect(menu.get_by_role("link", name="Mijn acties")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Meldingen")).to_be_visible()
    expect(menu.get_by_role("link", name="Mijn dossiers")).to_have_count(0)
    expect(menu.get_by_role("link", name="Aandacht nodig")).to_have_count(0)
    nieuw = dv.locator("#nieuwe-acties")
    expect(nieuw.get_by_text("Stageplaats zoeken in de logistiek")).to_be_visible()
    screenshot(dv, "netwerk-mijn-acties")
    nieuw.get_by_role("button", name="Aanvaarden").click()
    expect(dv.get_by_text("De actie is aanvaard.")).to_be_visible()
    dv.locator("#lopende-acties").get_by_role("link", name="ATNB1").click()
    dv.get_by_role("button", name="Actie starten").click()
    expect(dv.get_by_text("De actie is gestart.")).to_be_visible()
    t = Activeringstraject.objects.get(pk="ATNB1")
    assert rules.activering_status(t) == rules.Status.BEZIG
    assert t.bezig_op == date(2026, 3, 16)
    dv.get_by_role("link", name="Stage registreren").click()
    dv.get_by_label("Werkplek").fill("Magazijn Geel")
    dv.get_by_label("Werkgever").fill("Logistiek Kempen NV")
    dv.get_by_label("Start:", exact=True).fill("16/03/2026")
    dv.get_by_label("Einde:", exact=True).fill("30/11/2026")
    dv.get_by_role("button", name="Stage registreren").click()
    expect(
        dv.get_by_text("Een werkervaringsstage duurt ten hoogste 6 maanden.", exact=True)
    ).to_be_visible()
    dv.get_by_label("Einde:", exact=True).fill("15/09/2026")
    dv.get_by_role("button", name="Stage registreren").click()
    expect(dv.get_by_text("De stage is geregistreerd.")).to_be_visible()
    dv.get_by_role("link", name="Stageverslag schrijven").click()
    dv.get_by_label("Doelen en in hoeverre ze bereikt zijn").fill("Orders picken: bereikt")
    dv.get_by_label("Aanwezigheid:", exact=True).select_option("goed")
    dv.get_by_label("Competenties:", exact=True).fill("Stipt en nauwkeurig")
    dv.get_by_label("Advies:", exact=True).select_option("betaald-werk")
    screenshot(dv, "netwerk-stageverslag")
    dv.get_by_role("button", name="Verslag opslaan").click()
    expect(dv.get_by_text("Het stageverslag is opgeslagen.")).to_be_visible()
    dv_context.close()

    # The casemanager sees the stage and the verslag on the trajectory page.
    page.goto(f"{url}/trajecten/activering/ATNB1/")
    blok = page.locator("#netwerk-blok")
    expect(blok.get_by_text("Logistiek Kempen NV")).to_be_visible()
    expect(blok.get_by_text("Stipt en nauwkeurig")).to_be_visible()
    expect(page.get_by_text("Bezig", exact=True).first).to_be_visible()
    screenshot(page, "netwerk-traject-casemanager")

    # A dienstverlener zorg of another organisation: 404.
    zorg_context = browser.new_context(locale="nl-BE")
    zp = zorg_context.new_page()
    inloggen(zp, wereld["dv_zorg"])
    r = zp.goto(f"{url}/netwerk/trajecten/ATNB1/")
    assert r.status == 404
    expect(zp.get_by_text("Sofie")).to_have_count(0)
    zorg_context.close()

    # The steering page follows: accepted, started (no longer "not started").
    nc_page.goto(f"{url}/netwerk/sturing/?dagen=1")
    expect(_cel(nc_page, "aanvaard")).to_have_text("1")
    expect(_cel(nc_page, "niet_gestart")).to_have_text("0")
    _cel(nc_page, "aanvaard").get_by_role("link").click()
    expect(nc_page.locator("#sturing-acties")).to_contain_text("Stageplaats zoeken")
    screenshot(nc_page, "netwerk-sturing-acties")
    nc_context.close()

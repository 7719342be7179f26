"""Journeys through the trajectory forms in Chromium: werk and zorg casemanagers take an
activeringstraject from geïnitieerd to eindadvies (with refused steps on the way), a begeleider
AMA SE records a follow-up, an outsider gets a 404."""

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
from trajectories.models import Activeringstraject, AmaSeMoment, AmaSeTraject

# The flush after a live-server test wipes the reference codes: tests/conftest.py reloads them.
pytestmark = pytest.mark.django_db(transaction=True)

VANDAAG = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture(autouse=True)
def _kort_wachten(page):
    # A missing element fails in seconds, not after Playwright's default 30 s.
    page.set_default_timeout(5000)


@pytest.fixture(autouse=True)
def bevroren_tijd():
    # Ticking: the live server and the browser need time to move; dates stay on 16/03/2026.
    with time_machine.travel(VANDAAG, tick=True):
        yield


@pytest.fixture
def wereld(_snelle_wachtwoorden):
    gtb = browser_organisatie("OJ1", "GTB Kempen", "gtb")
    zorg = browser_organisatie(
        "OJ2", "CAW Kempen", "caw", rol="samenwerkingsverband-zorg", regio_id="kempen"
    )
    browser_organisatie(
        "OJ3", "Jobcentrum Turnhout", "andere", rol="netwerk", netwerk_id="antwerpen"
    )
    se = browser_organisatie("OJ4", "Maatwerk Noord", "maatwerkbedrijf", rol="begeleider-ama-se")
    ander = browser_organisatie("OJ5", "GTB Gent", "gtb")
    d = Deelnemer.objects.create(
        id="DJ1",
        voornaam="Sofie",
        achternaam="Claes",
        geboortedatum=date(1988, 4, 2),
        provincie_id="antwerpen",
        regio_id="kempen",
    )
    t = Activeringstraject.objects.create(
        id="ATJ1",
        deelnemer=d,
        regio_id="kempen",
        casemanager_werk_org=gtb,
        casemanager_zorg_org=zorg,
        geinitieerd_op=date(2026, 2, 2),
    )
    se_traject = AmaSeTraject.objects.create(
        id="SEJ1", deelnemer=d, begeleider=se, gematcht_op=date(2025, 11, 3)
    )
    return {
        "traject": t,
        "se_traject": se_traject,
        "werk": browser_gebruiker("ilse", Rol.CASEMANAGER_WERK, gtb, first_name="Ilse"),
        "zorg": browser_gebruiker("karel", Rol.CASEMANAGER_ZORG, zorg, first_name="Karel"),
        "se": browser_gebruiker("fien", Rol.BEGELEIDER_AMA_SE, se, first_name="Fien"),
        "buiten": browser_gebruiker("buiten", Rol.CASEMANAGER_WERK, ander, first_name="Bert"),
    }


def test_werk_and_zorg_take_a_trajectory_from_referral_to_eindadvies(
    page, browser, live_server, inloggen, wereld, screenshot
):
    t = wereld["traject"]
    inloggen(page, wereld["werk"])
    # The dossier page loads its trajectories block; only the allowed steps are buttons.
    page.goto(f"{live_server.url}/dossiers/{t.deelnemer_id}/")
    blok = page.locator("#activeringstraject-ATJ1")
    expect(blok.get_by_role("link", name="Eerste gesprek: aanvaard")).to_be_visible()
    expect(blok.get_by_role("link", name="Afsluiten met eindadvies")).to_have_count(0)
    blok.get_by_role("link", name="Eerste gesprek: aanvaard").click()
    page.get_by_label("Datum van het eerste gesprek").fill("1/03/2026")
    page.get_by_role("button", name="Eerste gesprek: aanvaard").click()
    expect(page.get_by_text("Aanvaard", exact=True).first).to_be_visible()

    # The werk side of the plan, inline (htmx): a goal, an action, a stage refused then added.
    plan = page.locator("#trajectplan-ATJ1")
    plan.get_by_role("radio", name="Werk").check()
    plan.get_by_label("Omschrijving").fill("Halftijds werken in de groenzorg")
    plan.get_by_role("button", name="Doelstelling toevoegen").click()
    expect(plan.get_by_text("De doelstelling is toegevoegd.")).to_be_visible()
    plan.get_by_label("Dienstverlener").select_option(label="Jobcentrum Turnhout")
    plan.get_by_label("Actie:", exact=True).fill("Jobcoaching op de werkvloer")
    plan.get_by_role("button", name="Actie toevoegen").click()
    expect(plan.locator(".wz-actie__tekst")).to_have_text("Jobcoaching op de werkvloer")
    plan.get_by_label("Werkplek").fill("Kringwinkel Turnhout")
    plan.get_by_label("Start:", exact=True).fill("1/04/2026")
    plan.get_by_label("Einde:", exact=True).fill("1/11/2026")
    plan.get_by_role("button", name="Stage toevoegen").click()
    expect(plan.get_by_text("Een werkervaringsstage duurt ten hoogste 6 maanden.")).to_be_visible()
    expect(plan.get_by_label("Werkplek")).to_have_value("Kringwinkel Turnhout")
    screenshot(page, "trajectplan-stage-geweigerd")
    plan.get_by_label("Einde:", exact=True).fill("30/09/2026")
    plan.get_by_role("button", name="Stage toevoegen").click()
    expect(plan.get_by_text("De werkervaringsstage is toegevoegd.")).to_be_visible()

    # The casemanager Zorg adds the zorg goal and marks the plan made: bezig.
    zorg_context = browser.new_context(locale="nl-BE", viewport={"width": 390, "height": 844})
    zorg_page = zorg_context.new_page()
    inloggen(zorg_page, wereld["zorg"])
    zorg_page.goto(f"{live_server.url}/trajecten/activering/ATJ1/")
    zplan = zorg_page.locator("#trajectplan-ATJ1")
    zplan.get_by_role("radio", name="Zorg").check()
    zplan.get_by_label("Omschrijving").fill("Dagstructuur en slaapritme")
    zplan.get_by_role("button", name="Doelstelling toevoegen").click()
    expect(zplan.locator(".wz-doel__tekst", has_text="Dagstructuur")).to_be_visible()
    zorg_page.get_by_role("link", name="Trajectplan opgemaakt: bezig").click()
    zorg_page.get_by_role("button", name="Trajectplan opgemaakt: bezig").click()
    expect(zorg_page.get_by_text("Bezig", exact=True).first).to_be_visible()
    screenshot(zorg_page, "traject-mobiel-zorg")
    zorg_context.close()

    # An extension beyond 18 + 6 months is refused next to the field; nothing changes.
    page.goto(f"{live_server.url}/trajecten/activering/ATJ1/")
    page.get_by_role("link", name="Verlenging aanvragen").click()
    page.get_by_label("Verlengd tot").fill("1/06/2028")
    page.get_by_role("button", name="Verlenging aanvragen").click()
    fout = page.locator("#id_verlengd_tot_error")
    expect(fout).to_contain_text("6 maanden extra")
    expect(page.get_by_label("Verlengd tot")).to_have_value("1/06/2028")
    expect(page.get_by_label("Verlengd tot")).to_be_focused()
    screenshot(page, "verlenging-geweigerd")
    page.get_by_role("link", name="Annuleren").click()

    # Closing with an eindadvies of the activeringstraject's set, and its motivation.
    page.get_by_role("link", name="Afsluiten met eindadvies").click()
    expect(page.get_by_label("Activeringsbegeleiding")).to_have_count(0)  # AMA SE only
    page.get_by_label("Betaalde arbeid in individueel maatwerk").check()
    page.get_by_label("Motivering van het eindadvies").fill("Stage liep goed; IMW haalbaar.")
    screenshot(page, "afsluiten-eindadvies")
    page.get_by_role("button", name="Afsluiten met eindadvies").click()
    expect(page.get_by_text("Afgesloten", exact=True).first).to_be_visible()
    screenshot(page, "traject-afgesloten")

    t.refresh_from_db()
    assert rules.activering_status(t) == rules.Status.AFGESLOTEN
    assert (t.aanvaard_op, t.eindadvies_id, t.verlengd_tot) == (date(2026, 3, 1), "IMW", None)


def test_a_begeleider_ama_se_records_a_follow_up(page, live_server, inloggen, wereld, screenshot):
    inloggen(page, wereld["se"])
    page.goto(f"{live_server.url}/trajecten/ama-se/SEJ1/")
    page.get_by_role("link", name="Opvolgingsmoment registreren").click()
    page.get_by_label("Datum").fill("12/03/2026")
    page.get_by_label("Verslag").fill("Werkt drie dagen per week in de houtatelier.")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Werkt drie dagen per week")).to_be_visible()
    screenshot(page, "ama-se-opvolging")
    assert AmaSeMoment.objects.filter(traject_id="SEJ1", soort="opvolging").count() == 1


def test_an_outsider_gets_a_404_for_a_trajectory(page, live_server, inloggen, wereld):
    inloggen(page, wereld["buiten"])
    r = page.goto(f"{live_server.url}/trajecten/activering/ATJ1/")
    assert r.status == 404
    expect(page.get_by_text("Sofie")).to_have_count(0)

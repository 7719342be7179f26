"""Issue 14 in Chromium: search ignores accents (7), the worklist pages, filters and links to
the item (8), and a step that is not available is shown disabled with its reason (6)."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Rol
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from tests.browser.conftest import browser_gebruiker
from trajectories.models import Activeringstraject

# The reference codes are reloaded by the `referentiecodes` fixture.
pytestmark = pytest.mark.django_db(transaction=True)

#: More trajectories waiting for acceptance than one worklist page shows (50 a page).
WACHTEND = 53


@pytest.fixture
def wereld(_snelle_wachtwoorden, referentiecodes):
    gtb = Organisatie.objects.create(
        id="OW1", naam="GTB Kempen", type_id="gtb", provincie_id="antwerpen"
    )
    cm = browser_gebruiker("wout", Rol.CASEMANAGER_WERK, gtb)
    vandaag = timezone.localdate()

    def deelnemer(pk: str, voornaam: str, achternaam: str, regio: str = "kempen") -> Deelnemer:
        return Deelnemer.objects.create(
            id=pk,
            voornaam=voornaam,
            achternaam=achternaam,
            geboortedatum=date(1990, 4, 12),
            provincie_id="antwerpen",
            regio_id=regio,
            werkzoekend_sinds=date(2023, 5, 2),
        )

    # Waiting for acceptance (a worklist point each), oldest first: W00 is the most urgent.
    for i in range(WACHTEND):
        d = deelnemer(f"DW{i:02d}", f"Voornaam{i:02d}", "Janssens")
        Activeringstraject.objects.create(
            id=f"ATW{i:02d}",
            deelnemer=d,
            regio_id="kempen",
            casemanager_werk_org=gtb,
            geinitieerd_op=vandaag - timedelta(days=120 - i),
        )
    # One in another region: the region filter leaves it alone.
    d = deelnemer("DWM", "Mira", "Peeters", regio="rivierenland")
    Activeringstraject.objects.create(
        id="ATWM",
        deelnemer=d,
        regio_id="rivierenland",
        casemanager_werk_org=gtb,
        geinitieerd_op=vandaag - timedelta(days=200),
    )
    # Öztürk: bezig for years, past the end date, no werkervaringsstage in the plan.
    oz = deelnemer("DOZ", "Ayşe", "Öztürk")
    Activeringstraject.objects.create(
        id="ATOZ",
        deelnemer=oz,
        regio_id="kempen",
        casemanager_werk_org=gtb,
        geinitieerd_op=date(2023, 1, 9),
        aanvaard_op=date(2023, 1, 23),
        bezig_op=date(2023, 2, 6),
    )
    return {"cm": cm}


def test_searching_ozturk_without_accents_finds_oeztuerk(page, live_server, inloggen, wereld):
    inloggen(page, wereld["cm"])
    page.goto(f"{live_server.url}/dossiers/")
    page.get_by_label("Zoek op naam, INSZ of id").fill("ozturk")
    page.get_by_role("button", name="Filteren").click()
    tabel = page.get_by_role("table")
    expect(tabel.get_by_role("link", name="Öztürk")).to_be_visible()
    expect(tabel.get_by_text("Janssens")).to_have_count(0)
    # The term stays out of the URL (and the access logs): a search token instead.
    assert "ozturk" not in page.url.lower()
    assert "z=" in urlsplit(page.url).query


def test_the_worklist_pages_filters_and_links_to_the_trajectory(
    page, live_server, inloggen, wereld
):
    inloggen(page, wereld["cm"])
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Aandacht nodig"
    ).click()
    werklijst = page.get_by_role("region", name="Alle punten")
    # 53 waiting + Mira's + Öztürk's overdue trajectory: most urgent first, 50 on page 1.
    expect(werklijst.locator("tbody tr")).to_have_count(50)
    expect(page.get_by_text("Pagina 1 van 2")).to_be_visible()
    page.get_by_role("link", name="Volgende").click()
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()
    expect(page.locator("section tbody tr")).to_have_count(WACHTEND + 2 - 50)

    # The region filter: only Rivierenland's point remains, and its link opens the trajectory.
    page.goto(f"{live_server.url}/aandacht/")
    page.get_by_label("Regio (woonplaats)").select_option(label="Rivierenland")
    page.get_by_role("button", name="Filteren").click()
    rijen = page.locator("section tbody tr")
    expect(rijen).to_have_count(1)
    rijen.first.get_by_role("link", name="ATWM").click()
    page.wait_for_url("**/trajecten/activering/ATWM/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ATWM")


def test_closing_without_a_stage_is_shown_disabled_with_its_reason(
    page, live_server, inloggen, wereld
):
    inloggen(page, wereld["cm"])
    page.goto(f"{live_server.url}/trajecten/activering/ATOZ/")
    knop = page.locator('[data-stap-niet-beschikbaar="afsluiten"]')
    expect(knop).to_be_disabled()
    reden = page.locator(f"#{knop.get_attribute('aria-describedby')}")
    expect(reden).to_contain_text("nog geen werkervaringsstage")
    # The same rule refuses the step when its page is opened by URL.
    page.goto(f"{live_server.url}/trajecten/activering/ATOZ/stap/afsluiten/")
    expect(page.get_by_text("nog geen werkervaringsstage").first).to_be_visible()

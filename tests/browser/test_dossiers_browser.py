"""Browser checks of the core pages in Chromium: login, caseload, dossier, outsider 404."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Rol
from deelnemers.models import ZorgNotitie
from organisaties.models import Organisatie
from tests.browser.conftest import WACHTWOORD, browser_gebruiker
from trajectories.models import Activeringstraject, TrajectEvent

# The reference codes are reloaded by the `referentiecodes` fixture (the flush after a
# live-server test wipes them).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wereld(_snelle_wachtwoorden, referentiecodes):
    from deelnemers.models import Deelnemer

    gtb = Organisatie.objects.create(
        id="OB1", naam="GTB Kempen", type_id="gtb", provincie_id="antwerpen"
    )
    zorg = Organisatie.objects.create(
        id="OB2", naam="CGG De Pont", type_id="cgg", provincie_id="antwerpen"
    )
    ander = Organisatie.objects.create(
        id="OB3", naam="GTB Gent", type_id="gtb", provincie_id="oost-vlaanderen"
    )
    cm = browser_gebruiker(
        "ilse", Rol.CASEMANAGER_WERK, gtb, first_name="Ilse", last_name="Peeters"
    )
    cmz = browser_gebruiker(
        "karel", Rol.CASEMANAGER_ZORG, zorg, first_name="Karel", last_name="Maes"
    )
    buiten = browser_gebruiker("buiten", Rol.CASEMANAGER_WERK, ander)
    namen = [("Sofie", "Claes"), ("Mehmet", "Aydin"), ("Lotte", "Wouters"), ("Jonas", "De Smet")]
    dossiers = []
    for i, (vn, an) in enumerate(namen):
        d = Deelnemer.objects.create(
            id=f"DB{i}",
            voornaam=vn,
            achternaam=an,
            geboortedatum=date(1985 + i, 3, 1),
            provincie_id="antwerpen",
            regio_id="kempen",
            werkzoekend_sinds=date(2023, 5, 2),
        )
        t = Activeringstraject.objects.create(
            id=f"ATB{i}",
            deelnemer=d,
            regio_id="kempen",
            casemanager_werk_org=gtb,
            casemanager_zorg_org=zorg,
            geinitieerd_op=date(2025, 1, 6),
            aanvaard_op=date(2025, 1, 20) if i < 3 else None,
            bezig_op=date(2025, 2, 3) if i < 2 else None,
        )
        if i < 3:
            TrajectEvent.objects.create(
                soort="activering",
                traject_id=t.pk,
                deelnemer=d,
                actie="aanvaarden",
                van_status="geinitieerd",
                naar_status="aanvaard",
                door=cm,
                notitie="Eerste gesprek met deelnemer en casemanager Zorg.",
            )
        dossiers.append(d)
    ZorgNotitie.objects.create(
        traject_id="ATB0",
        soort="therapie",
        door=cmz,
        tekst="Wekelijkse gesprekken; werkuren stap voor stap opbouwen.",
    )
    return {"cm": cm, "cmz": cmz, "buiten": buiten, "dossiers": dossiers}


def test_a_casemanager_logs_in_and_sees_the_caseload(
    page, live_server, inloggen, wereld, screenshot
):
    inloggen(page, wereld["cm"])
    expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible()
    for d in wereld["dossiers"]:
        expect(page.get_by_role("link", name=str(d))).to_be_visible()
    page.get_by_label("Status activeringstraject").select_option("bezig")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="Sofie Claes")).to_be_visible()
    expect(page.get_by_role("link", name="Lotte Wouters")).to_have_count(0)
    page.goto(f"{live_server.url}/dossiers/")
    screenshot(page, "caseload")


def test_a_search_is_one_request_with_a_token_url_and_no_name_in_it(
    page, live_server, inloggen, wereld
):
    """Decision 560: htmx posts the form and swaps in the results part; the address bar gets
    `?z=<token>` (never the name); a reload, Back and Forward load the full page."""
    inloggen(page, wereld["cm"])
    expect(page.locator("#caseload-aantal")).to_have_text("4 dossiers")
    page.evaluate("window.zelfdePagina = true")  # gone after any full page load
    verzoeken: list[tuple[str, str, str | None]] = []
    page.on(
        "request",
        lambda r: (
            verzoeken.append((r.method, r.resource_type, r.headers.get("hx-request")))
            if "/dossiers/" in r.url
            else None
        ),
    )
    zoekveld = page.get_by_label("Zoek op naam, INSZ of id")
    zoekveld.fill("Wouters")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="Lotte Wouters")).to_be_visible()
    expect(page.get_by_role("link", name="Sofie Claes")).to_have_count(0)
    # The count in the live region that stayed in the page, announced to screen readers.
    expect(page.locator("#caseload-aantal[aria-live=polite]")).to_have_text("1 dossier")
    page.wait_for_url("**/dossiers/?z=*")
    assert "wouters" not in page.url.lower()
    assert page.evaluate("window.zelfdePagina") is True  # no full page load
    assert verzoeken == [("POST", "xhr", "true")]  # one request
    # The form stayed: its value and the focus on its button.
    expect(zoekveld).to_have_value("Wouters")
    expect(page.get_by_role("button", name="Filteren")).to_be_focused()
    # htmx keeps no copy of the page (names) in sessionStorage.
    assert "Wouters" not in (page.evaluate("JSON.stringify(sessionStorage)") or "")
    token_url = page.url

    # Back: the plain caseload, loaded from the server; Forward: the search again.
    page.go_back()
    page.wait_for_url(f"{live_server.url}/dossiers/")
    expect(page.get_by_role("link", name="Sofie Claes")).to_be_visible()
    expect(page.locator("#caseload-aantal")).to_have_text("4 dossiers")
    page.go_forward()
    page.wait_for_url(token_url)
    expect(page.get_by_role("link", name="Sofie Claes")).to_have_count(0)
    expect(page.get_by_role("link", name="Lotte Wouters")).to_be_visible()

    # A reload: a normal GET of the token URL, the same results and the term in the form.
    page.reload()
    assert page.url == token_url
    assert page.evaluate("window.zelfdePagina") is None
    expect(page.get_by_role("link", name="Lotte Wouters")).to_be_visible()
    expect(page.get_by_role("link", name="Sofie Claes")).to_have_count(0)
    expect(page.locator("#caseload-aantal")).to_have_text("1 dossier")
    expect(page.get_by_label("Zoek op naam, INSZ of id")).to_have_value("Wouters")


def test_the_dossier_page_shows_the_timeline_and_hides_zorg_text_from_werk(
    page, live_server, inloggen, wereld, screenshot
):
    inloggen(page, wereld["cm"])
    page.get_by_role("link", name="Sofie Claes").click()
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()
    expect(page.get_by_text("20/01/2025").first).to_be_visible()
    expect(page.get_by_text("Er is 1 zorgnotitie")).to_be_visible()
    expect(page.get_by_text("Wekelijkse gesprekken")).to_have_count(0)
    page.wait_for_load_state("networkidle")  # the trajectories block loads itself (htmx)
    screenshot(page, "dossier")


def test_the_casemanager_zorg_reads_the_zorg_notes(page, live_server, inloggen, wereld, screenshot):
    inloggen(page, wereld["cmz"])
    page.goto(f"{live_server.url}/dossiers/DB0/")
    expect(page.get_by_text("Wekelijkse gesprekken")).to_be_visible()
    screenshot(page.locator("#zorg"), "zorgcompartiment")


def test_an_outsider_gets_a_404_for_a_dossier(page, live_server, inloggen, wereld):
    inloggen(page, wereld["buiten"])
    r = page.goto(f"{live_server.url}/dossiers/DB0/")
    assert r.status == 404
    expect(page.get_by_text("Sofie")).to_have_count(0)


def test_the_login_page_is_dutch_and_keyboard_usable(
    page, live_server, wereld, screenshot, _snelle_wachtwoorden
):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    screenshot(page, "login")
    page.keyboard.type("ilse")
    page.keyboard.press("Tab")
    page.keyboard.type(WACHTWOORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/dossiers/")  # a casemanager's home
    expect(page.get_by_role("navigation", name="Hoofdnavigatie")).to_be_visible()

"""In Chromium: the report pages show and download the year that is on screen.

- the ladder report: choosing 2024 gives links and a file named 2024 (never 2.024);
- the Jaarrapport: changing the year takes the peildatum along (31 March of the next year);
- the dashboard opens on the latest year with data (2024 here, as on the demo) with figures.
"""

from __future__ import annotations

import importlib
import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Rol
from tests import factories
from tests.browser.conftest import (  # noqa: F401 - fixtures shared with the other browser tests
    WACHTWOORD,
    _snelle_wachtwoorden,
    browser_context_args,
    browser_type_launch_args,
    inloggen,
    referentiecodes,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def laddercatalogus(referentiecodes):  # noqa: F811
    from django.apps import apps

    from ladder.models import GroepLid, TabelRij

    importlib.import_module("ladder.migrations.0002_load_catalog").load_catalog(apps, None)
    TabelRij.objects.all().delete()
    GroepLid.objects.all().delete()
    importlib.import_module("ladder.migrations.0004_load_table_layout").load_layout(apps, None)


@pytest.fixture
def trajecten_2024(referentiecodes):  # noqa: F811
    factories.objectief("kempen", 2024, 4)
    factories.activeringstraject(
        geinitieerd_op=date(2024, 1, 5), aanvaard_op=date(2024, 2, 1), bezig_op=date(2024, 3, 1)
    )
    factories.activeringstraject(geinitieerd_op=date(2024, 4, 5), aanvaard_op=date(2024, 5, 1))


def test_choosing_2024_on_the_ladder_report_downloads_2024(
    page,
    live_server,
    inloggen,  # noqa: F811
    laddercatalogus,
):
    from deelnemers.models import Deelnemer
    from ladder.models import Ladderplaatsing

    d = Deelnemer.objects.create(
        id="BL1",
        geboortedatum=date(1988, 3, 1),
        provincie_id="west-vlaanderen",
        regio_id="regio-oostende",
    )
    Ladderplaatsing.objects.create(
        id="BLP1",
        deelnemer=d,
        werkvorm_id="wijkwerken",
        start=date(2024, 2, 1),
        einde=date(2024, 9, 30),
        provincie_id="west-vlaanderen",
        regio_wvl_id="oostende",
    )
    inloggen(page, factories.gebruiker(Rol.COORDINATOR, username="coord", wachtwoord=WACHTWOORD))
    jaar = timezone.localdate().year - 1
    page.goto(f"{live_server.url}/ladder/rapport/?jaar={jaar}")
    keuze = page.get_by_label("Jaar")
    expect(keuze.locator("option").first).to_have_text(re.compile(r"^\d{4}$"))
    keuze.select_option("2024")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"jaar=2024"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Participatieladder 2024")
    expect(page.get_by_label("Jaar")).to_have_value("2024")

    excel = page.get_by_role("link", name="Excel")
    expect(excel).to_have_attribute("href", re.compile(r"jaar=2024&format=xlsx"))
    with page.expect_download() as download:
        excel.click()
    assert download.value.suggested_filename == "ladder-2024.xlsx"
    assert "2.02" not in page.content()

    # at 1366 px the wide tables scroll in their own focusable region, not the page
    page.set_viewport_size({"width": 1366, "height": 768})
    breedte = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert breedte <= 0
    regios = page.locator(".table-wrap")
    assert regios.count() > 0
    for i in range(regios.count()):
        expect(regios.nth(i)).to_have_attribute("tabindex", "0")
        expect(regios.nth(i)).to_have_attribute("role", "region")
    assert page.locator("th:empty").count() == 0


def test_changing_the_year_of_the_jaarrapport_takes_the_peildatum_along(
    page,
    live_server,
    inloggen,  # noqa: F811
):
    inloggen(page, factories.gebruiker(Rol.ADMIN, username="beheer", wachtwoord=WACHTWOORD))
    page.goto(f"{live_server.url}/rapportering/jaarrapport/?jaar=2025")
    peildatum = page.get_by_label("Peildatum")
    expect(peildatum).to_have_value("2026-03-31")
    page.get_by_label("Jaar").select_option("2024")
    expect(peildatum).to_have_value("2025-03-31")  # follows the year at once
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"jaar=2024"))
    expect(page.get_by_text("Peildatum 31/03/2025")).to_be_visible()
    expect(page.get_by_label("Peildatum")).to_have_value("2025-03-31")

    # a peildatum typed in on purpose stays, with a warning
    page.get_by_label("Peildatum").fill("2025-06-30")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"peildatum=2025-06-30"))
    expect(page.get_by_text("niet de standaard peildatum", exact=False).first).to_be_visible()


def test_the_dashboard_opens_on_the_latest_year_with_data(
    page,
    live_server,
    inloggen,  # noqa: F811
    trajecten_2024,
):
    inloggen(page, factories.gebruiker(Rol.ADMIN, username="beheer", wachtwoord=WACHTWOORD))
    page.goto(f"{live_server.url}/rapportering/dashboard/")
    expect(page.get_by_label("Jaar")).to_have_value("2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text("gunningsjaar 2024")
    toegeleid = page.locator(".kerncijfer", has_text="Definitief toegeleid").locator("strong")
    expect(toegeleid).to_have_text("2")
    expect(page.get_by_text("tabel 3 van de Mededeling", exact=False)).to_be_visible()

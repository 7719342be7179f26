"""In Chromium: an admin records a placement and sees it on the dossier's ladder timeline."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Rol, Roltoewijzing, User
from tests.browser.conftest import (  # noqa: F401 - fixtures shared with the web-core tests
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
    """Reload the catalog of the data migrations (a live-server flush wipes it)."""
    from django.apps import apps

    from ladder.models import GroepLid, TabelRij

    importlib.import_module("ladder.migrations.0002_load_catalog").load_catalog(apps, None)
    TabelRij.objects.all().delete()
    GroepLid.objects.all().delete()
    importlib.import_module("ladder.migrations.0004_load_table_layout").load_layout(apps, None)


def test_an_admin_records_a_placement_and_sees_the_timeline(
    page,
    live_server,
    inloggen,  # noqa: F811
    laddercatalogus,
):
    from deelnemers.models import Deelnemer

    admin = User.objects.create_user(username="beheer", password=WACHTWOORD)
    Roltoewijzing.objects.create(user=admin, rol=Rol.ADMIN)
    d = Deelnemer.objects.create(
        id="DL1",
        voornaam="Sofie",
        achternaam="Claes",
        geboortedatum=date(1988, 3, 1),
        provincie_id="west-vlaanderen",
        regio_id="regio-oostende",
    )
    inloggen(page, admin)
    page.goto(f"{live_server.url}/ladder/deelnemer/{d.pk}/plaatsing/nieuw/")
    page.get_by_label("Werkvorm").select_option("wijkwerken")
    page.get_by_label("Start").fill("2024-05-01")
    page.get_by_label("Einde").fill("2025-06-30")  # longer than 12 months: refused
    page.get_by_label("West-Vlaamse regio").select_option("oostende")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("duurt ten hoogste 12 maanden")).to_be_visible()

    page.get_by_label("Einde").fill("2025-04-30")
    page.get_by_role("button", name="Registreren").click()
    tijdlijn = page.locator(".ladder-tijdlijn")
    expect(tijdlijn).to_be_visible()
    stap = tijdlijn.locator(".ladder-tijdlijn__stap")
    expect(stap).to_have_count(1)
    expect(stap).to_contain_text("Trede 4")
    expect(stap).to_contain_text("Wijk-werken")
    expect(stap).to_contain_text("1/05/2024 – 30/04/2025")

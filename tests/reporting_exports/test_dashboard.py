"""The coordinators' dashboard counts as table 2 of the report, scoped to the user's regions."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Rol
from referentie.models import Regio
from reporting.dashboard import STATUSSEN, dashboard
from reporting.mededeling import build_report
from tests import factories

pytestmark = pytest.mark.django_db

VANDAAG = date(2025, 6, 30)
NU = datetime(2025, 6, 30, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def gegevens() -> None:
    for regio, doel in (("kempen", 10), ("noord-limburg", 8), ("oost-limburg", 6)):
        factories.objectief(regio, 2025, doel)
    factories.objectief("kempen", 2024, 99)

    def t(regio: str, **mijlpalen: date) -> None:
        factories.activeringstraject(factories.deelnemer(regio), **mijlpalen)

    t("kempen", geinitieerd_op=date(2025, 1, 2), aanvaard_op=date(2025, 1, 10))
    t(
        "kempen",
        geinitieerd_op=date(2025, 1, 2),
        aanvaard_op=date(2025, 1, 10),
        bezig_op=date(2025, 2, 1),
    )
    t(
        "kempen",
        geinitieerd_op=date(2025, 1, 2),
        aanvaard_op=date(2025, 1, 10),
        bezig_op=date(2025, 2, 1),
        afgesloten_op=date(2025, 6, 1),
    )
    t(
        "kempen",
        geinitieerd_op=date(2025, 1, 2),
        aanvaard_op=date(2025, 2, 10),
        stopgezet_op=date(2025, 3, 1),
    )
    t(
        "noord-limburg",
        geinitieerd_op=date(2025, 3, 2),
        aanvaard_op=date(2025, 3, 10),
        bezig_op=date(2025, 4, 1),
    )
    t(
        "oost-limburg",
        geinitieerd_op=date(2025, 6, 2),
        aanvaard_op=date(2025, 6, 10),
        bezig_op=date(2025, 7, 1),
    )  # not yet bezig
    t("oost-limburg", geinitieerd_op=date(2025, 6, 20))  # geinitieerd: not toegeleid
    t("kempen", geinitieerd_op=date(2024, 5, 2), aanvaard_op=date(2024, 5, 10))  # gunningsjaar 2024


def test_the_dashboard_equals_the_reports_status_table_on_the_same_day(gegevens) -> None:
    overzicht = dashboard(jaar=VANDAAG.year, peildatum=VANDAAG, regios=None)
    tabel = build_report(2025, VANDAAG)["tables"]["activering_status_per_regio"]

    assert [r.code for r in overzicht.regios] == [
        c for c in Regio.objects.values_list("code", flat=True) if c in tabel
    ]
    for rij in [*overzicht.regios, overzicht.totaal]:
        verwacht = tabel[rij.code]
        assert rij.statussen == {s: verwacht[s] for s in STATUSSEN}
        assert rij.definitief_toegeleid == verwacht["definitief_toegeleid"]
        assert rij.objectief == verwacht["objectief"]
        assert rij.pct_objectief == verwacht["pct_objectief"]


def test_it_gives_the_pro_rata_expectation_and_the_projection_per_network(gegevens) -> None:
    overzicht = dashboard(jaar=VANDAAG.year, peildatum=VANDAAG, regios=None)
    dag, dagen = (VANDAAG - date(2025, 1, 1)).days + 1, 365

    limburg = next(n for n in overzicht.netwerken if n.code == "limburg")
    leden = [
        r
        for r in overzicht.regios
        if r.code in ("noord-limburg", "oost-limburg", "zuid-west-limburg")
    ]
    assert limburg.definitief_toegeleid == sum(r.definitief_toegeleid for r in leden) == 2
    assert limburg.objectief == 14
    assert limburg.pro_rata == pytest.approx(14 * dag / dagen)
    assert limburg.projectie == round(2 * dagen / dag)
    kempen = next(r for r in overzicht.regios if r.code == "kempen")
    assert kempen.statussen == {
        "aanvaard": 1,
        "bezig": 1,
        "vervroegd_stopgezet": 1,
        "afgesloten": 1,
    }
    assert kempen.pct_pro_rata == pytest.approx(round(4 / (10 * dag / dagen) * 100, 1))


@time_machine.travel(NU, tick=False)
def test_an_admin_sees_every_region_with_the_chart_data_as_json(client, gegevens) -> None:
    client.force_login(factories.admin())
    response = client.get(reverse("reporting:dashboard"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["dashboard"].jaar == 2025
    assert len(response.context["dashboard"].regios) == Regio.objects.count()
    assert '<script id="dashboard-data" type="application/json">' in html
    for script in re.findall(r"<script[^>]*>", html):  # no inline scripts (CSP)
        assert "src=" in script or 'type="application/json"' in script
    assert "vendor/chart.js" in html and "reporting/dashboard.js" in html


@time_machine.travel(NU, tick=False)
def test_a_coordinator_sees_only_their_regions_and_a_network_coordinator_their_network(
    client, gegevens
) -> None:
    client.force_login(factories.gebruiker(Rol.COORDINATOR, regios=["kempen"]))
    regios = client.get(reverse("reporting:dashboard")).context["dashboard"].regios
    assert [r.code for r in regios] == ["kempen"]

    client.force_login(factories.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="limburg"))
    overzicht = client.get(reverse("reporting:dashboard")).context["dashboard"]
    assert {r.code for r in overzicht.regios} == set(
        Regio.objects.filter(netwerk="limburg").values_list("code", flat=True)
    )
    assert overzicht.totaal.definitief_toegeleid == 2

    client.force_login(factories.gebruiker(Rol.COORDINATOR))
    assert client.get(reverse("reporting:dashboard")).context["dashboard"].regios == []


def test_a_casemanager_may_not_open_the_dashboard_and_a_visitor_must_log_in(client) -> None:
    assert client.get(reverse("reporting:dashboard")).status_code == 302
    client.force_login(factories.gebruiker(Rol.CASEMANAGER_WERK))
    assert client.get(reverse("reporting:dashboard")).status_code == 403


@time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=False)
def test_it_opens_on_the_latest_year_with_data_and_shows_a_finished_year_as_table_3(
    client, gegevens
) -> None:
    client.force_login(factories.admin())
    standaard = client.get(reverse("reporting:dashboard"))
    assert standaard.context["dashboard"].jaar == 2025  # nothing in 2026 yet
    assert standaard.context["dashboard"].totaal.definitief_toegeleid > 0
    html = standaard.content.decode()
    assert "tabel 3 van de Mededeling" in html
    assert '<option value="2025" selected>2025</option>' in html

    vorig = client.get(reverse("reporting:dashboard"), {"jaar": "2024"}).context["dashboard"]
    tabel = build_report(2024, date(2025, 3, 31))["tables"]["activering_status_per_regio"]
    assert vorig.vandaag == date(2025, 3, 31)
    assert vorig.dag_van_jaar == vorig.dagen_in_jaar  # a finished year: all of its days
    assert vorig.totaal.definitief_toegeleid == tabel["totaal"]["definitief_toegeleid"] > 0

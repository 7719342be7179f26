"""In Chromium: the dashboard's and the steering page's charts are drawn by the one chart
helper (`static/js/grafiek.js`) with a series per figure the page hands over."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Rol, User
from tests import factories as f
from tests.browser.conftest import browser_gebruiker

pytestmark = pytest.mark.django_db(transaction=True)

GETEKEND = """id => {
    const canvas = document.getElementById(id + "-grafiek");
    const grafiek = canvas && window.Chart && window.Chart.getChart(canvas);
    if (!grafiek) return null;
    const labels = JSON.parse(document.getElementById(id + "-labels").textContent);
    return {
        reeksen: grafiek.data.datasets.map(d => d.label),
        labels: labels,
        x: grafiek.data.labels,
        data: JSON.parse(document.getElementById(id + "-data").textContent).labels,
    };
}"""


@pytest.fixture
def beheerder(referentiecodes) -> User:
    f.activeringstraject(
        f.deelnemer("kempen"), geinitieerd_op=date(2024, 1, 5), aanvaard_op=date(2024, 2, 1)
    )
    return browser_gebruiker("beheer", Rol.ADMIN, None)


def test_the_dashboard_and_the_steering_page_draw_their_chart(
    page,
    live_server,
    inloggen,
    beheerder,
):
    inloggen(page, beheerder)
    page.goto(f"{live_server.url}/rapportering/dashboard/")
    page.wait_for_function("() => window.Chart && window.Chart.getChart('dashboard-grafiek')")
    dashboard = page.evaluate(GETEKEND, "dashboard")
    assert dashboard["x"] == dashboard["data"] and dashboard["x"]
    # A bar per status, a marker for the objective and for the pro rata expectation.
    reeksen = ("aanvaard", "bezig", "vervroegd_stopgezet", "afgesloten", "objectief", "pro_rata")
    assert sorted(dashboard["reeksen"]) == sorted(dashboard["labels"][k] for k in reeksen)

    page.goto(f"{live_server.url}/netwerk/sturing/")
    page.wait_for_function("() => window.Chart && window.Chart.getChart('sturing-grafiek')")
    sturing = page.evaluate(GETEKEND, "sturing")
    assert sturing["x"] == sturing["data"]
    # The steering chart stacks every column of the table except "toegewezen" (the total).
    verwacht = {v for k, v in sturing["labels"].items() if k != "toegewezen"}
    assert set(sturing["reeksen"]) == verwacht

"""The AMA SE contingents page shows the report's next-year contingent per begeleider."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from reporting.mededeling import build_report
from tests import factories

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2025, 5, 2, 9, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=False)
def test_it_shows_the_fill_rate_and_next_years_places_of_the_report(client) -> None:
    vol = factories.organisatie("maatwerkbedrijf", naam="Volzet vzw")
    half = factories.organisatie("maatwerkbedrijf", naam="Halfvol vzw", provincie="limburg")
    factories.contingent(vol, 2024, 1)
    factories.ama_se(begeleider=vol, gematcht_op=date(2023, 6, 1))
    factories.contingent(half, 2024, 4)
    factories.contingent(half, 2024, 6)  # two rows of one year are summed
    factories.ama_se(
        begeleider=half, gematcht_op=date(2024, 1, 1), afgesloten_op=date(2024, 12, 31)
    )
    client.force_login(factories.admin())

    response = client.get(reverse("reporting:contingenten"), {"jaar": 2024})

    verwacht = build_report(2024)["tables"]["ama_se_contingent_volgend_jaar"]
    rijen = {r.organisatie_id: r for r in response.context["overzicht"].rijen}
    assert set(rijen) == set(verwacht)
    for org_id, cijfers in verwacht.items():
        assert rijen[org_id].plaatsen == cijfers["plaatsen"]
        assert rijen[org_id].pct_invulling == cijfers["pct_invulling"]
        assert rijen[org_id].plaatsen_volgend_jaar == cijfers["plaatsen_volgend_jaar"]
    assert rijen[half.id].verschil < 0
    assert rijen[vol.id].verschil == 0
    html = response.content.decode()
    assert "Halfvol vzw" in html and "Limburg" in html


@time_machine.travel(datetime(2025, 5, 2, 9, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=False)
def test_it_opens_on_the_running_year_with_a_warning(client) -> None:
    client.force_login(factories.admin())
    response = client.get(reverse("reporting:contingenten"))
    assert response.context["overzicht"].jaar == 2025
    assert response.context["overzicht"].peildatum == date(2025, 5, 2)
    assert "Het jaar loopt nog" in response.content.decode()

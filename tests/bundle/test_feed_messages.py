"""The VDAB feeds go through the bundle importer: a NUL in a cell (which COPY used to refuse
with a database error) is a 400 and changes nothing, and the formula apostrophe rule of the
bundle applies to feed cells as well."""

from __future__ import annotations

from deelnemers.models import Advies
from tests.api.conftest import _empty_throttle_cache, _frozen_today, client_for, world  # noqa: F401

ADVIEZEN = "/api/v1/feeds/adviezen"


def _advies(id_: str, deelnemer: str = "D1") -> dict[str, str | None]:
    return {"id": id_, "deelnemer_id": deelnemer, "advies": "AB", "van": "2025-01-05", "tot": None}


def test_a_nul_in_a_feed_cell_is_refused_with_a_400_and_nothing_changes(world, client_for):  # noqa: F811
    c = client_for(world.users["vdab"])
    response = c.post(ADVIEZEN, {"rijen": [_advies("A1"), _advies("A\x002")]}, format="json")
    assert response.status_code == 400, response.content
    assert all(f["rij"] == 2 and f["bericht"] for f in response.json().get("fouten", []))
    assert not Advies.objects.exists()


def test_a_feed_cell_with_the_export_apostrophe_is_stored_without_it(world, client_for):  # noqa: F811
    c = client_for(world.users["vdab"])
    response = c.post(ADVIEZEN, {"rijen": [_advies("'=A1")]}, format="json")
    assert response.status_code == 200, response.content
    assert list(Advies.objects.values_list("id", flat=True)) == ["=A1"]

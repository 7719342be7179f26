"""Reports through the API, and a whole trajectory walked through the API to its eindadvies."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from reporting.models import IngediendRapport
from reporting.services import checksum

MEDEDELING = "/api/v1/rapporten/mededeling"


def _afgesloten(report: dict, regio: str) -> int:
    return report["tables"]["activering_status_per_regio"][regio]["afgesloten"]


def test_a_trajectory_walked_through_the_api_shows_in_the_report(world, client_for):
    cm = client_for(world.users["cm1"])
    coordinator = client_for(world.users["coordinator"])
    before = coordinator.get(MEDEDELING, {"jaar": 2025}).json()

    d = cm.post(
        "/api/v1/deelnemers",
        {"geboortedatum": "1988-02-03", "provincie": "antwerpen", "regio": "regio-antwerpen"},
        format="json",
    )
    assert d.status_code == 201, d.json()
    t = cm.post(
        "/api/v1/activeringstrajecten",
        {
            "deelnemer": d.json()["id"],
            "regio": "regio-antwerpen",
            "geinitieerd_op": "2025-01-06",
            "casemanager_werk_org": "gtb1",
        },
        format="json",
    )
    assert t.status_code == 201, t.json()
    traject = t.json()
    assert traject["status"] == "geinitieerd"
    assert traject["toegelaten_stappen"] == ["aanvaarden", "intrekken"]
    url = f"/api/v1/activeringstrajecten/{traject['id']}"

    def stap(naam: str, **data: object) -> dict:
        response = cm.post(f"{url}/{naam}", {"versie": traject["versie"], **data}, format="json")
        assert response.status_code == 200, response.json()
        return response.json()

    traject = stap("aanvaarden", datum="2025-01-13")
    traject = stap("starten", datum="2025-01-27")
    assert traject["status"] == "bezig"
    doel = cm.post(
        "/api/v1/doelstellingen",
        {"traject": traject["id"], "soort": "werk", "omschrijving": "Werkervaring opdoen"},
        format="json",
    )
    assert doel.status_code == 201, doel.json()
    stage = cm.post(
        "/api/v1/stages",
        {
            "traject": traject["id"],
            "werkplek": "Atelier",
            "start": "2025-02-03",
            "einde": "2025-05-30",
        },
        format="json",
    )
    assert stage.status_code == 201, stage.json()
    traject = stap("afsluiten", datum="2025-06-02", eindadvies="REC", motivering="Klaar voor werk")
    assert traject["status"] == "afgesloten"
    assert traject["eindadvies"] == "REC"

    after = coordinator.get(MEDEDELING, {"jaar": 2025}).json()
    assert _afgesloten(after, "regio-antwerpen") == _afgesloten(before, "regio-antwerpen") + 1


def test_the_mededeling_is_for_coordinators_and_admins_only(world, client_for):
    assert client_for(world.users["cm1"]).get(MEDEDELING, {"jaar": 2025}).status_code == 403
    assert client_for(world.users["admin"]).get(MEDEDELING, {"jaar": 2025}).status_code == 200


def test_the_mededeling_takes_a_peildatum(world, client_for):
    c = client_for(world.users["coordinator"])
    response = c.get(MEDEDELING, {"jaar": 2024, "peildatum": "2025-01-31"})
    assert response.status_code == 200
    assert response.json()["peildatum"] == "2025-01-31"
    assert c.get(MEDEDELING, {"jaar": "twintig"}).status_code == 400
    assert c.get(MEDEDELING).json()["fouten"][0]["veld"] == "jaar"


def test_the_ladder_report_is_served_as_json(world, client_for):
    response = client_for(world.users["coordinator"]).get(
        "/api/v1/rapporten/ladder", {"jaar": 2025}
    )
    assert response.status_code == 200
    assert response.json()["jaar"] == 2025
    assert set(response.json()["tables"]) >= {"ladder_stand_provincie", "ladder_stromen"}


def test_a_frozen_report_is_served_as_submitted(world, client_for):
    inhoud = {"jaar": 2024, "peildatum": "2025-03-31", "tables": {"x": {"totaal": 1}}}
    rapport = IngediendRapport.objects.create(
        jaar=2024,
        peildatum=date(2025, 3, 31),
        rapport=inhoud,
        checksum=checksum(inhoud),
        regels_versie="test",
        ingediend_door=world.users["admin"],
        ingediend_op=timezone.make_aware(datetime(2025, 4, 1, 10, 0)),
    )
    c = client_for(world.users["coordinator"])
    response = c.get(f"/api/v1/rapporten/ingediend/{rapport.pk}")
    assert response.status_code == 200
    assert response.json()["rapport"] == inhoud
    assert response.json()["checksum"] == rapport.checksum
    assert c.get(f"/api/v1/rapporten/ingediend/{rapport.pk + 1}").status_code == 404

"""Refusals of the services come back as 400 / 409 with a stable code and Dutch messages."""

from __future__ import annotations

from trajectories.models import Activeringstraject, Stage


def test_it_refuses_closing_without_eindadvies_with_400(world, client_for):
    c = client_for(world.users["cm1"])
    response = c.post("/api/v1/activeringstrajecten/AT1/afsluiten", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "regel-geschonden"
    assert {"veld": "eindadvies", "bericht": "Een eindadvies is verplicht bij het afsluiten."} in (
        body["fouten"]
    )
    assert Activeringstraject.objects.get(pk="AT1").afgesloten_op is None


def test_it_refuses_closing_without_a_stage_in_the_plan(world, client_for):
    Stage.objects.filter(traject_id="AT1").delete()
    c = client_for(world.users["cm1"])
    response = c.post(
        "/api/v1/activeringstrajecten/AT1/afsluiten", {"eindadvies": "REC"}, format="json"
    )
    assert response.status_code == 400
    assert "werkervaringsstage" in response.json()["detail"]


def test_it_refuses_a_step_the_status_does_not_allow_with_409(world, client_for):
    c = client_for(world.users["cm1"])
    response = c.post("/api/v1/activeringstrajecten/AT1/aanvaarden", {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stap-niet-toegelaten"
    assert "niet toegelaten" in body["detail"]
    assert body["fouten"][0]["veld"] == "stap"


def test_it_refuses_a_stale_versie_with_409(world, client_for):
    c = client_for(world.users["cm1"])
    versie = c.get("/api/v1/activeringstrajecten/AT1").json()["versie"]
    Activeringstraject.objects.filter(pk="AT1").update(versie=versie + 1)  # someone else saved
    response = c.post(
        "/api/v1/activeringstrajecten/AT1/afsluiten",
        {"eindadvies": "REC", "versie": versie},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "versie-verouderd"
    assert Activeringstraject.objects.get(pk="AT1").afgesloten_op is None


def test_it_refuses_a_date_in_the_future_with_400(world, client_for):
    c = client_for(world.users["cm1"])
    response = c.post(
        "/api/v1/activeringstrajecten/AT1/afsluiten",
        {"eindadvies": "REC", "datum": "2025-07-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fouten"] == [
        {"veld": "afgesloten_op", "bericht": "De datum 1/07/2025 ligt in de toekomst."}
    ]


def test_it_refuses_input_that_does_not_parse_with_400(world, client_for):
    c = client_for(world.users["cm1"])
    response = c.post(
        "/api/v1/activeringstrajecten/AT1/afsluiten",
        {"eindadvies": "ONBEKEND", "datum": "gisteren"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "ongeldige-invoer"
    assert {f["veld"] for f in body["fouten"]} == {"eindadvies", "datum"}


def test_it_refuses_an_eindadvies_not_allowed_for_ama_se(world, client_for):
    c = client_for(world.users["se1"])
    response = c.post(
        "/api/v1/ama-se-trajecten/SE1/afsluiten",
        {"eindadvies": "AMA_SE", "datum": "2025-06-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fouten"][0]["veld"] == "eindadvies"


def test_it_refuses_a_second_running_wvg_agreement_with_another_begeleider(world, client_for):
    c = client_for(world.users["admin"])
    response = c.post(
        "/api/v1/ama-wvg-overeenkomsten",
        {"deelnemer": "D2", "begeleider": "wvg2", "werkpost": "Atelier", "start": "2025-03-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fouten"][0]["veld"] == "begeleider"


def test_it_refuses_an_actie_step_backwards_with_409(world, client_for):
    c = client_for(world.users["cm1"])
    actie = world.ids["actie"]
    response = c.post(f"/api/v1/acties/{actie}/status", {"status": "afgerond"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stap-niet-toegelaten"


def test_it_refuses_a_duplicate_insz_with_409(world, client_for):
    c = client_for(world.users["cm1"])
    data = {
        "insz": "85073003328",
        "geboortedatum": "1985-07-30",
        "provincie": "antwerpen",
        "regio": "regio-antwerpen",
    }
    assert c.post("/api/v1/deelnemers", data, format="json").status_code == 201
    response = c.post("/api/v1/deelnemers", data, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "insz-bestaat"


def test_it_refuses_starting_a_trajectory_without_the_role(world, client_for):
    c = client_for(world.users["nc"])
    response = c.post(
        "/api/v1/activeringstrajecten",
        {"deelnemer": "D1", "regio": "regio-antwerpen", "geinitieerd_op": "2025-06-01"},
        format="json",
    )
    assert response.status_code == 403


def test_it_refuses_a_nul_character_with_400_instead_of_failing_in_the_database(world, client_for):
    c = client_for(world.users["cm1"])
    assert c.get("/api/v1/deelnemers/D%001").status_code == 400
    assert c.get("/api/v1/deelnemers", {"regio": "a\x00b"}).status_code == 400
    response = c.post(
        "/api/v1/doelstellingen",
        {"traject": "AT1", "soort": "werk", "omschrijving": "x\x00y"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "ongeldige-invoer"


def test_an_ama_se_step_needs_its_date(world, client_for):
    c = client_for(world.users["se1"])
    response = c.post("/api/v1/ama-se-trajecten/SE1/stopzetten", {"stopreden": "andere"})
    assert response.status_code == 400
    assert response.json()["fouten"][0]["veld"] == "datum"
    response = c.post(
        "/api/v1/ama-se-trajecten/SE1/stopzetten", {"stopreden": "andere", "datum": "2025-06-01"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "vervroegd-stopgezet"


def test_the_wvg_and_actie_actions_answer_with_the_resource(world, client_for):
    c = client_for(world.users["wvg1"])
    response = c.post("/api/v1/ama-wvg-overeenkomsten/W1/beeindigen", {"einde": "2025-06-01"})
    assert response.status_code == 200, response.json()
    assert response.json()["einde"] == "2025-06-01"
    actie = world.ids["actie"]
    response = client_for(world.users["cm1"]).post(
        f"/api/v1/acties/{actie}/status", {"status": "gestart", "datum": "2025-06-10"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "gestart"


def test_it_registers_a_participant_when_the_client_sends_an_id_and_assigns_its_own(
    world, client_for
):
    """The schema's `id` is read-only: a client that sends one is not refused with a 500
    (nor its id used); the answer holds the id Werkzorg assigned."""
    c = client_for(world.users["cm1"])
    data = {
        "id": "GEKOZEN-1",
        "geboortedatum": "1985-07-30",
        "provincie": "antwerpen",
        "regio": "regio-antwerpen",
    }
    response = c.post("/api/v1/deelnemers", data, format="json")
    assert response.status_code == 201
    assert response.json()["id"] != "GEKOZEN-1"
    assert c.get(f"/api/v1/deelnemers/{response.json()['id']}").status_code == 200


def test_the_schema_marks_the_participant_id_read_only():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    componenten = schema["components"]["schemas"]
    aanvraag = schema["paths"]["/api/v1/deelnemers"]["post"]["requestBody"]["content"]
    ref = aanvraag["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "id" not in componenten[ref]["properties"]
    assert componenten["Deelnemer"]["properties"]["id"]["readOnly"] is True

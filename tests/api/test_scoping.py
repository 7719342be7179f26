"""Every resource for three personas: own (200), colleague of another org and outsider (404)."""

from __future__ import annotations

import pytest

from trajectories.rules import Status

# (list url, detail key in world, own user, colleague of another organisation)
RESOURCES = [
    ("deelnemers", "D1", "cm1", "cm2"),
    ("activeringstrajecten", "AT1", "cm1", "cm2"),
    ("ama-se-trajecten", "SE1", "se1", "se2"),
    ("ama-wvg-overeenkomsten", "W1", "wvg1", "wvg2"),
    ("ladderplaatsingen", "LP1", "cm1", "cm2"),
    ("doelstellingen", "doelstelling", "cm1", "cm2"),
    ("acties", "actie", "cm1", "cm2"),
    ("stages", "stage", "cm1", "cm2"),
]


def _pk(world, key):
    return world.ids.get(key, key)


@pytest.mark.parametrize(("resource", "key", "own", "colleague"), RESOURCES)
def test_the_own_organisation_lists_and_opens_its_dossier(
    world, client_for, resource, key, own, colleague
):
    c = client_for(world.users[own])
    pk = _pk(world, key)
    listed = c.get(f"/api/v1/{resource}")
    assert listed.status_code == 200
    assert str(pk) in {str(r["id"]) for r in listed.json()["results"]}
    detail = c.get(f"/api/v1/{resource}/{pk}")
    assert detail.status_code == 200
    assert str(detail.json()["id"]) == str(pk)


@pytest.mark.parametrize(("resource", "key", "own", "colleague"), RESOURCES)
def test_a_colleague_of_another_organisation_gets_404(
    world, client_for, resource, key, own, colleague
):
    c = client_for(world.users[colleague])
    pk = _pk(world, key)
    listed = c.get(f"/api/v1/{resource}")
    assert listed.status_code == 200
    assert str(pk) not in {str(r["id"]) for r in listed.json()["results"]}
    detail = c.get(f"/api/v1/{resource}/{pk}")
    assert detail.status_code == 404
    assert detail.json()["code"] == "niet-gevonden"


@pytest.mark.parametrize(("resource", "key", "own", "colleague"), RESOURCES)
def test_an_outsider_sees_nothing_and_gets_404(world, client_for, resource, key, own, colleague):
    c = client_for(world.users["outsider"])
    assert c.get(f"/api/v1/{resource}").json()["results"] == []
    assert c.get(f"/api/v1/{resource}/{_pk(world, key)}").status_code == 404


def test_an_anonymous_request_is_refused_with_401(world, client_for):
    response = client_for(None).get("/api/v1/deelnemers")
    assert response.status_code == 401
    assert response.json()["code"] == "niet-aangemeld"


def test_a_colleague_cannot_act_on_a_dossier_outside_scope(world, client_for):
    c = client_for(world.users["cm2"])
    response = c.post("/api/v1/activeringstrajecten/AT1/afsluiten", {"eindadvies": "REC"})
    assert response.status_code == 404


def test_a_reader_may_open_but_not_change_a_trajectory(world, client_for):
    c = client_for(world.users["nc"])
    assert c.get("/api/v1/activeringstrajecten/AT1").status_code == 200
    response = c.post("/api/v1/activeringstrajecten/AT1/afsluiten", {"eindadvies": "REC"})
    assert response.status_code == 403
    assert response.json()["code"] == "geen-toegang"


def test_lists_are_cursor_paginated(world, client_for):
    c = client_for(world.users["admin"])
    first = c.get("/api/v1/deelnemers", {"aantal": 2}).json()
    assert len(first["results"]) == 2
    assert first["next"]
    second = c.get(first["next"]).json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == ["D1", "D2", "D3"]


def test_lists_filter_with_django_filter(world, client_for):
    c = client_for(world.users["admin"])
    response = c.get("/api/v1/activeringstrajecten", {"casemanager_werk_org": "gtb2"})
    assert [r["id"] for r in response.json()["results"]] == ["AT3"]
    response = c.get("/api/v1/activeringstrajecten", {"status": "afgesloten"})
    assert response.json()["results"] == []
    # Every trajectory is found under the status the API reports for it, and only there.
    alle = {r["id"]: r["status"] for r in c.get("/api/v1/activeringstrajecten").json()["results"]}
    per_status = {
        status: [
            r["id"]
            for r in c.get("/api/v1/activeringstrajecten", {"status": status}).json()["results"]
        ]
        for status in Status.values
    }
    assert {i: s for s, ids in per_status.items() for i in ids} == alle
    assert alle  # not vacuous: the world has trajectories


def test_reading_dossiers_is_logged_with_ids_only(world, client_for, caplog):
    c = client_for(world.users["cm1"])
    with caplog.at_level("INFO", logger="werkzorg.audit"):
        c.get("/api/v1/deelnemers/D1")
        c.get("/api/v1/activeringstrajecten")
    reads = [r for r in caplog.records if r.name == "werkzorg.audit"]
    assert [r.deelnemer_ids for r in reads] == [["D1"], ["D1"]]
    assert all(r.channel == "api" and r.user_id == world.users["cm1"].pk for r in reads)
    assert all("Achternaam" not in r.getMessage() for r in reads)

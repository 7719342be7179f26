"""The VDAB feeds: all or nothing per batch, idempotent by id, errors per row."""

from __future__ import annotations

from datetime import date

from deelnemers.models import Advies, Arbeidsmarktpositie

ADVIEZEN = "/api/v1/feeds/adviezen"
POSITIES = "/api/v1/feeds/arbeidsmarktposities"


def _advies(id_, deelnemer="D1", advies="AB", van="2025-01-05", tot=None):
    return {"id": id_, "deelnemer_id": deelnemer, "advies": advies, "van": van, "tot": tot}


def test_a_vdab_token_posts_adviezen(world, token_client):
    c, _token = token_client(world.orgs["vdab"])
    response = c.post(ADVIEZEN, {"rijen": [_advies("A1"), _advies("A2", "D2")]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"aantal": 2, "deelnemers": 2}
    assert set(Advies.objects.values_list("id", "deelnemer_id")) == {("A1", "D1"), ("A2", "D2")}


def test_posting_the_same_batch_twice_changes_nothing(world, client_for):
    c = client_for(world.users["vdab"])
    batch = {"rijen": [_advies("A1"), _advies("A2", "D2", advies="WELZIJN")]}
    assert c.post(ADVIEZEN, batch, format="json").status_code == 200
    before = list(Advies.objects.order_by("id").values())
    assert c.post(ADVIEZEN, batch, format="json").status_code == 200
    assert list(Advies.objects.order_by("id").values()) == before


def test_a_row_with_a_known_id_updates_the_advies(world, client_for):
    c = client_for(world.users["vdab"])
    c.post(ADVIEZEN, {"rijen": [_advies("A1")]}, format="json")
    c.post(ADVIEZEN, {"rijen": [_advies("A1", tot="2025-03-01")]}, format="json")
    assert Advies.objects.get(pk="A1").tot == date(2025, 3, 1)


def test_one_bad_row_refuses_the_whole_batch_with_errors_per_row(world, client_for):
    c = client_for(world.users["vdab"])
    batch = {
        "rijen": [
            _advies("A1"),
            _advies("A2", deelnemer="ONBEKEND"),
            _advies("A3", advies="XX", van="31/01/2025"),
        ]
    }
    response = c.post(ADVIEZEN, batch, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "feed-ongeldig"
    assert {(f["rij"], f["kolom"]) for f in body["fouten"]} == {
        (2, "deelnemer_id"),
        (3, "advies"),
        (3, "van"),
    }
    assert all(f["bericht"] for f in body["fouten"])
    assert not Advies.objects.exists()


def test_an_unknown_column_is_an_error_of_its_row(world, client_for):
    c = client_for(world.users["vdab"])
    response = c.post(ADVIEZEN, {"rijen": [{**_advies("A1"), "kleur": "rood"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["fouten"] == [
        {"rij": 1, "kolom": "kleur", "bericht": "Onbekende kolom."}
    ]


def test_rows_are_counted_by_object_even_with_newlines_in_values(world, client_for):
    c = client_for(world.users["vdab"])
    rijen = [_advies("A\n1"), _advies("A2", deelnemer="ONBEKEND")]
    response = c.post(ADVIEZEN, {"rijen": rijen}, format="json")
    assert response.status_code == 400
    assert [f["rij"] for f in response.json()["fouten"]] == [2]


def test_positions_replace_those_of_each_deelnemer_in_the_batch(world, client_for):
    Arbeidsmarktpositie.objects.create(
        deelnemer_id="D1", van=date(2024, 1, 1), tot=None, positie_id="werkzoekend"
    )
    Arbeidsmarktpositie.objects.create(
        deelnemer_id="D2", van=date(2024, 1, 1), tot=None, positie_id="werkzoekend"
    )
    c = client_for(world.users["vdab"])
    batch = {
        "rijen": [
            {
                "deelnemer_id": "D1",
                "van": "2024-01-01",
                "tot": "2024-12-31",
                "positie": "werkzoekend",
            },
            {"deelnemer_id": "D1", "van": "2025-01-01", "positie": "werk-regulier"},
        ]
    }
    response = c.post(POSITIES, batch, format="json")
    assert response.status_code == 200, response.json()
    assert list(
        Arbeidsmarktpositie.objects.filter(deelnemer_id="D1")
        .order_by("van")
        .values_list("van", "tot", "positie_id")
    ) == [
        (date(2024, 1, 1), date(2024, 12, 31), "werkzoekend"),
        (date(2025, 1, 1), None, "werk-regulier"),
    ]
    # D2 was not in the batch: its positions stay.
    assert Arbeidsmarktpositie.objects.filter(deelnemer_id="D2").count() == 1
    assert c.post(POSITIES, batch, format="json").status_code == 200
    assert Arbeidsmarktpositie.objects.filter(deelnemer_id="D1").count() == 2


def test_overlapping_positions_refuse_the_batch(world, client_for):
    c = client_for(world.users["vdab"])
    batch = {
        "rijen": [
            {"deelnemer_id": "D1", "van": "2024-01-01", "positie": "werkzoekend"},
            {"deelnemer_id": "D1", "van": "2025-01-01", "positie": "werk-regulier"},
        ]
    }
    response = c.post(POSITIES, batch, format="json")
    assert response.status_code == 400
    assert response.json()["fouten"][0]["rij"] in (1, 2)
    assert not Arbeidsmarktpositie.objects.exists()


def test_only_vdab_or_an_admin_may_post_a_feed(world, client_for, token_client):
    assert (
        client_for(world.users["cm1"]).post(ADVIEZEN, {"rijen": []}, format="json").status_code
        == 403
    )
    c, _token = token_client(world.orgs["gtb1"], "casemanager-werk")
    response = c.post(ADVIEZEN, {"rijen": [_advies("A1")]}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "geen-toegang"
    assert (
        client_for(world.users["admin"]).post(ADVIEZEN, {"rijen": []}, format="json").status_code
        == 200
    )


def test_a_body_without_rows_is_a_400(world, client_for):
    response = client_for(world.users["vdab"]).post(ADVIEZEN, [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "ongeldige-invoer"

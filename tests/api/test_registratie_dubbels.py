"""Possible duplicates at registration, on the API and the web form alike (issue 16.3).

A registration that may be a second dossier of someone the user can open is refused until the
user confirms it is someone else (`deelnemers.services.MogelijkeDubbel`); candidates outside the
user's scope are never named (decision 186).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from audit.models import DossierInzage
from deelnemers.models import Deelnemer, Registratie
from tests.api.conftest import REGIO

pytestmark = pytest.mark.django_db

NIEUW = {
    "voornaam": "Mehmet",
    "achternaam": "Ozturk",
    # The dossiers below say 3 July; the new registration swaps day and month.
    "geboortedatum": "1985-03-07",
    "provincie": "antwerpen",
    "regio": REGIO,
}


def _oztürk(id_: str, organisatie) -> Deelnemer:
    d = Deelnemer.objects.create(
        id=id_,
        voornaam="Mehmet",
        achternaam="Öztürk",
        geboortedatum=date(1985, 7, 3),
        provincie_id="antwerpen",
        regio_id=REGIO,
    )
    Registratie.objects.create(deelnemer=d, organisatie=organisatie)
    return d


@pytest.fixture
def dubbels(world):
    """One Öztürk in gtb1's dossiers, one in gtb2's."""
    return _oztürk("DX1", world.orgs["gtb1"]), _oztürk("DX2", world.orgs["gtb2"])


def test_the_api_names_only_the_candidates_in_scope_and_writes_nothing(world, dubbels, client_for):
    binnen, buiten = dubbels
    aantal = Deelnemer.objects.count()
    response = client_for(world.users["cm1"]).post("/api/v1/deelnemers", NIEUW, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "mogelijke-dubbel"
    assert body["kandidaten"] == [binnen.pk]
    assert body["fouten"][0]["veld"] == "bevestig_ander_persoon"
    assert buiten.pk not in response.content.decode()
    assert Deelnemer.objects.count() == aantal
    # Naming a candidate is a read of that dossier.
    gelezen = DossierInzage.objects.filter(user_id=world.users["cm1"].pk, kanaal="api")
    assert set(gelezen.values_list("deelnemer_id", flat=True)) == {binnen.pk}


def test_the_api_registers_after_the_explicit_confirmation(world, dubbels, client_for):
    c = client_for(world.users["cm1"])
    response = c.post(
        "/api/v1/deelnemers", {**NIEUW, "bevestig_ander_persoon": True}, format="json"
    )
    assert response.status_code == 201, response.json()
    nieuw = Deelnemer.objects.get(pk=response.json()["id"])
    assert (nieuw.achternaam, nieuw.geboortedatum) == ("Ozturk", date(1985, 3, 7))


def test_the_api_registers_when_the_only_candidate_is_outside_scope(world, client_for):
    buiten = _oztürk("DX2", world.orgs["gtb2"])
    response = client_for(world.users["cm1"]).post("/api/v1/deelnemers", NIEUW, format="json")
    assert response.status_code == 201
    assert buiten.pk not in response.content.decode()


def test_a_token_of_the_organisation_sees_the_same_candidates(world, dubbels, token_client):
    c, _token = token_client(world.orgs["gtb1"], "casemanager-werk")
    response = c.post("/api/v1/deelnemers", NIEUW, format="json")
    assert response.status_code == 409
    assert response.json()["kandidaten"] == [dubbels[0].pk]


def test_the_schema_documents_the_confirmation_and_the_candidates():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    componenten = schema["components"]["schemas"]
    operatie = schema["paths"]["/api/v1/deelnemers"]["post"]

    def component(inhoud):
        return componenten[inhoud["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]

    aanvraag = component(operatie["requestBody"]["content"])
    assert aanvraag["properties"]["bevestig_ander_persoon"]["type"] == "boolean"
    conflict = operatie["responses"]["409"]
    assert "mogelijke-dubbel" in conflict["description"]
    assert component(conflict["content"])["properties"]["kandidaten"]["type"] == "array"


# --- the web form: the same rule -------------------------------------------------------------


FORMULIER = {
    "insz": "",
    "voornaam": "Mehmet",
    "achternaam": "Ozturk",
    "geboortedatum": "7/03/1985",
    "provincie": "antwerpen",
    "regio": REGIO,
    "werkzoekend_sinds": "",
}


def _web(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_form_shows_the_candidates_in_scope_and_registers_only_when_confirmed(world, dubbels):
    binnen, buiten = dubbels
    c = _web(world.users["cm1"])
    aantal = Deelnemer.objects.count()
    r = c.post("/dossiers/nieuw/", FORMULIER)
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="kandidaten"' in html
    assert f"({binnen.pk})" in html and buiten.pk not in html
    assert Deelnemer.objects.count() == aantal
    r = c.post("/dossiers/nieuw/", {**FORMULIER, "bevestig_nieuw": "on"})
    assert r.status_code == 302
    assert Deelnemer.objects.count() == aantal + 1


def test_the_form_registers_when_the_only_candidate_is_outside_scope(world):
    _oztürk("DX2", world.orgs["gtb2"])
    r = _web(world.users["cm1"]).post("/dossiers/nieuw/", FORMULIER)
    assert r.status_code == 302
    assert Deelnemer.objects.filter(achternaam="Ozturk").count() == 1

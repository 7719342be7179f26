"""Per-organisation API tokens: scoped like their service user, revocable, throttled."""

from __future__ import annotations

import pytest
from django.test import override_settings

from api.models import ApiToken, hash_key
from api.tokens import issue_token, revoke_token
from werkzorg.domein.fouten import Geweigerd


def test_a_token_is_stored_only_as_a_hash(world):
    token, key = issue_token(
        organisatie=world.orgs["gtb1"], name="crm", rollen=["casemanager-werk"], created_by=None
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_key(key)
    assert key not in {stored.key_hash, stored.key_prefix}
    assert key.startswith(stored.key_prefix)
    assert stored.user.organisatie == world.orgs["gtb1"]
    assert not stored.user.has_usable_password()
    assert not stored.user.is_superuser


def test_a_valid_token_sees_its_organisations_dossiers(world, token_client):
    c, token = token_client(world.orgs["gtb1"], "casemanager-werk")
    response = c.get("/api/v1/activeringstrajecten")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == ["AT1"]
    assert c.get("/api/v1/deelnemers/D1").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_gets_404_on_another_organisations_dossier(world, token_client):
    c, _token = token_client(world.orgs["gtb2"], "casemanager-werk")
    assert c.get("/api/v1/activeringstrajecten/AT1").status_code == 404
    assert c.get("/api/v1/deelnemers/D1").status_code == 404
    assert c.post("/api/v1/activeringstrajecten/AT1/stopzetten", {}).status_code == 404


def test_a_revoked_token_is_refused_with_401(world, token_client):
    c, token = token_client(world.orgs["gtb1"], "casemanager-werk")
    assert c.get("/api/v1/deelnemers").status_code == 200
    revoke_token(token=token)
    response = c.get("/api/v1/deelnemers")
    assert response.status_code == 401
    assert response.json() == {
        "code": "aanmelding-mislukt",
        "detail": "Deze API-sleutel is ingetrokken.",
        "fouten": [],
    }


def test_an_unknown_token_is_refused_with_401(world):
    from rest_framework.test import APIClient

    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="Token wz_geraden")
    assert c.get("/api/v1/deelnemers").status_code == 401


def test_a_token_cannot_be_issued_with_the_admin_role(world):
    with pytest.raises(Geweigerd) as exc:
        issue_token(organisatie=world.orgs["gtb1"], name="x", rollen=["admin"], created_by=None)
    assert exc.value.fouten[0].veld == "rollen"


@override_settings(API_TOKEN_THROTTLE_RATE="3/minute")
def test_tokens_are_throttled_each_on_its_own_budget(world, token_client):
    c1, _ = token_client(world.orgs["gtb1"], "casemanager-werk", name="een")
    c2, _ = token_client(world.orgs["gtb1"], "casemanager-werk", name="twee")
    assert [c1.get("/api/v1/deelnemers").status_code for _ in range(3)] == [200, 200, 200]
    refused = c1.get("/api/v1/deelnemers")
    assert refused.status_code == 429
    assert refused.json()["code"] == "te-veel-verzoeken"
    assert "Retry-After" in refused.headers
    assert c2.get("/api/v1/deelnemers").status_code == 200


@override_settings(API_TOKEN_THROTTLE_RATE="1/minute")
def test_people_using_the_session_are_not_throttled_per_token(world, client_for):
    c = client_for(world.users["cm1"])
    assert [c.get("/api/v1/deelnemers").status_code for _ in range(3)] == [200, 200, 200]


def test_an_admin_issues_a_token_in_the_admin_and_sees_the_key_once(world, client):
    from django.contrib.messages import get_messages

    admin_user = world.users["admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"organisatie": "gtb1", "name": "crm", "rollen": ["casemanager-werk"]},
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(name="crm")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    key = next(w for m in shown for w in m.split() if w.startswith("wz_"))
    assert token.key_hash == hash_key(key)
    assert token.created_by == admin_user
    assert list(token.user.rollen.values_list("rol", flat=True)) == ["casemanager-werk"]

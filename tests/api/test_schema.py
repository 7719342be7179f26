"""The OpenAPI schema: generated without warnings, docs served locally, no 5xx under fuzzing."""

from __future__ import annotations

import re

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given

from werkzorg.wsgi import application


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/activeringstrajecten/{id}/afsluiten:" in text
    assert "apiToken" in text


def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/feeds/adviezen" in paths
    assert "/api/v1/rapporten/ingediend/{id}" in paths


def test_the_docs_page_loads_its_assets_from_this_server(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/") for s in sources), sources
    for asset in sources:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content)


def test_no_other_file_is_served_as_a_docs_asset(client):
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js.map").status_code == 404
    assert client.get("/api/v1/docs/assets/..%2F..%2F__init__.py").status_code == 404


@pytest.fixture
def keep_test_connection():
    """Calling the real WSGI app fires request_started/finished, which close the database
    connection of the test transaction; Django's own test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@override_settings(API_TOKEN_THROTTLE_RATE="100000/minute")
@pytest.mark.usefixtures("keep_test_connection")
def test_fuzzing_every_operation_finds_no_server_error(world, token_client, admin_token_roles):
    _client, _token = token_client(world.orgs["gtb1"], *admin_token_roles)
    key = _client._credentials["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=3,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": key})
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        run()
    assert failures == []


@pytest.fixture
def admin_token_roles() -> tuple[str, ...]:
    # Every role a token may hold: the fuzzer reaches the writes, not only the 403s.
    return (
        "casemanager-werk",
        "casemanager-zorg",
        "bemiddelaar-gtb",
        "begeleider-ama-se",
        "begeleider-ama-wvg",
        "netwerkcoordinator",
        "coordinator",
    )

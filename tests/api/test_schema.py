"""The OpenAPI schema: generated without warnings, docs served locally, no 5xx under fuzzing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError

import api.views
from accounts.models import Rol
from api.exceptions import api_exception_handler
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
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, asset


def test_the_docs_page_holds_no_inline_script_or_style(client):
    # The CSP allows neither: the initialisation script is served at ?script=, the page's
    # style is a file (api/docs/docs.css).
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert "<style" not in html
    assert " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts)
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    init = client.get("/api/v1/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in init.content.decode()
    assert "/api/v1/schema/" in init.content.decode()


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


#: What the fuzzer checks on every response: no 5xx, and the response as the schema says
#: (a documented status code, content type, headers and body).
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]

#: Why a serializer may refuse a request the schema allows: an id or code that does not
#: exist (or lies outside the caller's scope). Any other code (required, null, a length, a
#: bound, a format, a choice) is something the schema could say and does not: a valid input
#: rejected. Refusals of the domain rules (`Geweigerd`) are not serializer errors.
AANVAARDE_VORMFOUTEN = {"does_not_exist"}

#: Requests generated per operation; the callers take turns, so each sends about
#: 1/VOORBEELDEN of them (runtime: every caller reaches every operation, the test stays < 60 s).
VOORBEELDEN = 3

#: The organisation of the token per role (every role a token may hold; `api.tokens`).
TOKEN_ORGANISATIE = {
    Rol.CASEMANAGER_WERK: "gtb1",
    Rol.CASEMANAGER_ZORG: "partner",
    Rol.BEMIDDELAAR_GTB: "gtb1",
    Rol.BEGELEIDER_AMA_SE: "mwb1",
    Rol.BEGELEIDER_AMA_WVG: "wvg1",
    Rol.NETWERKCOORDINATOR: "partner",
    Rol.COORDINATOR: "partner",
    # The network partner holds an actie of AT1 (tests/api/conftest.py).
    Rol.DIENSTVERLENER_WERK: "partner",
    Rol.DIENSTVERLENER_ZORG: "partner",
}


def test_every_role_a_token_may_hold_is_fuzzed():
    from api.tokens import VERBODEN_ROLLEN

    assert set(TOKEN_ORGANISATIE) == set(Rol.values) - VERBODEN_ROLLEN


@dataclass
class Identiteiten:
    headers: dict[str, dict[str, str]]
    cookies: dict[str, dict[str, str]]


@pytest.fixture
def identiteiten(world, token_client, client_for) -> Identiteiten:
    """The request headers of every caller of the API: a token per role it may hold, a token
    with all of them (reaches the writes), the VDAB feed token (no role) and an admin's
    session (admins hold no token; MFA set up, CSRF token sent as a browser would)."""
    from tests.mfa import zo_nodig_totp

    headers: dict[str, dict[str, str]] = {}
    cookies: dict[str, dict[str, str]] = {}
    for rol, org in TOKEN_ORGANISATIE.items():
        c, _token = token_client(world.orgs[org], rol, name=f"fuzz-{rol}")
        headers[f"token {rol}"] = {"Authorization": c._credentials["HTTP_AUTHORIZATION"]}
    c, _token = token_client(world.orgs["gtb1"], *TOKEN_ORGANISATIE, name="fuzz-alle")
    headers["token alle rollen"] = {"Authorization": c._credentials["HTTP_AUTHORIZATION"]}
    c, _token = token_client(world.orgs["vdab"], name="fuzz-vdab")
    headers["token VDAB"] = {"Authorization": c._credentials["HTTP_AUTHORIZATION"]}
    admin = zo_nodig_totp(world.users["admin"])
    sessie = client_for(admin).cookies[settings.SESSION_COOKIE_NAME].value
    csrf = "f" * 32
    headers["sessie admin"] = {"X-CSRFToken": csrf}
    cookies["sessie admin"] = {
        settings.SESSION_COOKIE_NAME: sessie,
        settings.CSRF_COOKIE_NAME: csrf,
    }
    return Identiteiten(headers, cookies)


def _vormfouten(detail_codes: Any) -> set[str]:
    """The error codes of a DRF ValidationError's `get_codes()`, however nested."""
    if isinstance(detail_codes, dict):
        return {c for v in detail_codes.values() for c in _vormfouten(v)}
    if isinstance(detail_codes, list):
        return {c for v in detail_codes for c in _vormfouten(v)}
    return {str(detail_codes)}


@pytest.fixture
def vormfouten(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The codes of every serializer refusal (DRF ValidationError) the API answers with."""
    gezien: list[set[str]] = []

    def handler(exc: Exception, context: dict[str, Any]) -> Any:
        if isinstance(exc, ValidationError):
            gezien.append(_vormfouten(exc.get_codes()))
        return api_exception_handler(exc, context)

    monkeypatch.setattr(api.views, "api_exception_handler", handler)
    return gezien


@override_settings(API_TOKEN_THROTTLE_RATE="100000/minute")
@pytest.mark.usefixtures("keep_test_connection")
def test_fuzzing_every_operation_as_every_role_finds_no_server_error_or_schema_violation(
    world, identiteiten, vormfouten
):
    """Every operation as every caller (the callers share the generated requests, see
    `_fuzz`), with data of several organisations present; path ids are drawn from the world's
    (in and out of each caller's scope) as well as generated, so the scoped 404s and the 200s
    are both exercised. Every generated request is valid by the schema, so none may be refused
    for a reason the schema could state (`AANVAARDE_VORMFOUTEN`)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    # The world's ids, of the type the schema gives the path parameter.
    bekende_ids = {
        str: st.sampled_from(["D1", "D2", "D3", "AT1", "AT3", "SE1", "W1", "LP1"]),
        int: st.sampled_from([v for v in world.ids.values() if isinstance(v, int)]),
    }
    failures: list[str] = []
    statussen: Counter[int] = Counter()
    wie_allemaal = list(identiteiten.headers)

    def stuur(case: schemathesis.Case, wie: str) -> None:
        headers = identiteiten.headers[wie]
        vormfouten.clear()
        response = case.call(headers=headers, cookies=identiteiten.cookies.get(wie))
        statussen[response.status_code] += 1
        geweigerd = {c for codes in vormfouten for c in codes} - AANVAARDE_VORMFOUTEN
        if geweigerd:
            failures.append(
                f"{wie}: {case.method} {case.formatted_path} -> {response.status_code}: "
                f"valid by the schema, refused as {sorted(geweigerd)}: {response.text[:300]}"
            )
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # every failure is reported below
            eerste = str(exc).strip().splitlines()[:6]
            failures.append(
                f"{wie}: {case.method} {case.formatted_path} -> "
                f"{response.status_code}: {' | '.join(eerste)}"
            )

    for operation in operations:
        _fuzz(operation, wie_allemaal, stuur, bekende_ids)
    assert failures == [], "\n".join(failures)
    # Not vacuous: the callers reached data (200/201) and were refused by scope (404).
    assert statussen[200] and statussen[404] and statussen[403], statussen


def _fuzz(
    operation: Any,
    wie_allemaal: list[str],
    stuur: Callable[[schemathesis.Case, str], None],
    bekende_ids: dict[type, st.SearchStrategy[Any]],
) -> None:
    """The callers take turns over the requests generated for `operation`; whoever got none
    gets the last one (an operation without parameters yields a single request)."""
    gehad: set[str] = set()
    laatste: list[schemathesis.Case] = []

    @given(case=operation.as_strategy(), data=st.data())
    @hypothesis.settings(
        max_examples=VOORBEELDEN,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case, data: st.DataObject) -> None:
        gegenereerd = (case.path_parameters or {}).get("id")
        if gegenereerd is not None and data.draw(st.booleans()):
            soort = int if isinstance(gegenereerd, int) else str
            case.path_parameters["id"] = data.draw(bekende_ids[soort])
        beurt = len(laatste) % VOORBEELDEN
        laatste.append(case)
        for index, wie in enumerate(wie_allemaal):
            if index % VOORBEELDEN == beurt:
                stuur(case, wie)
                gehad.add(wie)

    run()
    for wie in wie_allemaal:
        if wie not in gehad:
            stuur(laatste[-1], wie)

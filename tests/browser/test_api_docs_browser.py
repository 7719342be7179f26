"""The API docs page (Swagger UI) in Chromium under the real Content Security Policy."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_the_operations_without_a_csp_violation(page: Any, live_server: Any):
    berichten: list[str] = []
    page.on("console", lambda m: berichten.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: berichten.append(f"pageerror: {e}"))
    # Every violation the browser sees, also those it does not log to the console.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP-violation ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    # Swagger UI fetched the schema and drew the operations.
    page.locator(".opblock").first.wait_for(timeout=20_000)
    assert page.locator(".opblock").count() > 40
    assert page.get_by_text("/api/v1/activeringstrajecten/{id}/afsluiten").count() >= 1
    schendingen = [b for b in berichten if "CSP" in b or "Content Security Policy" in b]
    assert schendingen == []
    assert not [b for b in berichten if b.startswith(("error", "pageerror"))], berichten

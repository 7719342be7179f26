"""Shared browser fixtures: Debian's Chromium (never a downloaded build), a live server and a
login helper. Journey tests in this folder use pytest-playwright's `page` fixture."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from accounts.models import Roltoewijzing, User
from organisaties.models import Lidmaatschap, Organisatie

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# The README's screenshots are refreshed on request only (`WERKZORG_SCREENSHOTS=1 make test`);
# otherwise a test run leaves the repository as it was and shoots into a temporary folder.
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WACHTWOORD = "Browser-wachtwoord-123"


def browser_gebruiker(
    username: str,
    rol: str,
    organisatie: Organisatie | None,
    *,
    toewijzing: dict[str, Any] | None = None,
    **extra: Any,
) -> User:
    """A user who logs in through the login form with `WACHTWOORD`, holding `rol`
    (`toewijzing`: the role's region or network; `extra`: e.g. first_name)."""
    u = User.objects.create_user(
        username=username, password=WACHTWOORD, organisatie=organisatie, **extra
    )
    Roltoewijzing.objects.create(user=u, rol=rol, **(toewijzing or {}))
    return u


def browser_organisatie(pk: str, naam: str, type_code: str, **lid: Any) -> Organisatie:
    """An organisation in Antwerpen; with `lid` (rol=, regio_id= / netwerk_id=) a membership."""
    org = Organisatie.objects.create(id=pk, naam=naam, type_id=type_code, provincie_id="antwerpen")
    if lid:
        Lidmaatschap.objects.create(organisatie=org, van=date(2020, 1, 1), **lid)
    return org


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium ontbreekt: voer scripts/ensure-chromium.sh uit (apt-get install chromium)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "nl-BE",
        "timezone_id": "Europe/Brussels",
        "viewport": {"width": 1280, "height": 860},
    }


@pytest.fixture
def _snelle_wachtwoorden(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def inloggen(live_server: Any, _snelle_wachtwoorden: None) -> Callable[..., None]:
    """Log `user` in through the real login form (its password must be `WACHTWOORD`). A user
    who must use two-factor authentication gets the test authenticator app first
    (`tests.mfa`) and enters its code on the second page, as a person would."""
    from django.core.cache import cache

    from tests.mfa import totp_code, zo_nodig_totp

    def _inloggen(page: Any, user: Any) -> None:
        zo_nodig_totp(user)
        # A code is accepted once: a second login within 30 s in this process needs a clean
        # slate (allauth keeps spent codes and rate limits in the cache).
        cache.clear()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Aanmelden").click()
        # `/` sends each role on to its own home (Mijn dossiers, Mijn acties, the dashboard).
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if page.url.endswith("/accounts/2fa/authenticate/"):
            page.get_by_label("Code").fill(totp_code())
            page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(lambda url: "/accounts/" not in url)

    return _inloggen


@pytest.fixture
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Any, str], Path]:
    """Save a full-page screenshot `<name>.png`: into docs/screenshots (shown in the README)
    with WERKZORG_SCREENSHOTS=1, else into a temporary folder."""
    if os.environ.get("WERKZORG_SCREENSHOTS") == "1":
        map_ = DOCS_SCREENSHOTS
    else:
        map_ = tmp_path_factory.getbasetemp() / "screenshots"

    def _screenshot(page: Any, name: str) -> Path:
        map_.mkdir(parents=True, exist_ok=True)
        pad = map_ / f"{name}.png"
        # A page in full, or one element (a Playwright locator).
        page.screenshot(path=str(pad), **({"full_page": True} if hasattr(page, "goto") else {}))
        return pad

    return _screenshot


@pytest.fixture(autouse=True)
def referentiecodes(request: pytest.FixtureRequest) -> None:
    """Reload the reference codes of the data migration (idempotent `update_or_create`).

    A live-server test runs in a transactional database whose flush at teardown also wipes the
    data migrations' rows; `serialized_rollback` does not restore them reliably when the
    browser tests run in one session with ordinary `db` tests (seen on PostgreSQL). Autouse for
    every browser test marked `django_db`.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")  # database access first
    import importlib

    from django.apps import apps

    importlib.import_module("referentie.migrations.0002_load_codes").load_codes(apps, None)

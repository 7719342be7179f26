"""Two-factor authentication (allauth.mfa), re-authentication before exports of personal data,
the admin login, and the lockout behind a proxy — all through the real forms."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

from accounts.decorators import herauthenticatie_vereist
from accounts.ip import client_ip
from accounts.models import Rol, User
from accounts.permissions import mfa_verplicht
from tests import factories as f
from tests.mfa import (
    TEST_GEHEIM,
    activeer_totp,
    herstelcodes,
    totp_code,
    verwijder_totp,
    zo_nodig_totp,
)
from werkzorg.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
MFA_CODE = "/accounts/2fa/authenticate/"
ACTIVEREN = "/accounts/2fa/totp/activate/"
HERAUTH = "/accounts/reauthenticate/"
HERAUTH_MFA = "/accounts/2fa/reauthenticate/"
DASHBOARD = "/rapportering/dashboard/"
EXPORT = "/test/export/persoonsgegevens/"
T0 = datetime(2025, 6, 2, 8, 0, 5, tzinfo=UTC)


@herauthenticatie_vereist
def _export(request: HttpRequest) -> HttpResponse:
    """Stands for a view handing out personal data (the research extract, privacy/)."""
    jaar = request.POST.get("jaar", "")
    return HttpResponse(f"id;naam{jaar}\n1;Canary\n", content_type="text/csv")


# The site's own URLs plus one protected export (see `geheim_export`).
urlpatterns = [path(EXPORT.strip("/") + "/", _export), *site_urls]
geheim_export = pytest.mark.urls(__name__)


@pytest.fixture
def coordinator(db) -> User:
    """A coordinator who has not set up an authenticator app yet."""
    user = f.gebruiker(Rol.COORDINATOR, regios=["kempen"], username="coord")
    verwijder_totp(user)
    return user


@pytest.fixture
def coordinator_met_app(coordinator) -> User:
    activeer_totp(coordinator)
    return coordinator


def _wachtwoord(c: Client, username: str, wachtwoord: str = f.WACHTWOORD, **extra):
    return c.post(LOGIN, {"login": username, "password": wachtwoord}, **extra)


def _volledig_aanmelden(c: Client, user: User, code: str | None = None) -> None:
    r = _wachtwoord(c, user.username)
    assert r.status_code == 302 and r["Location"] == MFA_CODE
    r = c.post(MFA_CODE, {"code": code or totp_code()})
    assert r.status_code == 302 and r["Location"] == "/", r.content.decode()[:300]


def _ingelogd(c: Client) -> bool:
    return c.get("/dossiers/").status_code == 200


# --- signing in with an authenticator app -----------------------------------------------------


def test_a_coordinator_signs_in_with_password_and_the_code_of_the_app(coordinator_met_app):
    c = Client()
    r = _wachtwoord(c, "coord")
    # The password alone does not sign in: the second step asks for the code.
    assert r.status_code == 302 and r["Location"] == MFA_CODE
    assert c.get(DASHBOARD).status_code == 302
    pagina = c.get(MFA_CODE).content.decode()
    assert "Tweestapsverificatie" in pagina and 'autocomplete="one-time-code"' in pagina
    r = c.post(MFA_CODE, {"code": totp_code()})
    assert r.status_code == 302 and r["Location"] == "/"
    assert c.get(DASHBOARD).status_code == 200


def test_a_wrong_code_is_refused_with_a_dutch_message(coordinator_met_app):
    c = Client()
    _wachtwoord(c, "coord")
    r = c.post(MFA_CODE, {"code": _foute_code()})
    assert r.status_code == 200
    assert "Deze code is niet juist. Probeer opnieuw." in r.content.decode()
    assert c.get(DASHBOARD).status_code == 302
    assert not _ingelogd(c)


def test_guessing_codes_is_stopped_after_five_and_each_wrong_code_is_logged(
    coordinator_met_app, caplog
):
    c = Client()
    _wachtwoord(c, "coord")
    goed = totp_code()
    fout = _foute_code()
    with caplog.at_level("WARNING", logger="accounts.mfa"):
        for _ in range(5):
            c.post(MFA_CODE, {"code": fout})
    regels = [r.getMessage() for r in caplog.records if r.name == "accounts.mfa"]
    assert (
        regels
        == [
            f"Tweestapsverificatie: verkeerde code geweigerd (gebruiker-id {coordinator_met_app.pk}, "
            "aanmelden)"
        ]
        * 5
    )
    # The right code no longer helps within the window.
    r = c.post(MFA_CODE, {"code": goed})
    assert "Te veel mislukte pogingen. Probeer het later opnieuw." in r.content.decode()
    assert c.get(DASHBOARD).status_code == 302


def _foute_code(geheim: str = TEST_GEHEIM) -> str:
    """A code the app does not show now, nor one step before or after (the tolerance)."""
    geldig = {totp_code(geheim, stap=s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in geldig)


def test_a_code_of_the_app_is_accepted_only_once(coordinator_met_app):
    with time_machine.travel(T0, tick=False):
        code = totp_code()
        _volledig_aanmelden(Client(), coordinator_met_app, code)
        ander = Client()
        _wachtwoord(ander, "coord")
        r = ander.post(MFA_CODE, {"code": code})
        assert "Deze code is niet juist" in r.content.decode()
        assert ander.get(DASHBOARD).status_code == 302


def test_a_recovery_code_signs_in_once(coordinator_met_app):
    code = herstelcodes(coordinator_met_app)[0]
    c = Client()
    _volledig_aanmelden(c, coordinator_met_app, code)
    assert c.get(DASHBOARD).status_code == 200
    assert code not in herstelcodes(coordinator_met_app)
    c.post("/accounts/logout/")

    opnieuw = Client()
    _wachtwoord(opnieuw, "coord")
    r = opnieuw.post(MFA_CODE, {"code": code})
    assert "Deze code is niet juist" in r.content.decode()
    assert opnieuw.get(DASHBOARD).status_code == 302


def test_the_session_key_changes_when_the_second_step_completes(coordinator_met_app):
    c = Client()
    _wachtwoord(c, "coord")
    tussen = c.session.session_key
    c.post(MFA_CODE, {"code": totp_code()})
    assert c.session.session_key != tussen
    assert _ingelogd(c)


# --- who must use it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rol", "extra", "verplicht"),
    [
        (Rol.ADMIN, {}, True),
        (Rol.COORDINATOR, {}, True),
        (Rol.NETWERKCOORDINATOR, {}, True),
        (None, {"is_superuser": True}, True),
        (None, {"is_staff": True}, True),
        (Rol.CASEMANAGER_WERK, {}, False),
        (Rol.CASEMANAGER_ZORG, {}, False),
        (Rol.BEMIDDELAAR_GTB, {}, False),
        (Rol.BEGELEIDER_AMA_SE, {}, False),
        (Rol.BEGELEIDER_AMA_WVG, {}, False),
    ],
)
def test_admins_and_coordinators_must_use_mfa_and_dossier_roles_may(rol, extra, verplicht):
    assert mfa_verplicht(f.gebruiker(rol, **extra)) is verplicht


def test_a_coordinator_without_an_app_is_sent_to_the_setup_and_sees_no_report(coordinator):
    c = Client()
    assert _wachtwoord(c, "coord").status_code == 302
    for pagina in ["/", DASHBOARD, "/rapportering/", "/ladder/rapport/", "/dossiers/"]:
        r = c.get(pagina)
        assert r.status_code == 302 and r["Location"] == ACTIVEREN, pagina
    # An htmx request is redirected as a whole page; the API (session) answers 403.
    r = c.get(DASHBOARD, headers={"HX-Request": "true"})
    assert r["HX-Redirect"] == ACTIVEREN
    r = c.get("/api/v1/rapporten/mededeling?jaar=2024")
    assert r.status_code == 403 and r.json()["code"] == "mfa-verplicht"
    # The setup page itself (no second password right after signing in) and sign-out work.
    pagina = c.get(ACTIVEREN)
    assert pagina.status_code == 200
    assert "Voor uw rol is tweestapsverificatie verplicht." in pagina.content.decode()
    assert c.post("/accounts/logout/").status_code == 302
    assert c.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_the_api_refusal_for_a_missing_app_has_the_api_error_shape(coordinator):
    c = Client()
    _wachtwoord(c, "coord")
    r = c.get("/api/v1/rapporten/mededeling?jaar=2024")
    assert r.status_code == 403 and r["Content-Type"] == "application/json"
    assert r.json() == {
        "code": "mfa-verplicht",
        "detail": f"Voor uw rol is tweestapsverificatie verplicht. Stel ze eerst in: {ACTIVEREN}",
        "fouten": [],
    }
    # The same keys as any other refusal of the API (here: not signed in).
    anoniem = Client().get("/api/v1/rapporten/mededeling?jaar=2024").json()
    assert anoniem.keys() == r.json().keys() and anoniem["fouten"] == []


def test_setting_up_the_app_through_the_form_opens_the_reports(coordinator):
    c = Client()
    _wachtwoord(c, "coord")
    html = c.get(ACTIVEREN).content.decode()
    geheim = re.search(r'<code id="totp-sleutel">([A-Z2-7]+)</code>', html).group(1)
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, allowed by the CSP

    r = c.post(ACTIVEREN, {"code": _foute_code(geheim)})
    assert r.status_code == 200 and "Deze code is niet juist" in r.content.decode()
    assert not Authenticator.objects.filter(user=coordinator).exists()

    r = c.post(ACTIVEREN, {"code": totp_code(geheim)})
    assert r.status_code == 302 and r["Location"] == "/accounts/2fa/recovery-codes/"
    codes = c.get(r["Location"]).content.decode()
    assert all(code in codes for code in herstelcodes(coordinator))
    assert c.get(DASHBOARD).status_code == 200
    # From now on the sign-in asks for the code.
    nieuw = Client()
    assert _wachtwoord(nieuw, "coord")["Location"] == MFA_CODE


def test_setting_up_the_app_long_after_signing_in_asks_for_the_password_again(coordinator):
    c = Client()
    with time_machine.travel(T0, tick=False):
        _wachtwoord(c, "coord")
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        r = c.get(ACTIVEREN)
        assert r.status_code == 302 and r["Location"].startswith(HERAUTH)
        r = c.post(r["Location"], {"password": f.WACHTWOORD})
        assert r["Location"] == ACTIVEREN
        assert c.get(ACTIVEREN).status_code == 200


def test_a_casemanager_is_not_forced_but_finds_the_setup_in_the_user_menu(gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    c = Client()
    assert _wachtwoord(c, "ilse")["Location"] == "/"
    html = c.get("/dossiers/").content.decode()
    assert 'href="/accounts/2fa/"' in html and "Beveiliging" in html
    beveiliging = c.get("/accounts/2fa/").content.decode()
    assert "Tweestapsverificatie" in beveiliging and "Nog niet ingesteld." in beveiliging
    assert "Voor uw rol is dit verplicht." not in beveiliging


def test_enforcement_can_be_switched_off_outside_production(coordinator, settings):
    settings.WERKZORG_MFA_VERPLICHT = False
    c = Client()
    _wachtwoord(c, "coord")
    assert c.get(DASHBOARD).status_code == 200


def test_the_production_settings_force_enforcement_on():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkzorg.settings_production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "WERKZORG_PSEUDONIEM_SLEUTEL": "y" * 48,  # also required in production (privacy/)
        "WERKZORG_MFA_VERPLICHT": "0",
    }
    env.pop("DJANGO_DEBUG", None)
    uit = subprocess.run(  # noqa: S603 - fixed argument list
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.WERKZORG_MFA_VERPLICHT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert uit.stdout.strip() == "True"


def test_a_required_user_may_replace_the_app_and_is_then_sent_to_set_up_a_new_one(
    coordinator_met_app,
):
    c = Client()
    _volledig_aanmelden(c, coordinator_met_app)
    r = c.post("/accounts/2fa/totp/deactivate/")
    assert r.status_code == 302
    assert not Authenticator.objects.filter(user=coordinator_met_app).exists()
    assert c.get(DASHBOARD)["Location"] == ACTIVEREN


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_login_is_the_same_login_with_the_second_step(db):
    beheerder = zo_nodig_totp(User.objects.create_superuser("beheer", password=f.WACHTWOORD))
    c = Client()
    r = c.get("/admin/login/?next=/admin/")
    assert r.status_code == 302 and r["Location"].startswith(LOGIN)
    # Posting a password to the admin's own form signs nobody in.
    r = c.post("/admin/login/", {"username": "beheer", "password": f.WACHTWOORD})
    assert r.status_code == 302 and r["Location"].startswith(LOGIN)
    assert c.get("/admin/").status_code == 302
    _volledig_aanmelden(c, beheerder)
    assert c.get("/admin/").status_code == 200
    assert c.get("/admin/password_change/")["Location"] == "/accounts/password/change/"


def test_an_admin_resets_a_lost_second_factor_but_never_sees_its_secret(coordinator_met_app):
    beheerder = zo_nodig_totp(User.objects.create_superuser("beheer", password=f.WACHTWOORD))
    c = Client()
    _volledig_aanmelden(c, beheerder)
    totp = Authenticator.objects.get(user=coordinator_met_app, type=Authenticator.Type.TOTP)
    pagina = c.get(f"/admin/mfa/authenticator/{totp.pk}/change/").content.decode()
    assert "coord" in pagina and TEST_GEHEIM not in pagina
    assert c.get("/admin/mfa/authenticator/add/").status_code == 403
    r = c.post(
        "/admin/accounts/user/",
        {"action": "tweestapsverificatie_herstellen", "_selected_action": [coordinator_met_app.pk]},
    )
    assert r.status_code == 302
    assert not Authenticator.objects.filter(user=coordinator_met_app).exists()
    # The coordinator signs in with the password and must set up a new app.
    ander = Client()
    assert _wachtwoord(ander, "coord")["Location"] == "/"
    assert ander.get(DASHBOARD)["Location"] == ACTIVEREN


# --- re-authentication before an export of personal data ------------------------------------


@geheim_export
def test_an_export_asks_to_confirm_the_password_even_right_after_signing_in(gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    c = Client()
    _wachtwoord(c, "ilse")
    r = c.get(EXPORT)
    assert r.status_code == 302 and r["Location"] == f"{HERAUTH}?next={EXPORT.replace('/', '%2F')}"
    pagina = c.get(r["Location"]).content.decode()
    assert "Bevestig dat u het bent" in pagina

    fout = c.post(r["Location"], {"password": "niet-het-wachtwoord"})
    assert fout.status_code == 200 and "Dit wachtwoord is niet juist." in fout.content.decode()
    # A wrong password here counts towards the lockout like one at the login.
    assert AccessAttempt.objects.get(username="ilse").failures_since_start == 1
    assert c.get(EXPORT).status_code == 302

    r = c.post(r["Location"], {"password": f.WACHTWOORD})
    assert r.status_code == 302 and r["Location"] == EXPORT
    r = c.get(EXPORT)
    assert r.status_code == 200 and r.content == b"id;naam\n1;Canary\n"


@geheim_export
def test_a_posted_export_is_carried_out_right_after_the_confirmation(gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    c = Client()
    _wachtwoord(c, "ilse")
    r = c.post(EXPORT, {"jaar": "2024"})
    assert r.status_code == 302 and r["Location"].startswith(HERAUTH)
    # allauth kept the POST; confirming the password answers it with the export itself.
    r = c.post(r["Location"], {"password": f.WACHTWOORD})
    assert r.status_code == 200 and r.content == b"id;naam2024\n1;Canary\n"


@geheim_export
def test_the_confirmation_holds_five_minutes_then_the_export_asks_again(gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    c = Client()
    with time_machine.travel(T0, tick=False):
        _wachtwoord(c, "ilse")
        c.post(f"{HERAUTH}?next={EXPORT}", {"password": f.WACHTWOORD})
        assert c.get(EXPORT).status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=4), tick=False):
        assert c.get(EXPORT).status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=6), tick=False):
        r = c.get(EXPORT)
        assert r.status_code == 302 and r["Location"].startswith(HERAUTH)


@geheim_export
def test_a_user_with_an_app_may_confirm_with_a_code_instead(coordinator_met_app):
    c = Client()
    with time_machine.travel(T0, tick=False):
        _volledig_aanmelden(c, coordinator_met_app)
        r = c.get(EXPORT)
        assert r["Location"].startswith(HERAUTH)
        pagina = c.get(r["Location"]).content.decode()
        assert f'href="{HERAUTH_MFA}?next=' in pagina
        # The code of the sign-in is spent: confirm with the next one.
        r = c.post(f"{HERAUTH_MFA}?next={EXPORT}", {"code": totp_code(stap=1)})
        assert r.status_code == 302 and r["Location"] == EXPORT
        assert c.get(EXPORT).status_code == 200


@geheim_export
def test_an_anonymous_export_request_goes_to_the_login(client):
    r = client.get(EXPORT)
    assert r.status_code == 302 and r["Location"].startswith(LOGIN)


# --- lockout through the allauth form, behind a proxy -----------------------------------------


def test_failed_logins_through_the_form_are_counted_and_logged_by_axes(gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    c = Client()
    for _ in range(4):
        r = _wachtwoord(c, "ilse", "fout")
        assert "Gebruikersnaam of wachtwoord is niet juist." in r.content.decode()
    assert AccessAttempt.objects.get(username="ilse").failures_since_start == 4
    r = _wachtwoord(c, "ilse", "fout")
    assert r.status_code == 429
    assert "Aanmelden tijdelijk geblokkeerd" in r.content.decode()
    assert AccessFailureLog.objects.filter(username="ilse").count() == 5


def test_behind_a_proxy_the_lockout_is_per_forwarded_client(gtb, settings):
    settings.WERKZORG_PROXY_AANTAL = 1
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    aanvaller = {"headers": {"X-Forwarded-For": "203.0.113.7"}}
    for _ in range(5):
        _wachtwoord(Client(), "ilse", "fout", **aanvaller)
    assert AccessAttempt.objects.get(username="ilse").ip_address == "203.0.113.7"
    assert _wachtwoord(Client(), "ilse", **aanvaller).status_code == 429
    # The same user from another address behind the same proxy still signs in.
    collega = {"headers": {"X-Forwarded-For": "198.51.100.9"}}
    assert _wachtwoord(Client(), "ilse", **collega).status_code == 302


def test_without_a_proxy_setting_x_forwarded_for_is_ignored(gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")
    for n in range(5):
        vervalst = {"headers": {"X-Forwarded-For": f"203.0.113.{n}"}}
        _wachtwoord(Client(), "ilse", "fout", **vervalst)
    assert AccessAttempt.objects.get(username="ilse").ip_address == "127.0.0.1"
    anders = {"headers": {"X-Forwarded-For": "198.51.100.9"}}
    assert _wachtwoord(Client(), "ilse", **anders).status_code == 429


@pytest.mark.parametrize(
    ("aantal", "xff", "verwacht"),
    [
        (0, "203.0.113.7", "10.0.0.1"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote 6.6.6.6 itself
        (2, "203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: not trusted
        (1, "geen-adres", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(settings, aantal, xff, verwacht):
    settings.WERKZORG_PROXY_AANTAL = aantal
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == verwacht


# --- the pages themselves -----------------------------------------------------------------------


def _zonder_inline_script_of_stijl(html: str) -> bool:
    return not (
        re.search(r"\sstyle=", html)
        or re.search(r"<style", html)
        or re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
        or re.search(r"\son[a-z]+=", html)
    )


def test_the_login_and_mfa_pages_are_dutch_and_hold_nothing_the_csp_blocks(coordinator):
    c = Client()
    paginas = {LOGIN: "Aanmelden", "/accounts/password/reset/": "Wachtwoord vergeten"}
    for url, titel in paginas.items():
        html = c.get(url).content.decode()
        assert titel in html and 'lang="nl-BE"' in html and _zonder_inline_script_of_stijl(html)
    _wachtwoord(c, "coord")
    for url, titel in {
        ACTIVEREN: "Authenticator-app instellen",
        "/accounts/2fa/": "Tweestapsverificatie",
        "/accounts/logout/": "Wilt u zich afmelden?",
    }.items():
        html = c.get(url).content.decode()
        assert titel in html and _zonder_inline_script_of_stijl(html), url
    c.post(ACTIVEREN, {"code": totp_code(c.session["mfa.totp.secret"])})
    for url, titel in {
        "/accounts/2fa/recovery-codes/": "Herstelcodes",
        "/accounts/2fa/totp/deactivate/": "Authenticator-app uitschakelen",
        "/accounts/password/change/": "Wachtwoord wijzigen",
        HERAUTH: "Bevestig dat u het bent",
        HERAUTH_MFA: "Bevestig dat u het bent",
    }.items():
        html = c.get(url).content.decode()
        assert titel in html and _zonder_inline_script_of_stijl(html), url


def test_there_is_no_signup_and_no_self_service_of_email_addresses(db):
    c = Client()
    assert "Geen registratie" in c.get("/accounts/signup/").content.decode()
    c.post(
        "/accounts/signup/",
        {"username": "nieuw", "password1": "Een-lang-wachtwoord-9", "password2": "x"},
    )
    assert not User.objects.filter(username="nieuw").exists()
    user = f.gebruiker(Rol.CASEMANAGER_WERK)
    c.force_login(user)
    assert c.get("/accounts/email/").status_code == 404


def test_the_test_secret_is_the_one_the_helpers_use(coordinator_met_app):
    # Guards the helper itself: a code computed from TEST_GEHEIM is what the app would show.
    totp = Authenticator.objects.get(user=coordinator_met_app, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(totp_code(TEST_GEHEIM))

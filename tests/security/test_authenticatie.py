"""Login lockout, session lifetime, session rotation and deactivation, through allauth's login
form (`/accounts/login/`, fields `login` and `password`)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import Rol, User
from accounts.services import deactiveer_gebruiker
from tests import factories as f
from tests.mfa import zo_nodig_totp

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def gebruiker(gtb) -> User:
    return f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="ilse")


def _aanmelden(c: Client, username: str, wachtwoord: str = f.WACHTWOORD):
    return c.post(LOGIN, {"login": username, "password": wachtwoord})


def _ingelogd(c: Client) -> bool:
    return c.get("/dossiers/").status_code == 200


def test_five_failed_logins_lock_the_username_from_that_address(gebruiker):
    c = Client()
    for _ in range(4):
        assert _aanmelden(c, "ilse", "fout-wachtwoord").status_code == 200
    # The fifth failure locks: from then on even the right password is refused.
    assert _aanmelden(c, "ilse", "fout-wachtwoord").status_code == 429
    r = _aanmelden(c, "ilse")
    assert r.status_code == 429
    assert not _ingelogd(c)


def test_the_lockout_holds_only_that_username_and_ends_after_30_minutes(gebruiker, gtb):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="karel")
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            _aanmelden(Client(), "ilse", "fout-wachtwoord")
        assert _aanmelden(Client(), "ilse").status_code == 429
        anders = Client()
        assert _aanmelden(anders, "karel").status_code == 302
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        c = Client()
        assert _aanmelden(c, "ilse").status_code == 302
        assert _ingelogd(c)


def test_a_successful_login_resets_the_failure_count(gebruiker):
    for _ in range(4):
        _aanmelden(Client(), "ilse", "fout-wachtwoord")
    assert _aanmelden(Client(), "ilse").status_code == 302
    for _ in range(4):
        _aanmelden(Client(), "ilse", "fout-wachtwoord")
    assert _aanmelden(Client(), "ilse").status_code == 302


def test_the_session_key_changes_at_login(gebruiker):
    c = Client()
    c.get(LOGIN)
    session = c.session
    session["voor_login"] = True
    session.save()
    voor = session.session_key
    c.cookies["sessionid"] = voor
    assert _aanmelden(c, "ilse").status_code == 302
    assert c.session.session_key != voor
    assert not Session.objects.filter(session_key=voor).exists()


def test_a_session_idle_for_more_than_30_minutes_is_ended(gebruiker):
    c = Client()
    with time_machine.travel(T0, tick=False):
        _aanmelden(c, "ilse")
        assert _ingelogd(c)
    with time_machine.travel(T0 + timedelta(minutes=29), tick=False):
        assert _ingelogd(c)
    with time_machine.travel(T0 + timedelta(minutes=29 + 31), tick=False):
        assert not _ingelogd(c)
        assert c.get("/dossiers/").url.startswith("/accounts/login/")


def test_an_active_session_still_ends_after_10_hours(gebruiker):
    c = Client()
    with time_machine.travel(T0, tick=False):
        _aanmelden(c, "ilse")
        assert _ingelogd(c)
    minuten = 0
    while minuten + 20 < 10 * 60:
        minuten += 20
        with time_machine.travel(T0 + timedelta(minutes=minuten), tick=False):
            assert _ingelogd(c), minuten
    with time_machine.travel(T0 + timedelta(hours=10, minutes=1), tick=False):
        assert not _ingelogd(c)


def test_deactivating_a_user_ends_all_their_sessions(gebruiker, gtb):
    collega = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="collega")
    laptop, telefoon, ander = Client(), Client(), Client()
    _aanmelden(laptop, "ilse")
    _aanmelden(telefoon, "ilse")
    _aanmelden(ander, "collega")
    assert deactiveer_gebruiker(user=gebruiker) == 2
    assert not _ingelogd(laptop) and not _ingelogd(telefoon)
    assert _ingelogd(ander)
    collega.refresh_from_db()
    assert collega.is_active


def test_a_session_of_a_user_made_inactive_another_way_is_refused(gebruiker):
    c = Client()
    _aanmelden(c, "ilse")
    User.objects.filter(pk=gebruiker.pk).update(is_active=False)
    assert not _ingelogd(c)


def test_the_admin_action_deactivates_and_ends_the_sessions(gebruiker):
    c = Client()
    _aanmelden(c, "ilse")
    beheerder = zo_nodig_totp(User.objects.create_superuser("beheer", password=f.WACHTWOORD))
    admin = Client()
    admin.force_login(beheerder)
    r = admin.post(
        "/admin/accounts/user/",
        {"action": "deactiveren", "_selected_action": [gebruiker.pk]},
    )
    assert r.status_code == 302
    gebruiker.refresh_from_db()
    assert not gebruiker.is_active
    assert not _ingelogd(c)

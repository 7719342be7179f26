"""Two-factor authentication in tests: the one helper that gives a test user an authenticator
app, and codes computed with allauth's own TOTP functions.

Users who must use MFA (admins, coordinators, staff: `accounts.permissions.mfa_verplicht`) and
are logged in with `force_login` need an authenticator, or the MFA middleware sends every
request to the setup page. Factories call `zo_nodig_totp(user)` after assigning the roles.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from accounts.permissions import mfa_verplicht, vergeet_rollen

#: The authenticator secret of every test user (base32, 20 bytes).
TEST_GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def activeer_totp(user: Any, geheim: str = TEST_GEHEIM) -> Authenticator:
    """Give `user` an active authenticator app (TOTP with `geheim`) and fresh recovery codes,
    as finishing allauth's setup page does; replaces an app the user had."""
    verwijder_totp(user)
    totp = TOTP.activate(user, geheim).instance
    RecoveryCodes.activate(user)
    return totp


def verwijder_totp(user: Any) -> None:
    """The user has no authenticator app (nor recovery codes)."""
    Authenticator.objects.filter(user=user).delete()


def zo_nodig_totp(user: Any) -> Any:
    """`activeer_totp(user)` when the user must use MFA (call after assigning the roles)."""
    vergeet_rollen(user)
    if (
        mfa_verplicht(user)
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        activeer_totp(user)
    vergeet_rollen(user)
    return user


def totp_code(geheim: str = TEST_GEHEIM, *, op: float | None = None, stap: int = 0) -> str:
    """The code an authenticator app with `geheim` shows at time `op` (now), `stap` periods
    later (allauth refuses a code a second time, so a second login in the same period uses
    the next step)."""
    nu = time.time() if op is None else op
    teller = int(nu) // mfa_settings.TOTP_PERIOD + stap
    return format_hotp_value(hotp_value(geheim, teller))


def herstelcodes(user: Any) -> list[str]:
    """The user's unused recovery codes."""
    auth = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return auth.wrap().get_unused_codes()


def herauthenticeer(client: Client, wachtwoord: str) -> None:
    """Confirm the password on allauth's re-authentication page (valid for
    ACCOUNT_REAUTHENTICATION_TIMEOUT), as a user does before an export of personal data."""
    r = client.post("/accounts/reauthenticate/", {"password": wachtwoord})
    assert r.status_code == 302, r.content.decode()[:500]

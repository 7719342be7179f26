"""The demo users' second factor: one fixed, public TOTP secret (README.md) and fixed recovery
codes, so that anyone trying the demo can sign in as an admin or coordinator.

Only `manage.py demo_users` sets it, and only on the demo users; `manage.py demo_totp` prints a
code only for an authenticator holding exactly this secret. A real user's authenticator (random
secret, set up by the user) is never readable through either command.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.db import transaction

from accounts.models import User

#: Base32, 20 bytes. Public: add it to an authenticator app, or use `manage.py demo_totp`.
DEMO_TOTP_GEHEIM = "WERKZORGDEMOTOTPWERKZORGDEMOTOTP"
#: Seed of the demo recovery codes (allauth derives the 10 codes from it).
DEMO_HERSTEL_SEED = "werkzorg-demo-herstelcodes-werkzorg-demo-herstelcodes-2024-ab"


@transaction.atomic
def activeer_demo_totp(user: User) -> None:
    """Give `user` the demo authenticator app and fresh demo recovery codes (idempotent)."""
    Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).delete()
    TOTP.activate(user, DEMO_TOTP_GEHEIM)
    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": encrypt(DEMO_HERSTEL_SEED), "used_mask": 0},
    )


def heeft_demo_totp(user: User) -> bool:
    """Does `user`'s authenticator app hold the public demo secret (and nothing else)?"""
    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return auth is not None and decrypt(auth.data["secret"]) == DEMO_TOTP_GEHEIM


def demo_code(nu: float | None = None) -> tuple[str, int]:
    """The demo TOTP code now, and the seconds it stays valid (allauth's own TOTP functions)."""
    nu = time.time() if nu is None else nu
    periode = mfa_settings.TOTP_PERIOD
    teller = int(nu) // periode
    return format_hotp_value(hotp_value(DEMO_TOTP_GEHEIM, teller)), periode - int(nu) % periode

"""Two-factor authentication (django-allauth's `allauth.mfa`): TOTP authenticator app plus
recovery codes. Which users must use it is `accounts.permissions.mfa_verplicht`."""

from __future__ import annotations

import logging
from typing import Any

from allauth.mfa.models import Authenticator

logger = logging.getLogger(__name__)


def heeft_totp(user: Any) -> bool:
    """Has `user` an active authenticator app (TOTP)?"""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def log_verkeerde_code(
    sender: object, user: Any, reauthentication: bool = False, **kw: Any
) -> None:
    """Log a refused authenticator or recovery code (connected to allauth's
    `authentication_failed`): the user id only, never a name or the code."""
    logger.warning(
        "Tweestapsverificatie: verkeerde code geweigerd (gebruiker-id %s, %s)",
        user.pk,
        "herauthenticatie" if reauthentication else "aanmelden",
    )

"""Writes on accounts."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from werkzorg.domein.fouten import Fout, Geweigerd

#: Checks a higher app registers (in its AppConfig.ready): `f(user) -> reason or None`. A
#: reason refuses the deactivation (e.g. `dossier`: dossiers would lose their casemanager).
DEACTIVERING_CONTROLES: list[Callable[[User], str | None]] = []


def deactivering_fouten(user: User) -> list[Fout]:
    """Why `user` may not be deactivated (the checks of `DEACTIVERING_CONTROLES`); empty when
    nothing objects. The one rule for the admin action, the admin's user form and the
    caseload pages."""
    return [Fout("", r) for r in (c(user) for c in DEACTIVERING_CONTROLES) if r]


@transaction.atomic
def deactiveer_gebruiker(*, user: User) -> int:
    """Deactivate `user` and end every session they hold; returns the number of sessions
    ended. The session middleware also refuses sessions of inactive users, so a session
    missed here (another session engine) still dies on its next request.

    Refused (`Geweigerd`, nothing changed) when `deactivering_fouten` objects."""
    fouten = deactivering_fouten(user)
    if fouten:
        raise Geweigerd(fouten, code="deactivering-geweigerd")
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_pk = str(user.pk)
    ended = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == user_pk
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@transaction.atomic
def herstel_tweestapsverificatie(*, user: User) -> int:
    """Remove `user`'s authenticator app and recovery codes (lost smartphone and codes): at the
    next sign-in the password suffices, and a user who must use MFA is then sent to set up a
    new app. Returns the number of authenticators removed."""
    aantal, _per_model = Authenticator.objects.filter(user=user).delete()
    return aantal

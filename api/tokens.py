"""Issuing and revoking API tokens (the only writers of `ApiToken`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import cast

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol, Roltoewijzing, User
from api.models import KEY_PREFIX, ApiToken, hash_key
from organisaties.models import Organisatie
from werkzorg.domein.fouten import Fout, Geweigerd

#: A token is a system of one organisation: it never manages users or sees every dossier.
VERBODEN_ROLLEN = frozenset({Rol.ADMIN})


def token_fouten(*, organisatie: Organisatie, name: str, rollen: Iterable[str]) -> list[Fout]:
    """What is wrong with a token request (empty list = it may be issued)."""
    fouten = [
        Fout("rollen", _("Een API-sleutel kan de rol %(rol)s niet krijgen.") % {"rol": r})
        for r in rollen
        if r in VERBODEN_ROLLEN or r not in Rol.values
    ]
    if not name.strip():
        fouten.append(Fout("name", _("Een naam is verplicht.")))
    if ApiToken.objects.active().filter(organisatie=organisatie, name=name).exists():
        fouten.append(
            Fout("name", _("Deze organisatie heeft al een actieve API-sleutel met die naam."))
        )
    return fouten


@transaction.atomic
def issue_token(
    *, organisatie: Organisatie, name: str, rollen: Iterable[str], created_by: object | None
) -> tuple[ApiToken, str]:
    """Create a token with its own service user of `organisatie` holding `rollen`.

    Returns the token and the key; the key is not stored and cannot be shown again.
    """
    rollen = sorted(set(rollen))
    fouten = token_fouten(organisatie=organisatie, name=name, rollen=rollen)
    if fouten:
        raise Geweigerd(fouten, code="ongeldige-sleutel")
    user_model = get_user_model()
    user = user_model(
        username=f"api-{organisatie.pk}-{secrets.token_hex(4)}",
        organisatie=organisatie,
        first_name=name[:150],
        is_staff=False,
        is_superuser=False,
    )
    user.set_unusable_password()  # a service user never signs in through the web
    user.save()
    Roltoewijzing.objects.bulk_create([Roltoewijzing(user=user, rol=r) for r in rollen])
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisatie=organisatie,
        name=name,
        user=user,
        key_prefix=key[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(key),
        created_by=cast("User | None", created_by if getattr(created_by, "pk", None) else None),
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken) -> ApiToken:
    """Revoke a token for good: its key is refused from now on and its service user disabled."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        token.user.is_active = False
        token.user.save(update_fields=["is_active"])
    return token

"""The user a management command acts for (`--gebruiker NAAM`): the history and the logs of its
writes name that user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts.models import User


def gebruiker_van_optie(gebruikersnaam: str | None) -> User | None:
    """The user named by `--gebruiker`; None without the option. An unknown name stops the
    command (`CommandError`) before it writes anything."""
    if not gebruikersnaam:
        return None
    user = get_user_model().objects.filter(username=gebruikersnaam).first()
    if user is None:
        raise CommandError(_("Onbekende gebruiker: %(g)s") % {"g": gebruikersnaam})
    return user

"""Who may write what through the API: the web views' own checks, from `accounts.permissions`.

The API adds only how a refusal is answered (403 with a Dutch message).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied

from accounts.permissions import mag_registreren
from accounts.permissions import mag_traject_bewerken as mag_bewerken
from accounts.permissions import mag_traject_starten as mag_starten

__all__ = ["mag_bewerken", "mag_registreren", "mag_starten", "vereist"]


def vereist(toegelaten: bool, bericht: str | None = None) -> None:
    if not toegelaten:
        raise PermissionDenied(bericht or _("U mag dit traject niet wijzigen."))

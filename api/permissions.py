"""Who may write what through the API: the same checks as the web views.

The per-trajectory checks are the web's own (`trajectories.views.mag_*_bewerken`); the role
lists for starting a trajectory mirror the web views' `_vereist(heeft_rol(...))` calls, which
have no function of their own yet.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied

from accounts.permissions import (
    ADMIN,
    BEGELEIDER_AMA_SE,
    BEGELEIDER_AMA_WVG,
    BEMIDDELAAR_GTB,
    CASEMANAGER_WERK,
    CASEMANAGER_ZORG,
    DOSSIER_ROLLEN,
    REGISTRATIE_ROLLEN,
    heeft_rol,
)

#: Roles that may start a trajectory of each kind (as the web's "start" buttons).
START_ROLLEN: dict[str, tuple[str, ...]] = {
    "activering": (CASEMANAGER_WERK, CASEMANAGER_ZORG, ADMIN),
    "ama-se": (BEMIDDELAAR_GTB, BEGELEIDER_AMA_SE, ADMIN),
    "ama-wvg": (BEGELEIDER_AMA_WVG, ADMIN),
    "ladder": (*REGISTRATIE_ROLLEN, *DOSSIER_ROLLEN),
}


def vereist(toegelaten: bool, bericht: str | None = None) -> None:
    if not toegelaten:
        raise PermissionDenied(bericht or _("U mag dit traject niet wijzigen."))


def mag_starten(user: Any, soort: str) -> bool:
    return heeft_rol(user, *START_ROLLEN[soort])


def mag_registreren(user: Any) -> bool:
    """Register a deelnemer: a registering role, and an organisation to own the dossier."""
    return heeft_rol(user, *REGISTRATIE_ROLLEN) and bool(
        getattr(user, "organisatie_id", None) or heeft_rol(user, ADMIN)
    )


def mag_bewerken(user: Any, obj: Any) -> bool:
    """The web's check for changing this trajectory (or its plan)."""
    from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst
    from trajectories.views import (
        mag_activering_bewerken,
        mag_ama_se_bewerken,
        mag_wvg_bewerken,
    )

    if isinstance(obj, Activeringstraject):
        return mag_activering_bewerken(user, obj)
    if isinstance(obj, AmaSeTraject):
        return mag_ama_se_bewerken(user, obj)
    if isinstance(obj, AmaWvgOvereenkomst):
        return mag_wvg_bewerken(user, obj)
    raise TypeError(obj)

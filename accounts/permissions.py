"""Role checks shared by every view, template and export.

`heeft_rol` is the one question "does this user hold one of these roles?". A superuser counts as
admin. Scoping of personal data (which dossiers a user may see) lives in
`deelnemers.selectors.visible_to`, not here.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Rol

CASEMANAGER_WERK = Rol.CASEMANAGER_WERK
CASEMANAGER_ZORG = Rol.CASEMANAGER_ZORG
BEMIDDELAAR_GTB = Rol.BEMIDDELAAR_GTB
BEGELEIDER_AMA_SE = Rol.BEGELEIDER_AMA_SE
BEGELEIDER_AMA_WVG = Rol.BEGELEIDER_AMA_WVG
NETWERKCOORDINATOR = Rol.NETWERKCOORDINATOR
COORDINATOR = Rol.COORDINATOR
ADMIN = Rol.ADMIN

#: Roles that work with personal data of participants (dossiers).
DOSSIER_ROLLEN: tuple[str, ...] = (
    CASEMANAGER_WERK,
    CASEMANAGER_ZORG,
    BEMIDDELAAR_GTB,
    BEGELEIDER_AMA_SE,
    BEGELEIDER_AMA_WVG,
    NETWERKCOORDINATOR,
    ADMIN,
)
#: Roles that may open the reporting pages (figures, no personal data).
RAPPORTERING_ROLLEN: tuple[str, ...] = (COORDINATOR, NETWERKCOORDINATOR, ADMIN)
#: Roles that may register participants and edit their kenmerken.
REGISTRATIE_ROLLEN: tuple[str, ...] = (CASEMANAGER_WERK, CASEMANAGER_ZORG, BEMIDDELAAR_GTB, ADMIN)

_CACHE_ATTR = "_werkzorg_rollen"


def rollen_van(user: Any) -> frozenset[str]:
    """The role codes a user holds (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        codes = set(user.rollen.values_list("rol", flat=True))
        if user.is_superuser:
            codes.add(ADMIN)
        cached = frozenset(codes)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def heeft_rol(user: Any, *rollen: str) -> bool:
    """True when the user holds at least one of `rollen`; a superuser counts as admin.

    Without `rollen`, true when the user holds any role at all.
    """
    codes = rollen_van(user)
    if not rollen:
        return bool(codes)
    return any(str(r) in codes for r in rollen)


def is_admin(user: Any) -> bool:
    """Admins manage users and reference data and see every dossier (not the Zorg notes)."""
    return heeft_rol(user, ADMIN)


def vergeet_rollen(user: Any) -> None:
    """Drop the cached roles (after changing a user's Roltoewijzingen in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)

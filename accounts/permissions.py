"""Role checks shared by every view, template and export.

`heeft_rol` is the one question "does this user hold one of these roles?". A superuser counts as
admin. Scoping of personal data (which dossiers a user may see) lives in
`deelnemers.selectors.visible_to`, not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts.models import Rol

if TYPE_CHECKING:
    from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

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


# --- who may act on a participant or a trajectory -------------------------------------------
# One home for the web views and the API: both call these.

#: Roles that may start a trajectory of each kind (or place a participant on the ladder).
START_ROLLEN: dict[str, tuple[str, ...]] = {
    "activering": (CASEMANAGER_WERK, CASEMANAGER_ZORG, ADMIN),
    "ama-se": (BEMIDDELAAR_GTB, BEGELEIDER_AMA_SE, ADMIN),
    "ama-wvg": (BEGELEIDER_AMA_WVG, ADMIN),
    "ladder": (*REGISTRATIE_ROLLEN, *DOSSIER_ROLLEN),
}


def mag_registreren(user: Any) -> bool:
    """Register a deelnemer: a registering role, and an organisation to own the dossier
    (admins register without one)."""
    return heeft_rol(user, *REGISTRATIE_ROLLEN) and bool(
        getattr(user, "organisatie_id", None) or heeft_rol(user, ADMIN)
    )


def mag_traject_starten(user: Any, soort: str) -> bool:
    """Start a trajectory of `soort` (a key of `START_ROLLEN`) for a dossier the user sees."""
    return heeft_rol(user, *START_ROLLEN[soort])


def mag_activering_bewerken(user: Any, traject: Activeringstraject) -> bool:
    """The casemanagers Werk and Zorg of the trajectory's organisations (and admins)."""
    if heeft_rol(user, ADMIN):
        return True
    org = getattr(user, "organisatie_id", None)
    if org is None:
        return False
    return (heeft_rol(user, CASEMANAGER_WERK) and traject.casemanager_werk_org_id == org) or (
        heeft_rol(user, CASEMANAGER_ZORG) and traject.casemanager_zorg_org_id == org
    )


def mag_ama_se_bewerken(user: Any, traject: AmaSeTraject) -> bool:
    """The begeleider AMA SE of the trajectory, the GTB-bemiddelaar (matching) and admins."""
    if heeft_rol(user, ADMIN, BEMIDDELAAR_GTB):
        return True
    org = getattr(user, "organisatie_id", None)
    return heeft_rol(user, BEGELEIDER_AMA_SE) and org is not None and traject.begeleider_id == org


def mag_wvg_bewerken(user: Any, overeenkomst: AmaWvgOvereenkomst) -> bool:
    """The begeleider AMA WVG of the agreement (and admins)."""
    if heeft_rol(user, ADMIN):
        return True
    org = getattr(user, "organisatie_id", None)
    return (
        heeft_rol(user, BEGELEIDER_AMA_WVG)
        and org is not None
        and overeenkomst.begeleider_id == org
    )


def mag_traject_bewerken(user: Any, obj: Any) -> bool:
    """Change this activeringstraject (or its plan), AMA SE-traject or WVG-overeenkomst."""
    # Imported here: accounts stays free of a module-level dependency on the trajectories app.
    from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

    if isinstance(obj, Activeringstraject):
        return mag_activering_bewerken(user, obj)
    if isinstance(obj, AmaSeTraject):
        return mag_ama_se_bewerken(user, obj)
    if isinstance(obj, AmaWvgOvereenkomst):
        return mag_wvg_bewerken(user, obj)
    raise TypeError(obj)

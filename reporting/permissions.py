"""Who may see which reporting page, and which regions a coordinator's figures cover.

Role questions go to `accounts.permissions` (one home for roles); this module only adds what
is particular to reporting: the regions (and so networks) a coordinator looks at.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Rol
from accounts.permissions import heeft_rol, is_admin
from referentie.models import Regio

DASHBOARD_ROLLEN = (Rol.COORDINATOR, Rol.NETWERKCOORDINATOR, Rol.ADMIN)


def mag_jaarrapport(user: Any) -> bool:
    """The yearly Mededeling (generate, download, submit) and the AMA SE contingents: admins."""
    return is_admin(user)


def mag_contingenten(user: Any) -> bool:
    return is_admin(user)


def mag_dashboard(user: Any) -> bool:
    return heeft_rol(user, *DASHBOARD_ROLLEN)


def zichtbare_regios(user: Any) -> set[str] | None:
    """Region codes whose figures the user sees on the dashboard; None means every region.

    Admins see all. A (netwerk)coördinator sees the regions of their role assignments: the
    regions listed, plus every region of the network assigned. Without any, nothing.
    """
    if is_admin(user):
        return None
    if not mag_dashboard(user):
        return set()
    toewijzingen = user.rollen.filter(rol__in=[Rol.COORDINATOR, Rol.NETWERKCOORDINATOR])
    regios = set(
        Regio.objects.filter(roltoewijzing__in=toewijzingen).values_list("code", flat=True)
    )
    netwerken = [n for n in toewijzingen.values_list("netwerk_id", flat=True) if n]
    regios |= set(Regio.objects.filter(netwerk_id__in=netwerken).values_list("code", flat=True))
    return regios

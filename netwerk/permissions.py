"""Who of the network may do what (one home for the web views and the API)."""

from __future__ import annotations

from typing import Any

from accounts.models import Rol
from accounts.permissions import ADMIN, NETWERKCOORDINATOR, heeft_rol

DIENSTVERLENER_WERK = Rol.DIENSTVERLENER_WERK
DIENSTVERLENER_ZORG = Rol.DIENSTVERLENER_ZORG
#: Roles that work on the acties of their organisation.
DIENSTVERLENER_ROLLEN: tuple[str, ...] = (DIENSTVERLENER_WERK, DIENSTVERLENER_ZORG)
#: Roles that open the steering page of the network.
STURING_ROLLEN: tuple[str, ...] = (NETWERKCOORDINATOR, ADMIN)


def is_dienstverlener(user: Any) -> bool:
    return heeft_rol(user, *DIENSTVERLENER_ROLLEN)


def mag_stage_registreren(user: Any) -> bool:
    """Stages and stageverslagen are the work of a dienstverlener werk."""
    return heeft_rol(user, DIENSTVERLENER_WERK)


def mag_vertrouwelijk_noteren(user: Any) -> bool:
    """Confidential notes (the Zorg compartment) come from a dienstverlener zorg."""
    return heeft_rol(user, DIENSTVERLENER_ZORG)

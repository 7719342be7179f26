"""Who of the network may do what (one home for the web views and the API)."""

from __future__ import annotations

from typing import Any

# The roles are defined with the menu that shows their pages (one home).
from accounts.permissions import (
    DIENSTVERLENER_ROLLEN,
    DIENSTVERLENER_WERK,
    DIENSTVERLENER_ZORG,
    STURING_ROLLEN,
    heeft_rol,
)

__all__ = [
    "DIENSTVERLENER_ROLLEN",
    "DIENSTVERLENER_WERK",
    "DIENSTVERLENER_ZORG",
    "STURING_ROLLEN",
    "mag_stage_registreren",
    "mag_vertrouwelijk_noteren",
]


def mag_stage_registreren(user: Any) -> bool:
    """Stages and stageverslagen are the work of a dienstverlener werk."""
    return heeft_rol(user, DIENSTVERLENER_WERK)


def mag_vertrouwelijk_noteren(user: Any) -> bool:
    """Confidential notes (the Zorg compartment) come from a dienstverlener zorg."""
    return heeft_rol(user, DIENSTVERLENER_ZORG)

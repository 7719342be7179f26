"""A new actie of the plan notifies the dienstverlener's organisation (`services.nieuwe_opdracht`).

Rows written by the bundle import (bulk inserts, raw fixtures) send no signal: history does not
notify anybody.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from netwerk.services import nieuwe_opdracht
from trajectories.models import Actie


@receiver(post_save, sender=Actie, dispatch_uid="netwerk-nieuwe-actie")
def nieuwe_actie(sender: Any, instance: Actie, created: bool, raw: bool = False, **kw: Any) -> None:
    if created and not raw:
        nieuwe_opdracht(instance)

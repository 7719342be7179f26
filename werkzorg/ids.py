"""Readable primary keys for records created in the application (every kind: one home)."""

from __future__ import annotations

import secrets

from django.db import models

# Crockford-like alphabet without 0/O, 1/I/L, U: readable over the phone, no look-alikes.
ID_TEKENS = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_LENGTE = 8


def nieuw_id(prefix: str, model: type[models.Model]) -> str:
    """A new readable primary key for a record created in the application: `<prefix>W<8 chars>`.

    Bundle ids use the prefix followed by digits (`D0000001`, `AT000001`); the `W` (web) and
    the letters keep ours apart from them in practice, the existence check (and the insert with
    `force_insert` by the callers) guarantees it. 30^8 ≈ 6.5·10^11 values: a retry is rare.
    """
    for _poging in range(10):
        kandidaat = prefix + "W" + "".join(secrets.choice(ID_TEKENS) for _i in range(ID_LENGTE))
        if not model._default_manager.filter(pk=kandidaat).exists():
            return kandidaat
    raise RuntimeError("Geen vrij id gevonden")  # pragma: no cover - 10 collisions in a row

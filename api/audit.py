"""The read log of dossiers opened through the API.

Every list page and detail of personal data served by the API calls `log_dossier_read`, like
the web views log what a user opened. It writes to the append-only read log of the `audit`
app (`audit.log.log_dossier_inzage`), ids only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from audit.log import log_dossier_inzage


def log_dossier_read(request: Any, deelnemer_ids: Iterable[str], channel: str = "api") -> None:
    """Record that `request.user` read the dossiers `deelnemer_ids` through `channel`."""
    log_dossier_inzage(request, deelnemer_ids, channel)

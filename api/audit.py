"""The read log of dossiers opened through the API.

Every list page and detail of personal data served by the API calls `log_dossier_read`, like
the web views log what a user opened. No read-log model exists in the project yet: until the
security work provides one, this hook writes one structured line per read to the
`werkzorg.audit` logger (ids only — deelnemer ids are opaque, never names or INSZ), and is the
one place to point at the real log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger("werkzorg.audit")


def log_dossier_read(request: Any, deelnemer_ids: Iterable[str], channel: str = "api") -> None:
    """Record that `request.user` read the dossiers `deelnemer_ids` through `channel`."""
    ids = sorted({str(i) for i in deelnemer_ids})
    if not ids:
        return
    user = getattr(request, "user", None)
    token = getattr(request, "auth", None)
    logger.info(
        "dossier-read",
        extra={
            "channel": channel,
            "user_id": getattr(user, "pk", None),
            "token_id": getattr(token, "pk", None) if token is not None else None,
            "path": getattr(request, "path", ""),
            "deelnemer_ids": ids,
        },
    )

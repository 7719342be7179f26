"""The one function that records dossier reads (web pages, API, exports)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from audit.models import DossierInzage, Kanaal

logger = logging.getLogger("werkzorg.audit")


def log_dossier_inzage(request: Any, deelnemer_ids: Iterable[Any], kanaal: str) -> None:
    """Append one `DossierInzage` row per distinct dossier in `deelnemer_ids` that
    `request.user` was shown through `kanaal` (ui/api/export), in one INSERT.

    Also one structured line on the `werkzorg.audit` logger for log shipping: ids only
    (deelnemer ids are opaque), never names or INSZ. The table is the record of truth.
    """
    ids = sorted({str(i) for i in deelnemer_ids})
    if not ids:
        return
    kanaal = Kanaal(kanaal).value
    user = getattr(request, "user", None)
    authenticated = bool(getattr(user, "is_authenticated", False))
    user_id = user.pk if authenticated else None
    organisatie_id = (getattr(user, "organisatie_id", None) or "") if authenticated else ""
    request_id = getattr(request, "request_id", "") or ""
    DossierInzage.objects.bulk_create(
        [
            DossierInzage(
                user_id=user_id,
                username=user.get_username() if authenticated else "",
                organisatie_id=organisatie_id,
                deelnemer_id=i,
                kanaal=kanaal,
                request_id=request_id,
            )
            for i in ids
        ]
    )
    token = getattr(request, "auth", None)
    logger.info(
        "dossier-read",
        extra={
            "channel": kanaal,
            "user_id": user_id,
            "token_id": getattr(token, "pk", None) if token is not None else None,
            "path": getattr(request, "path", ""),
            "request_id": request_id,
            "deelnemer_ids": ids,
        },
    )

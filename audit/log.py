"""The one function that records dossier reads (web pages, API, exports).

Three ways in, one table:

- a route naming dossier objects logs through its declaration (`accounts.permissions.toegang`
  calls `log_declaratie_inzage` after the view answered with a page): nothing to remember;
- a page listing participants (caseload, search, worklist, an API list, an export) calls
  `log_dossier_inzage` with the ids it shows;
- the admin pages of participant data use `InzageAdminMixin`.

`log_dossier_inzage` writes each participant once per request, so a view that logs explicitly
and is logged by its declaration too leaves one row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.db import connection
from django.utils import timezone

from audit.models import DossierInzage, Kanaal

logger = logging.getLogger("werkzorg.audit")

#: The participants already logged for this request (on the HttpRequest).
_GELOGD_ATTR = "_werkzorg_inzage_gelogd"


def log_dossier_inzage(request: Any, deelnemer_ids: Iterable[Any], kanaal: str) -> None:
    """Append one `DossierInzage` row per distinct dossier in `deelnemer_ids` that
    `request.user` was shown through `kanaal` (ui/api/export), in one INSERT.

    Also one structured line on the `werkzorg.audit` logger for log shipping: ids only
    (deelnemer ids are opaque), never names or INSZ. The table is the record of truth.
    """
    basis = getattr(request, "_request", request)  # a DRF request wraps the HttpRequest
    al_gelogd: set[str] | None = getattr(basis, _GELOGD_ATTR, None)
    if al_gelogd is None:
        al_gelogd = set()
        setattr(basis, _GELOGD_ATTR, al_gelogd)
    ids = sorted({str(i) for i in deelnemer_ids} - al_gelogd)
    if not ids:
        return
    al_gelogd.update(ids)
    kanaal = Kanaal(kanaal).value
    user: Any = getattr(request, "user", None)
    authenticated = bool(getattr(user, "is_authenticated", False))
    user_id = user.pk if authenticated else None
    organisatie_id = (getattr(user, "organisatie_id", None) or "") if authenticated else ""
    request_id = getattr(request, "request_id", "") or ""
    _voeg_toe(
        ids,
        {
            "tijdstip": timezone.now(),
            "user_id": user_id,
            "username": user.get_username() if authenticated else "",
            "organisatie_id": organisatie_id,
            "kanaal": kanaal,
            "request_id": request_id,
        },
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


_PER_INSERT = 1000  # rows per statement: 7 parameters each, far below every driver's limit


def _voeg_toe(ids: list[str], velden: dict[str, Any]) -> None:
    """One `DossierInzage` row per id with `velden`: on PostgreSQL one `INSERT … SELECT
    unnest(ids)`, elsewhere one INSERT per 1 000 rows; a page logs its 25 reads in one round
    trip (the ORM's bulk_create built 25 model instances and wrapped the statement in a
    transaction of its own, ~2 ms per page)."""
    meta = DossierInzage._meta
    kolom_van = {f.name: f.column for f in meta.concrete_fields}
    kolommen = [kolom_van[k] for k in (*velden, "deelnemer_id")]
    qn = connection.ops.quote_name
    rij = "(" + ", ".join(["%s"] * len(kolommen)) + ")"
    vast = list(velden.values())
    # The model's quoted table and column names; every value is a parameter.
    insert = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(k) for k in kolommen)}) VALUES "  # noqa: S608
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            # PostgreSQL: the ids as one array parameter, a statement of constant length
            # (psycopg caches its parsing; 175 placeholders were parsed again on every page).
            vaste = ", ".join(["%s"] * len(vast))
            c.execute(
                f"{insert.removesuffix(' VALUES ')} SELECT {vaste}, unnest(%s::text[])",
                [*vast, ids],
            )
            return
        for begin in range(0, len(ids), _PER_INSERT):
            deel = ids[begin : begin + _PER_INSERT]
            c.execute(insert + ", ".join([rij] * len(deel)), [w for i in deel for w in (*vast, i)])


def toont_pagina(response: Any) -> bool:
    """Did the view answer with a page (2xx, or 400: a form shown again with its data)? A
    redirect, a refusal or an error shows no dossier."""
    status = getattr(response, "status_code", 0)
    return 200 <= status < 300 or status == 400


def deelnemer_van(model_label: str, lookup: str, waarde: Any) -> str | None:
    """The participant the dossier object `waarde` of `model_label` belongs to (`lookup`: the
    path to its deelnemer id, as `accounts.permissions.DEELNEMER_VAN` names it); None when it
    does not exist."""
    if lookup == "pk":
        return str(waarde)
    model = apps.get_model(model_label)
    gevonden = model._default_manager.filter(pk=waarde).values_list(lookup, flat=True).first()
    return None if gevonden is None else str(gevonden)


def log_declaratie_inzage(
    request: Any,
    objecten: Iterable[tuple[str, str, Any]],
    response: Any,
    kanaal: str,
) -> None:
    """Log the read of the participants the route's dossier objects belong to, when the view
    showed a page. `objecten`: (app_label.Model, lookup of the deelnemer id, URL value) per
    object the route names, as the `toegang(..., dossier=...)` declaration resolves them.

    Called by the `toegang` decorator for every declared view; the view has fetched each
    object through the scoping selectors (a page means the user may see it).
    """
    if not toont_pagina(response):
        return
    ids = []
    for model_label, lookup, waarde in objecten:
        if "\x00" in str(waarde):
            continue  # no id holds a NUL: the view refused it (and the database would too)
        deelnemer_id = deelnemer_van(model_label, lookup, waarde)
        if deelnemer_id is not None:
            ids.append(deelnemer_id)
    log_dossier_inzage(request, ids, kanaal)


class InzageAdminMixin:
    """For a ModelAdmin of participant data: the change, history and delete pages log the read
    of the object's participant, the list (and its search) the participants it shows.
    `inzage_deelnemer` names the attribute holding the participant id ("pk" for Deelnemer)."""

    inzage_deelnemer = "deelnemer_id"

    def _inzage_id(self, obj: Any) -> str | None:
        if obj is None:
            return None
        waarde = obj.pk if self.inzage_deelnemer == "pk" else getattr(obj, self.inzage_deelnemer)
        return None if waarde is None else str(waarde)

    def _log_object(self, request: Any, object_id: Any, response: Any) -> Any:
        if object_id is not None and toont_pagina(response):
            obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
            deelnemer_id = self._inzage_id(obj)
            if deelnemer_id is not None:
                log_dossier_inzage(request, [deelnemer_id], Kanaal.UI)
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        response = super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        return self._log_object(request, object_id, response)

    def history_view(self, request, object_id, extra_context=None):  # noqa: ANN001, ANN201
        response = super().history_view(request, object_id, extra_context)  # type: ignore[misc]
        return self._log_object(request, object_id, response)

    def delete_view(self, request, object_id, extra_context=None):  # noqa: ANN001, ANN201
        response = super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        return self._log_object(request, object_id, response)

    def changelist_view(self, request, extra_context=None):  # noqa: ANN001, ANN201
        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if cl is not None and toont_pagina(response):
            ids = [self._inzage_id(obj) for obj in cl.result_list]
            log_dossier_inzage(request, [i for i in ids if i is not None], Kanaal.UI)
        return response

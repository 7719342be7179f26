"""One error shape for every API answer: `{"code", "detail", "fouten": [{"veld", "bericht"}]}`.

`code` is a stable string a client can branch on; `detail` and `bericht` are Dutch, for people.
Refusals of the services (`rules.Geweigerd`) are 400 when the input breaks a rule and 409 when
the request conflicts with the dossier's state (a step the status does not allow, a stale
`versie`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from werkzorg.domein.fouten import Fout, Geweigerd

#: Geweigerd codes that mean "the dossier is not in a state for this": 409 Conflict.
CONFLICT_CODES = frozenset(
    {
        "stap-niet-toegelaten",  # the status does not allow this step (trajectories.services)
        "versie-verouderd",  # someone changed the dossier since the client read it
        "insz-bestaat",  # another deelnemer (in the caller's scope) holds this INSZ
        "registratie-niet-mogelijk",  # the INSZ is taken outside the caller's scope
        "mogelijke-dubbel",  # possible duplicates in scope, "someone else" not confirmed
    }
)

# DRF's own codes, renamed to the Dutch stable codes of this API.
DRF_CODES = {
    "not_authenticated": "niet-aangemeld",
    "authentication_failed": "aanmelding-mislukt",
    "permission_denied": "geen-toegang",
    "not_found": "niet-gevonden",
    "method_not_allowed": "methode-niet-toegelaten",
    "not_acceptable": "niet-aanvaardbaar",
    "unsupported_media_type": "mediatype-niet-ondersteund",
    "throttled": "te-veel-verzoeken",
    "parse_error": "ongeldige-json",
    "invalid": "ongeldige-invoer",
}

DRF_DETAILS = {
    "not_authenticated": _("U bent niet aangemeld."),
    "permission_denied": _("U hebt geen toegang tot deze gegevens."),
    "not_found": _("Niet gevonden."),
    "method_not_allowed": _("Deze methode is hier niet toegelaten."),
    "throttled": _("Te veel verzoeken: probeer het later opnieuw."),
    "parse_error": _("De inhoud is geen geldige JSON."),
}


def body(
    code: str, detail: str | Promise, fouten: list[Fout] | list[dict[str, Any]] | None = None
) -> dict:
    rows = [
        {"veld": f.veld, "bericht": str(f.bericht)} if isinstance(f, Fout) else f
        for f in (fouten or [])
    ]
    return {"code": code, "detail": str(detail), "fouten": rows}


def geweigerd_response(exc: Geweigerd) -> Response:
    status_code = (
        status.HTTP_409_CONFLICT if exc.code in CONFLICT_CODES else status.HTTP_400_BAD_REQUEST
    )
    detail = exc.fouten[0].bericht if len(exc.fouten) == 1 else _("De wijziging is geweigerd.")
    return Response(body(exc.code, detail, exc.fouten), status=status_code)


def _flatten(detail: Any, prefix: str = "") -> Iterator[Fout]:
    """DRF's nested validation errors as (field path, message) rows."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            veld = str(key) if key != "non_field_errors" else ""
            yield from _flatten(value, f"{prefix}.{veld}" if prefix and veld else prefix or veld)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                yield Fout(prefix, str(item))
        else:
            for index, item in enumerate(detail):
                yield from _flatten(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield Fout(prefix, str(detail))


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn domain refusals and DRF errors into the API's error shape."""
    if isinstance(exc, Geweigerd):
        return geweigerd_response(exc)
    if isinstance(exc, DjangoValidationError):
        fouten = [
            Fout(veld if veld != "__all__" else "", str(m))
            for veld, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
            for m in messages
        ]
        return Response(
            body("ongeldige-invoer", _("De invoer is ongeldig."), fouten),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IntegrityError):
        # A database constraint caught what the rules let through (e.g. a race on a unique id).
        return Response(
            body("conflict", _("De wijziging botst met bestaande gegevens.")),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fouten = list(_flatten(exc.detail))
        response.data = body("ongeldige-invoer", _("De invoer is ongeldig."), fouten)
        return response
    default_code = getattr(exc, "default_code", "fout")
    detail = getattr(exc, "detail", "")
    if default_code in DRF_DETAILS and (
        default_code != "throttled" or not getattr(exc, "wait", None)
    ):
        detail = DRF_DETAILS[default_code]
    elif default_code == "throttled":
        detail = _("Te veel verzoeken: probeer het over %(s)d seconden opnieuw.") % {
            "s": int(getattr(exc, "wait", None) or 0)
        }
    code = getattr(exc, "api_code", None) or DRF_CODES.get(default_code, default_code)
    response.data = body(code, str(detail))
    return response


class ApiError(exceptions.APIException):
    """An error raised by an API view itself, with its stable code."""

    def __init__(self, code: str, detail: str, status_code: int = 400) -> None:
        super().__init__(detail=detail)
        self.api_code = code
        self.status_code = status_code

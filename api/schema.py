"""How drf-spectacular describes the API: the token authentication, the named choice sets, and
the error answers every operation can give."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

from api.serializers import ErrorSerializer

#: The error answers of the API (`api.exceptions`), one shape for all.
FOUTEN = {
    400: "Ongeldige invoer of geschonden regel",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden (of buiten uw dossiers)",
    409: "Conflict met de status of de versie",
    429: "Te veel verzoeken",
}
#: What any operation can answer, whatever it does: invalid input (a NUL character, a bad
#: filter or cursor), no or a revoked key, a role or MFA refusal, an id or cursor outside the
#: caller's scope, the rate limit. Writes can in addition conflict with the dossier (409).
ALTIJD = (400, 401, 403, 404, 429)
SCHRIJVEND = ("POST", "PUT", "PATCH", "DELETE")


def fout_response(code: int) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=FOUTEN[code])


class ApiAutoSchema(AutoSchema):
    """Documents on every operation the error answers it can give (`ALTIJD`, and 409 on
    writes), unless the operation describes that code itself (e.g. the feeds' 400)."""

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = (*ALTIJD, 409) if self.method in SCHRIJVEND else ALTIJD
        for code in codes:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    fout_response(code), str(code), direction=direction
                )
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'API-sleutel van een organisatie: "Token <sleutel>".',
        }


class EnumFieldScheme(OpenApiSerializerFieldExtension):
    """An `api.serializers.EnumField` is a named enum component of its own.

    Several choice sets share a field name here (`status` of a trajectory and of an actie,
    `soort` of a doelstelling and of a moment): naming them explicitly keeps the schema free of
    generated names and of warnings.
    """

    target_class = "api.serializers.EnumField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field = self.target
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "type": "string",
                "enum": list(field.choices),
                "description": "\n".join(f"* `{k}` - {v}" for k, v in field.choices.items()),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref

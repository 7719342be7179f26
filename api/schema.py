"""How drf-spectacular describes the token authentication and the named choice sets."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.plumbing import ResolvedComponent


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

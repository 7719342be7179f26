"""Rate limits per API token (people using the session are not throttled here)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

DEFAULT_RATE = "1200/hour"


class ApiTokenRateThrottle(SimpleRateThrottle):
    """Each token has its own budget (`settings.API_TOKEN_THROTTLE_RATE`, default 1200/hour).

    Counts live in the default cache: configure a shared cache (Redis) when several web
    processes serve the API, or each process counts on its own.
    """

    scope = "api-token"

    def get_rate(self) -> str:
        return getattr(settings, "API_TOKEN_THROTTLE_RATE", DEFAULT_RATE)

    def allow_request(self, request: Request, view: Any) -> bool:
        # The rate may be changed at run time (tests, settings reload): read it on each request.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

"""A request id per request: stored on the request (the read log records it) and returned as
the `X-Request-ID` header so a user's report can be matched to the log."""

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from accounts.verzoek import AlgemeenVerzoek


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: AlgemeenVerzoek) -> HttpResponse:
        # Always generated here, never taken from the client: the log must not be forgeable.
        request.request_id = uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response

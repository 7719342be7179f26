"""The request types the views are annotated with (type checking only, no behaviour).

Django's `HttpRequest.user` is `User | AnonymousUser`; behind `login_required` and the
access declarations of `accounts.permissions` it is always the project's `User`. The
middleware of the project and of django-htmx add `request_id` and `htmx`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User


class AlgemeenVerzoek(HttpRequest):
    """Any request after the middleware: perhaps anonymous."""

    htmx: HtmxDetails
    request_id: str


class Verzoek(AlgemeenVerzoek):
    """A request of a logged-in user (every view behind `login_required` or `toegang`)."""

    user: User

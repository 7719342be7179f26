"""The login lockout backend (django-axes), tolerant of authentication without a request."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a login while the username+IP pair is locked out.

    Every login over HTTP (the login form, the API) passes the request and is checked. A call
    without one (the test client's `login()`, a shell) has no IP to lock on; axes would raise
    there, so this backend steps aside and leaves the decision to the ModelBackend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

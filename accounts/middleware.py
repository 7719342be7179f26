"""Session lifetime enforced on the server: an idle timeout, an absolute lifetime, and no
session for a deactivated account. The cookie's own expiry is not trusted for this."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LOGIN_AT = "wz_login_at"
LAST_SEEN = "wz_last_seen"
# Writing the session on every request is a database write per click: a minute is precise
# enough for a 30-minute idle timeout.
LAST_SEEN_RESOLUTION = 60


def start_session_clock(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """Record the login time in the new session (connected to `user_logged_in`)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LOGIN_AT] = session[LAST_SEEN] = time.time()


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._enforce(request)
        return self.get_response(request)

    def _enforce(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        if not request.user.is_active:
            logout(request)
            return
        login_at = session.get(LOGIN_AT)
        last_seen = session.get(LAST_SEEN)
        if login_at is None or last_seen is None:
            # A session from before this policy: its clock starts now.
            session[LOGIN_AT] = session[LAST_SEEN] = now
            return
        if (
            now - last_seen > settings.SESSION_IDLE_TIMEOUT
            or now - login_at > settings.SESSION_ABSOLUTE_LIFETIME
        ):
            # logout() flushes the session: the rest of the request runs as anonymous, so
            # pages redirect to the login form and the API answers 403.
            logout(request)
            return
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now

"""Session lifetime enforced on the server: an idle timeout, an absolute lifetime, and no
session for a deactivated account (the cookie's own expiry is not trusted for this); and
two-factor authentication for the roles that must use it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.mfa import heeft_totp
from accounts.permissions import mfa_verplicht
from api.exceptions import body  # the API's one error shape

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


#: URL names a user who must set up MFA may still open: the setup itself (allauth asks to
#: confirm the password first when the login is older than a few minutes) and signing out.
MFA_INSTELLEN_URLS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "account_login",
    }
)


class MfaVerplichtMiddleware:
    """Send a user who must use two-factor authentication (`mfa_verplicht`) but has no
    authenticator app to its setup page, for every page but the setup, sign-out and static
    files. An API request in such a session gets a 403 instead of a redirect; API tokens have
    no session user (they authenticate in DRF, after this middleware) and are not affected.
    Off when `WERKZORG_MFA_VERPLICHT` is false (never in production)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._moet_instellen(request) and not self._vrijgesteld(request):
            return self._naar_instellen(request)
        return self.get_response(request)

    @staticmethod
    def _moet_instellen(request: HttpRequest) -> bool:
        if not settings.WERKZORG_MFA_VERPLICHT:
            return False
        user = getattr(request, "user", None)
        return mfa_verplicht(user) and not heeft_totp(user)

    @staticmethod
    def _vrijgesteld(request: HttpRequest) -> bool:
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in MFA_INSTELLEN_URLS

    @staticmethod
    def _naar_instellen(request: HttpRequest) -> HttpResponse:
        url = reverse("mfa_activate_totp")
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                body(
                    "mfa-verplicht",
                    _("Voor uw rol is tweestapsverificatie verplicht. Stel ze eerst in: %(url)s")
                    % {"url": url},
                ),
                status=403,
            )
        if request.headers.get("HX-Request") == "true":  # HtmxMiddleware runs after this one
            return HttpResponseClientRedirect(url)
        messages.warning(
            request,
            _(
                "Voor uw rol is tweestapsverificatie verplicht. Stel eerst een "
                "authenticator-app in."
            ),
        )
        return redirect(url)


class GeenCacheMiddleware:
    """No response is stored by a browser or proxy: `Cache-Control: no-store` on every
    response (pages, htmx partials, the API's JSON, downloads, redirects, errors), so no view
    can forget it. Static files are the exception: WhiteNoise answers them before this
    middleware (it sits after WhiteNoise), and under DEBUG the static/media URLs are skipped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.vrij = tuple(
            "/" + url.lstrip("/")
            for url in (settings.STATIC_URL, getattr(settings, "MEDIA_URL", ""))
            if url and url.strip("/")
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.vrij and request.path.startswith(self.vrij):
            return response
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        elif "no-store" not in response["Cache-Control"]:
            patch_cache_control(response, no_store=True, private=True)
        return response


#: The jobs to run once the response has been sent (on the request; see `na_het_antwoord`).
_NA_HET_ANTWOORD = "_werkzorg_na_het_antwoord"
logger = logging.getLogger("werkzorg.accounts")


def na_het_antwoord(request: HttpRequest, job: Callable[[], object]) -> None:
    """Run `job` after the response has been sent to the client (when the WSGI server closes
    it), so its duration does not show in the response time — e.g. the password-reset mail,
    whose presence would otherwise tell a known address from an unknown one. Without
    `NaHetAntwoordMiddleware` around the request (a script, a test with RequestFactory) the
    job runs at once."""
    jobs = getattr(request, _NA_HET_ANTWOORD, None)
    if jobs is None:
        job()
    else:
        jobs.append(job)


class NaHetAntwoordMiddleware:
    """Hands the request's `na_het_antwoord` jobs to the response: Django runs them when the
    server closes the response, after the body was sent, before the database connection is
    released."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        jobs: list[Callable[[], object]] = []
        setattr(request, _NA_HET_ANTWOORD, jobs)
        response = self.get_response(request)
        for job in jobs:
            response._resource_closers.append(_veilig(job))  # type: ignore[attr-defined]  # Django's own list of closers: private, not in the stubs
        return response


def _veilig(job: Callable[[], object]) -> Callable[[], None]:
    def uitvoeren() -> None:
        try:
            job()
        except Exception:  # the response is gone: log (no personal data), never raise
            logger.exception("na-het-antwoord-mislukt", extra={"job": getattr(job, "__name__", "")})

    return uitvoeren

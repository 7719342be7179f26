"""The login lockout backend (django-axes), tolerant of authentication without a request, and
the model backend that loads a request's user with its organisation."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
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


class GebruikerBackend(ModelBackend):
    """Django's `ModelBackend`, whose user of a request comes with its organisation in the same
    query: every page names it in the header (one query less per page, decision 530)."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("organisatie").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

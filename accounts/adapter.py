"""How Werkzorg uses django-allauth: accounts made by an admin (no signup), username login,
Dutch messages, one client-address rule, and django-axes as the one password lockout."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.ip import client_ip
from accounts.middleware import na_het_antwoord

#: The allauth app whose sensitive steps are managing the authenticator app and recovery codes.
MFA_APP = "allauth.mfa"


class WerkzorgAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "Gebruikersnaam of wachtwoord is niet juist. Probeer opnieuw."
        ),
        "incorrect_password": _("Dit wachtwoord is niet juist."),
        "too_many_login_attempts": _("Te veel mislukte pogingen. Probeer het later opnieuw."),
        "rate_limited": _("Te veel verzoeken na elkaar. Wacht even en probeer opnieuw."),
        "account_inactive": _("Dit account is niet actief."),
        "incorrect_code": _("Deze code is niet juist. Probeer opnieuw."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an admin (/admin/), never by the user.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Het adres van de client is onbekend.")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """No allauth count of failed passwords: django-axes (LockoutBackend) is the one
        lockout, per username + address, reset by a successful login, logged, with its own
        page. A second, differently-tuned counter would lock people out that axes lets in.
        allauth's own limits stay on everything else: login POSTs per address and wrong
        authenticator codes per user (`ACCOUNT_RATE_LIMITS`)."""

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up or changing the authenticator app right after signing in does not ask
        for the password again: the sign-in itself is then less than
        ACCOUNT_REAUTHENTICATION_TIMEOUT old. Every other sensitive step (exports of personal
        data) always asks (`accounts.decorators.herauthenticatie_vereist`)."""
        if app == MFA_APP and _net_aangemeld(context.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _net_aangemeld(request: HttpRequest | None) -> bool:
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


class WerkzorgMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Deze code is niet juist. Probeer opnieuw."),
        "cannot_generate_recovery_codes": _(
            "Herstelcodes kunnen pas nadat tweestapsverificatie is ingesteld."
        ),
    }


class WachtwoordHerstelForm(ResetPasswordForm):
    """ "Wachtwoord vergeten" does the same work for a known and an unknown address while the
    user waits: validate the form and look the address up (`clean_email`), then schedule one
    job. The job — a reset token and the mail for a known address, nothing for an unknown one
    (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off) — runs after the response has been sent
    (`accounts.middleware.na_het_antwoord`), so the response time does not tell whether the
    address has an account. (ACCOUNT_FORMS["reset_password"].)"""

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = self.cleaned_data["email"]

        def wachtwoordherstel_versturen() -> None:
            # After the response allauth's request context is gone: set it again.
            with context.request_context(request):
                ResetPasswordForm.save(self, request, **kwargs)

        na_het_antwoord(request, wachtwoordherstel_versturen)
        return email

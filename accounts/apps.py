from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Gebruikers en rollen")

    def ready(self) -> None:
        # ready(): the app registry is loaded now; the handlers connect once
        from allauth.mfa.signals import authentication_failed
        from django.contrib.auth.signals import user_logged_in

        from accounts import checks  # noqa: F401 - registers the deploy checks
        from accounts.mfa import log_verkeerde_code
        from accounts.middleware import start_session_clock

        # Django's own login hook: the session clock starts at login, whatever logged in.
        user_logged_in.connect(start_session_clock, dispatch_uid="accounts.session_clock")
        # A wrong authenticator code is logged (wrong passwords are logged by django-axes).
        authentication_failed.connect(log_verkeerde_code, dispatch_uid="accounts.mfa_fout")

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import start_session_clock

        # Django's own login hook: the session clock starts at login, whatever logged in.
        user_logged_in.connect(start_session_clock, dispatch_uid="accounts.session_clock")

"""`manage.py demo_totp <gebruikersnaam>`: the current 6-digit code of a demo user's
authenticator app, for signing in to the demo without an app on a phone.

Safe by construction: it answers only for an authenticator holding the public demo secret
(`accounts.demo.DEMO_TOTP_GEHEIM`, set by `demo_users` on the demo users), so it cannot reveal
a code of a real user's app; and, like `demo_users`, it refuses to run when
DJANGO_ENV=production.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.demo import demo_code, heeft_demo_totp
from accounts.models import User


class Command(BaseCommand):
    help = "Toont de huidige code van de authenticator-app van een demogebruiker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gebruikersnaam")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.WERKZORG_PRODUCTIE:
            raise CommandError("demo_totp draait niet in productie.")
        user = User.objects.filter(username=options["gebruikersnaam"]).first()
        if user is None or not heeft_demo_totp(user):
            raise CommandError(
                "Geen demogebruiker met de demo-authenticator: demo_totp toont enkel codes "
                "van de demogebruikers (manage.py demo_users)."
            )
        code, geldig = demo_code()
        self.stdout.write(code)
        self.stderr.write(f"(nog {geldig} s geldig)")

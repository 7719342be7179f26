"""`manage.py bewaartermijn [--jaren N] [--dry-run] [--gebruiker NAAM]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.management.gebruiker import gebruiker_van_optie
from privacy.models import Kanaal
from privacy.retentie import BewaartermijnFout, pas_bewaartermijn_toe, standaard_jaren


class Command(BaseCommand):
    help = _(
        "Pseudonimiseer de dossiers waarvan alle trajecten afgesloten zijn en de laatste "
        "activiteit langer dan de bewaartermijn geleden is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jaren",
            type=int,
            default=None,
            help=_("bewaartermijn in jaren; standaard WERKZORG_BEWAARTERMIJN_JAREN (%(n)s)")
            % {"n": standaard_jaren()},
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            dest="dry_run",
            help=_("niets wijzigen, enkel tellen"),
        )
        parser.add_argument(
            "--gebruiker", default=None, help=_("gebruikersnaam van wie de run uitvoert")
        )

    def handle(
        self,
        *args: Any,
        jaren: int | None,
        dry_run: bool,
        gebruiker: str | None,
        **options: Any,
    ) -> None:
        door = gebruiker_van_optie(gebruiker)
        try:
            run = pas_bewaartermijn_toe(
                jaren=jaren, dry_run=dry_run, door=door, kanaal=Kanaal.COMMANDO
            )
        except BewaartermijnFout as exc:
            raise CommandError(str(exc)) from exc
        grens = formats.date_format(run.grensdatum, "SHORT_DATE_FORMAT")
        if run.dry_run:
            bericht = _(
                "Proefdraaien: %(n)s dossier(s) zouden gepseudonimiseerd worden (bewaartermijn "
                "%(j)s jaar, laatste activiteit vóór %(g)s). Er werd niets gewijzigd."
            )
        else:
            bericht = _(
                "%(n)s dossier(s) gepseudonimiseerd (bewaartermijn %(j)s jaar, laatste "
                "activiteit vóór %(g)s)."
            )
        self.stdout.write(bericht % {"n": run.aantal, "j": run.jaren, "g": grens})

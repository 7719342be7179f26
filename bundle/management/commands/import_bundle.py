"""`manage.py import_bundle DIR [--dry-run] [--gebruiker NAAM]`: import a dossier bundle, all or
nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bundle.importer import BundleFouten, import_bundle


class Command(BaseCommand):
    help = "Importeer een bundel (map met CSV-bestanden); bij één fout wijzigt er niets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", help="de map met de CSV-bestanden van de bundel")
        parser.add_argument(
            "--dry-run", action="store_true", help="enkel valideren, niets wegschrijven"
        )
        parser.add_argument(
            "--gebruiker",
            help="gebruikersnaam van wie importeert: staat zo in de geschiedenis van elke rij",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gebruiker = options.get("gebruiker")
        if gebruiker and not get_user_model().objects.filter(username=gebruiker).exists():
            raise CommandError(_("Onbekende gebruiker: %(g)s") % {"g": gebruiker})
        try:
            result = import_bundle(options["map"], dry_run=options["dry_run"])
        except BundleFouten as exc:
            for regel in exc.fouten:
                self.stderr.write(regel)
            raise CommandError(
                _("Bundel geweigerd: %(n)d fouten, er is niets gewijzigd.") % {"n": len(exc.fouten)}
            ) from None
        for naam, n in result.rijen.items():
            if result.dry_run:
                self.stdout.write(_("%(f)s: %(n)d rijen geldig") % {"f": naam, "n": n})
            else:
                self.stdout.write(
                    _("%(f)s: %(n)d rijen, %(g)d nieuw of gewijzigd")
                    % {"f": naam, "n": n, "g": result.geschreven.get(naam, 0)}
                )
        samenvatting = _("%(n)d rijen in %(s).1f s (%(r)d rijen/s)") % {
            "n": result.totaal,
            "s": result.seconden,
            "r": result.totaal / result.seconden if result.seconden else 0,
        }
        if result.dry_run:
            samenvatting += " — " + _("proefrit: er is niets gewijzigd")
        self.stdout.write(self.style.SUCCESS(samenvatting))
        if not result.dry_run and result.geschreven.get("deelnemers.csv"):
            # Decision 481: the import looks for no duplicates row by row; the scan does.
            self.stdout.write(
                _(
                    "Nieuwe of gewijzigde deelnemers: start de duplicatenscan "
                    "(Dossierbeheer → Mogelijke dubbels) om dubbele dossiers te vinden."
                )
            )

"""`manage.py export_bundle DIR`: write the whole database as a bundle."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from bundle.exporter import export_bundle


class Command(BaseCommand):
    help = "Schrijf de hele databank weg als bundel (map met CSV-bestanden)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", help="de map waarin de CSV-bestanden komen")

    def handle(self, *args: Any, **options: Any) -> None:
        begin = time.perf_counter()
        aantallen = export_bundle(options["map"])
        for naam, n in aantallen.items():
            self.stdout.write(_("%(f)s: %(n)d rijen") % {"f": naam, "n": n})
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)d rijen in %(s).1f s")
                % {"n": sum(aantallen.values()), "s": time.perf_counter() - begin}
            )
        )

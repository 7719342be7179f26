"""`manage.py onderzoeksextract --doel CODE --jaar J --out MAP [--gebruiker NAAM]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.management.gebruiker import gebruiker_van_optie
from privacy.extract import ExtractFout, schrijf_extract
from privacy.models import Kanaal
from privacy.pseudoniem import gebruikt_ontwikkelsleutel


class Command(BaseCommand):
    help = _(
        "Schrijf het gepseudonimiseerde onderzoeksextract van een jaar voor een geregistreerd "
        "onderzoeksdoel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--doel", required=True, help=_("code van het onderzoeksdoel"))
        parser.add_argument("--jaar", type=int, required=True, help=_("rapportjaar"))
        parser.add_argument("--out", type=Path, required=True, help=_("doelmap"))
        parser.add_argument(
            "--gebruiker", default=None, help=_("gebruikersnaam van wie het extract maakt")
        )

    def handle(
        self,
        *args: Any,
        doel: str,
        jaar: int,
        out: Path,
        gebruiker: str | None,
        **options: Any,
    ) -> None:
        door = gebruiker_van_optie(gebruiker)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise CommandError(
                _("De doelmap %(m)s bestaat al en is niet leeg: kies een nieuwe map.") % {"m": out}
            )
        if gebruikt_ontwikkelsleutel():
            self.stderr.write(
                _(
                    "Waarschuwing: WERKZORG_PSEUDONIEM_SLEUTEL is niet ingesteld; de vaste "
                    "ontwikkelsleutel wordt gebruikt. Niet geschikt voor echte gegevens."
                )
            )
        try:
            resultaat = schrijf_extract(
                doel_code=doel, jaar=jaar, map=out, door=door, kanaal=Kanaal.COMMANDO
            )
        except ExtractFout as exc:
            raise CommandError(str(exc)) from exc
        for naam, n in resultaat.rijen.items():
            self.stdout.write(_("%(f)s: %(n)s rijen") % {"f": naam, "n": n})
        self.stdout.write(_("Geschreven in %(m)s") % {"m": out})

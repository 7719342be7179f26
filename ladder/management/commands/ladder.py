"""`manage.py ladder --jaar Y --format json|xlsx|csv|pdf [--output FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ladder.exports import RENDERERS
from ladder.report import ladder_rapport, ladder_reeks


class Command(BaseCommand):
    help = "Het participatieladderrapport van een jaar (report-json.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jaar", type=int, required=True)
        parser.add_argument("--format", choices=sorted(RENDERERS), default="json")
        parser.add_argument("--output", help="Bestand; standaard stdout (json) of ladder-JAAR.ext")
        parser.add_argument(
            "--reeks-vanaf",
            type=int,
            help="Voeg de reeks van Tabel 39 toe (jaren van dit jaar tot --jaar).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jaar = options["jaar"]
        rapport = ladder_rapport(jaar)
        if options["reeks_vanaf"]:
            rapport["tables"]["ladder_reeks"] = ladder_reeks(
                list(range(options["reeks_vanaf"], jaar + 1))
            )
        render, _mime, ext = RENDERERS[options["format"]]
        data = render(rapport)
        output = options["output"]
        if output is None and options["format"] == "json":
            sys.stdout.buffer.write(data)
            return
        path = Path(output or f"ladder-{jaar}.{ext}")
        path.write_bytes(data)
        self.stdout.write(f"{path} ({len(data)} bytes)")

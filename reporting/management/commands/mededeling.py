"""`manage.py mededeling --jaar Y [--peildatum P] --format json|xlsx|csv|pdf [--output FILE]`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reporting.mededeling import build_report

FORMATEN = ("json", "xlsx", "csv", "pdf")


def _datum(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("Ongeldige peildatum %(d)s: gebruik JJJJ-MM-DD.") % {"d": value}
        ) from exc


def render_json(report: dict[str, Any]) -> bytes:
    """The report as UTF-8 JSON (non-ASCII kept as is, indented by 2)."""
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class Command(BaseCommand):
    help = _("Genereer de Mededeling werk- en zorgtrajecten van een jaar.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jaar", type=int, required=True, help=_("rapportjaar"))
        parser.add_argument(
            "--peildatum",
            type=_datum,
            default=None,
            help=_("JJJJ-MM-DD; standaard 31 maart van jaar + 1"),
        )
        parser.add_argument("--format", choices=FORMATEN, default="json", dest="formaat")
        parser.add_argument(
            "--output", type=Path, default=None, help=_("bestand; standaard stdout")
        )

    def handle(
        self,
        *args: Any,
        jaar: int,
        peildatum: date | None,
        formaat: str,
        output: Path | None,
        **options: Any,
    ) -> None:
        report = build_report(jaar, peildatum)
        data = render_json(report) if formaat == "json" else self._render(report, formaat)
        if output is not None:
            output.write_bytes(data)
            self.stderr.write(_("Geschreven: %(f)s") % {"f": output})
        elif formaat == "json":
            self.stdout.write(data.decode("utf-8"), ending="")
        else:
            # Binary formats go to stdout only when it is redirected (not to a terminal).
            buffer = getattr(getattr(self.stdout, "_out", None), "buffer", None)
            if buffer is None or sys.stdout.isatty():
                raise CommandError(_("Geef --output voor het formaat %(f)s.") % {"f": formaat})
            self.stdout.flush()
            buffer.write(data)
            buffer.flush()

    @staticmethod
    def _render(report: dict[str, Any], formaat: str) -> bytes:
        # The exports are another module's work; imported only when asked for.
        try:
            exports = import_module("reporting.exports")
            render = exports.render
        except (ImportError, AttributeError) as exc:
            raise CommandError(
                _("Het formaat %(f)s is niet beschikbaar: reporting.exports.render ontbreekt.")
                % {"f": formaat}
            ) from exc
        return render(report, formaat)

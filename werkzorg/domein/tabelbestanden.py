"""The one way Werkzorg writes spreadsheet-like files (CSV and XLSX) for people to open.

Every export (Mededeling, ladder report, bundle, research extract, API CSV) writes through
these helpers, so no cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
ever read as a formula by Excel or LibreOffice (CSV/formula injection, OWASP).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")

#: XlsxWriter options: text stays text (no formulas, URLs or numbers guessed from strings).
XLSX_OPTIES: dict[str, Any] = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def neutraliseer(tekst: str) -> str:
    """A text cell that no spreadsheet reads as a formula (a leading apostrophe)."""
    return "'" + tekst if tekst.startswith(GEVAARLIJKE_BEGINTEKENS) else tekst


def neutraliseer_cel(waarde: Any) -> Any:
    """`neutraliseer` for text; numbers, dates and None pass unchanged."""
    return neutraliseer(waarde) if isinstance(waarde, str) else waarde


class VeiligeCsv:
    """`csv.writer` whose text cells are neutralised; same `writerow`/`writerows`."""

    def __init__(self, fh: IO[str], **opties: Any) -> None:
        self._writer = csv.writer(fh, **opties)

    def writerow(self, rij: Iterable[Any]) -> Any:
        return self._writer.writerow([neutraliseer_cel(w) for w in rij])

    def writerows(self, rijen: Iterable[Iterable[Any]]) -> None:
        for rij in rijen:
            self.writerow(rij)


def csv_schrijver(fh: IO[str], **opties: Any) -> VeiligeCsv:
    """A CSV writer for files people open in a spreadsheet."""
    return VeiligeCsv(fh, **opties)


def xlsx_werkboek(bestand: Any, **opties: Any) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook with `XLSX_OPTIES` (text cells never become formulas)."""
    return xlsxwriter.Workbook(bestand, {**XLSX_OPTIES, **opties})

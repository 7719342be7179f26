"""Export the whole database as a bundle (`shared/spec/bundle.md`), deterministically.

Every column of the spec in its order, rows sorted by id (files without id: by all their
columns), dates ISO, booleans 1/0, empty cell = no value, RFC 4180 quoting by the csv module
with CRLF line ends (its default, as the fixtures use), UTF-8. Strings sort by code point on
every database (PostgreSQL: collation "C"), so an export does not depend on the locale.

Formula-safe (decision 121): written through `werkzorg.domein.tabelbestanden.csv_schrijver`, so
a text starting with `=`, `+`, `-`, `@`, a tab or CR gets one leading apostrophe; a text that is
apostrophes followed by such a character gets one more here, so that the importer, which takes
exactly one apostrophe off such a cell, gives back every text as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

from django.db import connection, models
from django.db.models import F
from django.db.models.functions import Collate

from bundle.spec import BESTANDEN, Bestand, Schrijfwijze
from werkzorg.domein.tabelbestanden import GEVAARLIJKE_BEGINTEKENS, csv_schrijver


def export_bundle(path: str | Path) -> dict[str, int]:
    """Write every file of the bundle into `path` (created if needed); rows per file."""
    map_ = Path(path)
    map_.mkdir(parents=True, exist_ok=True)
    aantallen = {}
    for bestand in BESTANDEN:
        aantallen[bestand.naam] = _schrijf(bestand, map_ / bestand.naam)
    return aantallen


def _volgorde(bestand: Bestand) -> list[Any]:
    kolommen = (
        bestand.sleutel if bestand.schrijfwijze is Schrijfwijze.UPSERT else bestand.kolomnamen
    )
    orde = []
    for kolom in kolommen:
        veld = bestand.veld(kolom)
        doel = cast("models.ForeignKey[Any, Any]", veld).target_field if veld.is_relation else veld
        expressie: Any = F(veld.attname)
        if connection.vendor == "postgresql" and isinstance(doel, models.CharField):
            expressie = Collate(expressie, "C")
        orde.append(expressie.asc(nulls_first=True))
    return orde


def _cel(waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "1" if waarde else "0"
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, str):
        if waarde[:1] == "'" and waarde.lstrip("'").startswith(GEVAARLIJKE_BEGINTEKENS):
            return "'" + waarde  # `'=x` stays `'=x` after the importer took one off
        return waarde  # the writer neutralises `=x` to `'=x`
    return str(waarde)


def _schrijf(bestand: Bestand, pad: Path) -> int:
    attnames = [bestand.veld(k).attname for k in bestand.kolomnamen]
    rijen = (
        bestand.model._default_manager.order_by(*_volgorde(bestand))
        .values_list(*attnames)
        .iterator(chunk_size=5000)
    )
    n = 0
    with pad.open("w", newline="", encoding="utf-8") as fh:
        writer = csv_schrijver(fh)
        writer.writerow(bestand.kolomnamen)
        for rij in rijen:
            writer.writerow([_cel(w) for w in rij])
            n += 1
    return n

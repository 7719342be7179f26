"""Import a dossier bundle (`shared/spec/bundle.md`): validate everything, then write in bulk.

All or nothing: pass 1 (`bundle.validatie.Validatie`) streams every file, converts and checks
each cell (`bundle.lezen`), and checks the rules (by calling the rule functions of the apps)
with dicts and sets; references to ids that are in no file are looked up in the database once,
in chunks. Any error and nothing is written; every error is reported as `file:line: column:
message`. Pass 2 streams the files again and hands the converted rows to one writer
(`bundle.schrijver`), the only place that writes.

This module orchestrates the two passes: in one transaction after the validation, or, on
PostgreSQL outside a transaction, with a writer thread that writes each file while the next
one is validated (`_import_parallel`).
"""

from __future__ import annotations

import csv
import queue
import re
import sys
import threading
import time
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from psycopg import Error as PsycopgError

from accounts.models import User
from audit import geschiedenis
from bundle.lezen import db_rijen, foutregel
from bundle.schrijver import RuweCsv, schrijver_voor
from bundle.spec import BESTANDEN, Bestand, Schrijfwijze
from bundle.validatie import CHUNK, PERSOONSVELDEN, Validatie
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
from ladder.models import Ladderplaatsing
from organisaties.models import Lidmaatschap, Organisatie
from organisaties.selectors import vergeet_keuzes
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    Contingent,
    Doelstelling,
    Objectief,
    Stage,
    TrajectEvent,
)

__all__ = [
    "CHUNK",
    "PERSOONSVELDEN",
    "SCHRIJVER_INTERVAL",
    "BundleFouten",
    "ImportResult",
    "Validatie",
    "flush_domain_tables",
    "foutregel",
    "import_bundle",
]

#: Seconds between GIL hand-overs while the parallel import validates and writes.
SCHRIJVER_INTERVAL = 0.0005


class BundleFouten(Exception):  # noqa: N818 - Dutch domain name, like trajectories.Geweigerd
    """The bundle was refused; `fouten` holds every `file:line: column: message` line."""

    def __init__(self, fouten: list[str]) -> None:
        self.fouten = fouten
        super().__init__(_("%(n)d fouten in de bundel") % {"n": len(fouten)})


@dataclass
class ImportResult:
    """What an import did: rows read and rows written (new or changed) per file."""

    rijen: dict[str, int] = field(default_factory=dict)
    geschreven: dict[str, int] = field(default_factory=dict)
    seconden: float = 0.0
    dry_run: bool = False

    @property
    def totaal(self) -> int:
        return sum(self.rijen.values())


def import_bundle(path: str | Path, *, dry_run: bool = False) -> ImportResult:
    """Validate the bundle in `path` and, unless `dry_run`, upsert it into the database.

    Raises `BundleFouten` (nothing changed) when any file, row or rule is wrong.
    """
    begin = time.perf_counter()
    map_ = Path(path)
    validatie = Validatie(map_)
    if not dry_run and connection.vendor == "postgresql" and not connection.in_atomic_block:
        result = _import_parallel(map_, validatie)
    else:
        validatie.run()
        if validatie.fouten:
            raise BundleFouten(validatie.gesorteerde_fouten())
        result = ImportResult(rijen=dict(validatie.aantallen), dry_run=dry_run)
        if not dry_run:
            try:
                with transaction.atomic():
                    schrijver = schrijver_voor(connection)
                    for bestand in BESTANDEN:
                        result.geschreven[bestand.naam] = _schrijf(schrijver, bestand, validatie)
                    schrijver.afronden()
            except (DatabaseError, PsycopgError) as exc:
                # Django's errors, and psycopg's own from a COPY (which bypasses Django's
                # cursor): a refusal on the file and line the database names.
                raise _databank_fouten(map_, exc) from None
    if not dry_run:
        # Organisations and memberships were written past the models' signals.
        vergeet_keuzes()
    result.seconden = time.perf_counter() - begin
    return result


def _schrijf(
    schrijver: Any, bestand: Bestand, validatie: Validatie, *, speculatief: bool = False
) -> int:
    """Hand one validated file to the writer: raw for PostgreSQL when its text is stored as
    is, else its rows converted by Python. `speculatief`: raw, before the validation has read
    it (header and row count from the file itself)."""
    # Every column, also those left out of the header: their values are empty.
    velden = [bestand.veld(k) for k in bestand.kolomnamen]
    rijen: Iterable[tuple[Any, ...]] | RuweCsv = db_rijen(bestand, validatie.map)
    if speculatief:
        pad = validatie.map / bestand.naam
        with pad.open(newline="", encoding="utf-8-sig") as fh:
            kop = tuple(next(csv.reader(fh), []))
        with pad.open("rb") as fh:
            regels = sum(blok.count(b"\n") for blok in iter(lambda: fh.read(1 << 20), b""))
        rijen = RuweCsv(pad, kop, bestand.kolomnamen, max(regels - 1, 0))
    elif schrijver.kan_ruw and bestand.naam not in validatie.niet_ruw:
        rijen = RuweCsv(
            validatie.map / bestand.naam,
            tuple(validatie.kop[bestand.naam]),
            bestand.kolomnamen,
            validatie.aantallen[bestand.naam],
        )
    sleutel = [bestand.veld(k) for k in bestand.sleutel]
    if bestand.schrijfwijze is Schrijfwijze.UPSERT:
        return schrijver.upsert(bestand.model, velden, sleutel, rijen)
    return schrijver.vervang(bestand.model, velden, sleutel, rijen)


class _Afgebroken(Exception):
    pass


class _Schrijfdraad:
    """The writer of the parallel import: a thread with its own connection and one open
    transaction. Pass 1 hands it each file it has read without error (`na_bestand`) or takes
    a file ahead (`vooraf`, with its verdict later through `oordeel`); at the end (`einde`) it
    gets the verdict on the whole bundle, runs the cross-file checks against the database in
    its transaction, and commits only when everything is valid."""

    def __init__(self, validatie: Validatie) -> None:
        self.validatie = validatie
        self.wachtrij: queue.Queue[tuple[Bestand, bool] | None] = queue.Queue()
        self.oordeel: queue.Queue[bool] = queue.Queue()
        self.bestandsoordeel: queue.Queue[str] = queue.Queue()
        self.geschreven: dict[str, int] = {}
        self.probleem: list[BaseException] = []
        # The writer has had the end of the queue and the verdict.
        self.ontvangen = False
        # The writer's connection is its own: it writes in the caller's history context (who
        # imports, through which command or request), not as "systeem".
        self.meta = geschiedenis.huidige_context()
        self.draad = threading.Thread(target=self.schrijf, name="bundle-schrijver")

    # the writer's thread

    def schrijf(self) -> None:
        try:
            with (
                geschiedenis.context(**self.meta) if self.meta else nullcontext(),
                transaction.atomic(),
            ):
                schrijver = schrijver_voor(connection)
                self._schrijf_bestanden(schrijver)
                self._rond_af(schrijver)
        except _Afgebroken:
            pass
        except BaseException as exc:  # handed to the caller's thread (also one at the commit)
            self.probleem.append(exc)
            if not self.ontvangen:
                self._ontruim()
        finally:
            connection.close()

    def _schrijf_bestanden(self, schrijver: Any) -> None:
        """Write each file the queue hands over, until its end (None)."""
        validatie = self.validatie
        while (bericht := self.wachtrij.get()) is not None:
            bestand, speculatief = bericht
            if speculatief:
                _schrijf_speculatief(schrijver, bestand, validatie, self.bestandsoordeel)
            elif not self.probleem:
                self.geschreven[bestand.naam] = _schrijf(schrijver, bestand, validatie)
            if bestand.naam in validatie.speculatief_geschreven:
                self.geschreven[bestand.naam] = validatie.speculatief_geschreven[bestand.naam]

    def _rond_af(self, schrijver: Any) -> None:
        """Pass 1's verdict; then the cross-file checks against the database, in this
        transaction; `afronden` when all is valid, else `_Afgebroken` (a rollback)."""
        goed = self.oordeel.get()
        self.ontvangen = True
        if not goed:
            raise _Afgebroken
        self.validatie.na_controles()
        if self.validatie.fouten:
            raise _Afgebroken
        schrijver.afronden()

    def _ontruim(self) -> None:
        """After a failure: take the rest of the queue and the verdict (pass 1 goes on)."""
        while self.wachtrij.get() is not None:
            pass
        self.oordeel.get()

    # called by pass 1, in the caller's thread

    def na_bestand(self, bestand: Bestand) -> None:
        self.wachtrij.put((bestand, False))

    def vooraf(self, bestand: Bestand) -> bool:
        # An initial load writes the participants while they are validated (nothing in the
        # database to check them against); the writer keeps them only if they prove valid.
        if bestand.naam != "deelnemers.csv" or not self.validatie.deelnemers_leeg or self.probleem:
            return False
        self.wachtrij.put((bestand, True))
        return True

    def bestand_beoordeeld(self, _bestand: Bestand, uitkomst: str) -> None:
        self.bestandsoordeel.put(uitkomst)

    def einde(self) -> None:
        """Pass 1 is over (done or failed): the verdict, and wait for the writer."""
        self.bestandsoordeel.put("fout")  # a file taken early never waits forever (spare otherwise)
        self.wachtrij.put(None)
        self.oordeel.put(not self.validatie.fouten and not self.probleem)
        self.draad.join()


def _import_parallel(map_: Path, validatie: Validatie) -> ImportResult:
    """PostgreSQL outside a transaction: write each file, in a second connection and an open
    transaction, as soon as pass 1 has read it, so that the database works while Python
    validates the next file (two cores). The cross-file checks against the database then run
    in that transaction, after the writes (`Validatie.na_controles` says why that gives the
    same answer); pass 1 itself reads the database only before the first write, so the locks
    of the writer's bulk mode never stop it. The transaction commits only when everything is
    valid, else it rolls back: still all or nothing."""
    schrijver = _Schrijfdraad(validatie)
    validatie.databank_controleert = True
    # The validating thread holds the GIL nearly all the time; the writer needs it briefly
    # after every round trip (each block of a COPY). Python's default switch interval (5 ms)
    # left the database idle while the writer waited for it.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SCHRIJVER_INTERVAL)
    schrijver.draad.start()
    try:
        validatie.run(
            na_bestand=schrijver.na_bestand,
            na_controles=False,
            vooraf=schrijver.vooraf,
            oordeel=schrijver.bestand_beoordeeld,
        )
    finally:
        sys.setswitchinterval(interval)
        schrijver.einde()
    return _uitkomst(map_, validatie, schrijver)


def _uitkomst(map_: Path, validatie: Validatie, schrijver: _Schrijfdraad) -> ImportResult:
    """What the parallel import did; raises what refused it (the writer has rolled back)."""
    probleem = schrijver.probleem
    if probleem and not isinstance(probleem[0], DatabaseError | PsycopgError):
        raise probleem[0]
    if validatie.fouten or probleem:
        # Pass 1 left the keys' checks to the database: every error at once, as the dry run
        # gives them, from a complete validation (the writer has rolled back).
        raise _databank_fouten(map_, probleem[0] if probleem else None) from None
    return ImportResult(rijen=dict(validatie.aantallen), geschreven=schrijver.geschreven)


def _databank_fouten(map_: Path, exc: BaseException | None) -> BundleFouten:
    """The bundle was refused, by pass 1 or by the database (`exc`; the writer has rolled
    back): the errors of a complete validation against the database as it is, which explain
    a refusal as `file:line` (a reference, an id twice, …); else the database's own words,
    placed on the file and line it names."""
    controle = Validatie(map_)
    controle.run()
    if controle.fouten or exc is None:
        return BundleFouten(controle.gesorteerde_fouten())
    oorzaak = exc.__cause__ if isinstance(exc.__cause__, PsycopgError) else exc
    diag = getattr(oorzaak, "diag", None)
    tabel = getattr(diag, "table_name", None) or ""
    context = getattr(diag, "context", None) or ""
    if m := re.search(r"COPY (\S+), line (\d+)(?:, column (\w+))?", context):
        tabel = tabel or m.group(1)
    naam = next(
        (b.naam for b in BESTANDEN if tabel.endswith(b.model._meta.db_table)), BESTANDEN[0].naam
    )
    lijn = int(m.group(2)) if m else 0
    kolom = (m.group(3) if m else None) or getattr(diag, "column_name", None) or "-"
    bericht = getattr(diag, "message_primary", None) or str(oorzaak).splitlines()[0]
    return BundleFouten(
        [foutregel(naam, lijn, kolom, _("De databank weigert dit: %(m)s") % {"m": bericht})]
    )


def _schrijf_speculatief(
    schrijver: Any, bestand: Bestand, validatie: Validatie, uitkomsten: queue.Queue[str]
) -> None:
    """Write a file while pass 1 still reads it, in a savepoint; then keep it (valid, stored
    as it stands), write it again from converted rows ("herschrijf"), or drop it ("fout": the
    import is refused anyway). The database refusing a row the validation accepts is an error."""
    punt = schrijver.bewaarpunt()
    try:
        n: int | None = _schrijf(schrijver, bestand, validatie, speculatief=True)
    except Exception:  # noqa: BLE001 - a bad cell: the validation reports it, with its line
        n = None
    uitkomst = uitkomsten.get()
    if uitkomst == "ok" and n is not None:
        schrijver.behoud(punt)
        validatie.speculatief_geschreven[bestand.naam] = n
        return
    schrijver.terug_naar(punt)
    if uitkomst != "fout":
        validatie.speculatief_geschreven[bestand.naam] = _schrijf(schrijver, bestand, validatie)


def flush_domain_tables() -> None:
    """Delete every dossier (all that a bundle holds and what hangs off it); keep the codes,
    the werkvormen catalog and the users (detached from their organisation). For tests."""
    with transaction.atomic():
        User.objects.filter(organisatie__isnull=False).update(organisatie=None)
        for model in (
            TrajectEvent,
            Actie,
            Doelstelling,
            Stage,
            AmaSeMoment,
            AmaWvgEvaluatie,
            Activeringstraject,
            AmaSeTraject,
            AmaWvgOvereenkomst,
            Ladderplaatsing,
            Arbeidsmarktpositie,
            Advies,
            Deelnemer,
            Contingent,
            Objectief,
            Lidmaatschap,
            Organisatie,
        ):
            model.objects.all()._raw_delete(model.objects.db)
    vergeet_keuzes()

"""Import a dossier bundle (`shared/spec/bundle.md`): validate everything, then write in bulk.

All or nothing: pass 1 streams every file, converts and checks each cell, and checks the rules
(by calling the rule functions of the apps) with dicts and sets; references to ids that are in
no file are looked up in the database once, in chunks. Any error and nothing is written; every
error is reported as `file:line: column: message`. Pass 2 streams the files again and hands
the converted rows to one writer (`bundle.schrijver`), the only place that writes.

Only what the cross-file checks need is held in memory (ids, INSZ numbers, positions and WVG
agreements per participant, memberships); the rows themselves are parsed twice instead.
"""

from __future__ import annotations

import csv
import functools
import io
import queue
import re
import sys
import threading
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import Error as PsycopgError

from audit import geschiedenis
from bundle.schrijver import RuweCsv, schrijver_voor
from bundle.spec import BESTANDEN, PER_NAAM, Bestand, Kolom, Schrijfwijze, Soort
from deelnemers.rules import deelnemer_fouten, normaliseer_insz, positie_fouten
from ladder.rules import plaatsing_datum_fouten, plaatsing_fouten, regio_wvl_fouten
from organisaties.rules import (
    erkenning_fouten,
    lidmaatschap_bereik_fouten,
    normaliseer_kbo,
    samenwerkingsverband_fouten,
)
from trajectories.rules import (
    activering_fouten,
    ama_se_fouten,
    lopend_traject_fouten,
    toegelaten_eindadviezen,
    wvg_begeleider_fouten,
)
from werkzorg.domein.fouten import Fout
from werkzorg.domein.tabelbestanden import GEVAARLIJKE_BEGINTEKENS

#: What identifies a participant; a pseudonymised dossier never gets it back (deelnemers.csv).
PERSOONSVELDEN = ("voornaam", "achternaam", "insz", "geboortedatum")
#: Seconds between GIL hand-overs while the parallel import validates and writes.
SCHRIJVER_INTERVAL = 0.0005
CHUNK = 900  # ids per `IN (...)` lookup: below SQLite's variable limit on every version


class BundleFouten(Exception):  # noqa: N818 - Dutch domain name, like trajectories.Geweigerd
    """The bundle was refused; `fouten` holds every `file:line: column: message` line."""

    def __init__(self, fouten: list[str]) -> None:
        self.fouten = fouten
        super().__init__(_("%(n)d fouten in de bundel") % {"n": len(fouten)})


#: Control characters (line breaks included) as escapes: one error is one line.
_ZICHTBAAR = {i: f"\\x{i:02x}" for i in (*range(32), 0x7F, 0x85, 0x200B, 0x2028, 0x2029, 0xFEFF)}


def foutregel(bestand: str, lijn: int, kolom: str, bericht: str) -> str:
    """`file:line: column: message`, one line; a header cell that is no plain column name
    (empty, with a colon or a control character) is shown in the message, the column as `-`."""
    bericht = bericht.translate(_ZICHTBAAR)
    if not kolom or ":" in kolom or kolom != kolom.translate(_ZICHTBAAR) or kolom.strip() != kolom:
        bericht = f"«{kolom.translate(_ZICHTBAAR)}»: {bericht}"
        kolom = "-"
    return f"{bestand}:{lijn}: {kolom}: {bericht}"


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
    validatie = _Validatie(map_)
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
            except DatabaseError as exc:
                raise _databank_fouten(map_, exc) from None
    result.seconden = time.perf_counter() - begin
    return result


def _schrijf(
    schrijver: Any, bestand: Bestand, validatie: _Validatie, *, speculatief: bool = False
) -> int:
    """Hand one validated file to the writer: raw for PostgreSQL when its text is stored as
    is, else its rows converted by Python. `speculatief`: raw, before the validation has read
    it (header and row count from the file itself)."""
    # Every column, also those left out of the header: their values are empty.
    velden = [bestand.veld(k) for k in bestand.kolomnamen]
    rijen: Iterable[tuple[Any, ...]] | RuweCsv = _db_rijen(bestand, validatie.map)
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


def _import_parallel(map_: Path, validatie: _Validatie) -> ImportResult:
    """PostgreSQL outside a transaction: write each file, in a second connection and an open
    transaction, as soon as pass 1 has read it, so that the database works while Python
    validates the next file (two cores). The cross-file checks against the database then run
    in that transaction, after the writes (`_Validatie.na_controles` says why that gives the
    same answer); pass 1 itself reads the database only before the first write, so the locks
    of the writer's bulk mode never stop it. The transaction commits only when everything is
    valid, else it rolls back: still all or nothing."""
    wachtrij: queue.Queue[tuple[Bestand, bool] | None] = queue.Queue()
    oordeel: queue.Queue[bool] = queue.Queue()
    bestandsoordeel: queue.Queue[str] = queue.Queue()
    geschreven: dict[str, int] = {}
    probleem: list[BaseException] = []

    # The writer's connection is its own: it writes in the caller's history context (who
    # imports, through which command or request), not as "systeem".
    meta = geschiedenis.huidige_context()

    ontvangen: list[bool] = []  # the writer has had the end of the queue and the verdict

    def schrijf() -> None:
        try:
            with geschiedenis.context(**meta) if meta else nullcontext(), transaction.atomic():
                schrijver = schrijver_voor(connection)
                while (bericht := wachtrij.get()) is not None:
                    bestand, speculatief = bericht
                    if speculatief:
                        _schrijf_speculatief(schrijver, bestand, validatie, bestandsoordeel)
                    elif not probleem:
                        geschreven[bestand.naam] = _schrijf(schrijver, bestand, validatie)
                    if bestand.naam in validatie.speculatief_geschreven:
                        geschreven[bestand.naam] = validatie.speculatief_geschreven[bestand.naam]
                goed = oordeel.get()
                ontvangen.append(True)
                if not goed:
                    raise _Afgebroken
                validatie.na_controles()
                if validatie.fouten:
                    raise _Afgebroken
                schrijver.afronden()
        except _Afgebroken:
            pass
        except BaseException as exc:  # handed to the caller's thread (also one at the commit)
            probleem.append(exc)
            if not ontvangen:
                while wachtrij.get() is not None:
                    pass
                oordeel.get()
        finally:
            connection.close()

    validatie.databank_controleert = True
    draad = threading.Thread(target=schrijf, name="bundle-schrijver")
    # The validating thread holds the GIL nearly all the time; the writer needs it briefly
    # after every round trip (each block of a COPY). Python's default switch interval (5 ms)
    # left the database idle while the writer waited for it.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SCHRIJVER_INTERVAL)
    draad.start()

    def vooraf(bestand: Bestand) -> bool:
        # An initial load writes the participants while they are validated (nothing in the
        # database to check them against); the writer keeps them only if they prove valid.
        if bestand.naam != "deelnemers.csv" or not validatie.deelnemers_leeg or probleem:
            return False
        wachtrij.put((bestand, True))
        return True

    try:
        validatie.run(
            na_bestand=lambda b: wachtrij.put((b, False)),
            na_controles=False,
            vooraf=vooraf,
            oordeel=lambda _b, uitkomst: bestandsoordeel.put(uitkomst),
        )
    finally:
        sys.setswitchinterval(interval)
        bestandsoordeel.put("fout")  # a file taken early never waits forever (spare otherwise)
        wachtrij.put(None)
        oordeel.put(not validatie.fouten and not probleem)
        draad.join()
    if probleem and not isinstance(probleem[0], DatabaseError | PsycopgError):
        raise probleem[0]
    if validatie.fouten or probleem:
        # Pass 1 left the keys' checks to the database: every error at once, as the dry run
        # gives them, from a complete validation (the writer has rolled back).
        raise _databank_fouten(map_, probleem[0] if probleem else None) from None
    return ImportResult(rijen=dict(validatie.aantallen), geschreven=geschreven)


def _databank_fouten(map_: Path, exc: BaseException | None) -> BundleFouten:
    """The bundle was refused, by pass 1 or by the database (`exc`; the writer has rolled
    back): the errors of a complete validation against the database as it is, which explain
    a refusal as `file:line` (a reference, an id twice, …); else the database's own words,
    placed on the file and line it names."""
    controle = _Validatie(map_)
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
    schrijver: Any, bestand: Bestand, validatie: _Validatie, uitkomsten: queue.Queue[str]
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
    from accounts.models import User
    from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
    from ladder.models import Ladderplaatsing
    from organisaties.models import Lidmaatschap, Organisatie
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


# --- reading ------------------------------------------------------------------------------


@dataclass
class _Rij:
    lijn: int
    waarden: dict[str, Any]  # column -> converted value (None when empty)
    # A cell of this row was wrong: its rules are not checked (they would only repeat it).
    fout: bool = False


class _Validatie:
    """Pass 1: every check, and what pass 2 needs (the header of each file)."""

    def __init__(self, map_: Path) -> None:
        self.map = map_
        self.fouten: list[tuple[int, int, str]] = []  # (file order, line, text)
        self.aantallen: dict[str, int] = {}
        self.kolommen: dict[str, list[str]] = {}
        self.kop: dict[str, list[str]] = {}
        # Files with a cell whose stored form differs from its text (a KBO number to
        # normalise, …) or with blank lines: written from Python, not read raw by the database.
        self.niet_ruw: set[str] = set()
        self.ids: dict[str, set[str]] = defaultdict(set)
        # Missing references: target file -> id -> [(file, line, column)]
        self.open_refs: dict[str, dict[str, list[tuple[str, int, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.codes = _Codes()
        self.org_type: dict[str, str] = {}
        self.leden: dict[str, list[_Rij]] = defaultdict(list)  # organisatie -> memberships
        self.rol_nodig: dict[tuple[str, str], _Plaatsen] = defaultdict(_Plaatsen)
        self.insz: dict[str, tuple[str, int]] | _Vergeet = {}
        self.wvg: dict[str, _Overeenkomsten] = defaultdict(_Overeenkomsten)
        self.activering: dict[str, _Trajecten] = defaultdict(_Trajecten)
        self.posities = _Posities(self.controleer_posities_van)
        # Parallel import (PostgreSQL): what the database checks itself as it writes (foreign
        # keys, primary keys, the INSZ index) is not kept in memory (decision 120); when it
        # refuses, `_databank_fouten` validates again in full for the lines.
        self.databank_controleert = False
        self.sleutels: set[Any] | _Vergeet = set()
        self.plan_per_id = False
        self.plan_refs: list[tuple[str, set[str], str]] = []
        self.plan_controle: Callable[[str, _Rij], None] | None = None
        # Participants pseudonymised by the retention command, and their rows in this bundle.
        self.gepseudonimiseerd: set[str] = set()
        self.deelnemers_leeg = False
        self.wvg_leeg = False
        # Rows written per file by the parallel writer's speculative path.
        self.speculatief_geschreven: dict[str, int] = {}
        self.pseudo_rijen: dict[str, tuple[int, dict[str, Any]]] = {}

    # errors

    def fout(self, bestand: str, lijn: int, kolom: str, bericht: str) -> None:
        volgorde = next(i for i, b in enumerate(BESTANDEN) if b.naam == bestand)
        self.fouten.append((volgorde, lijn, foutregel(bestand, lijn, kolom, bericht)))

    def gesorteerde_fouten(self) -> list[str]:
        return list(dict.fromkeys(t for _v, _l, t in sorted(self.fouten, key=lambda f: f[:2])))

    # pass 1

    def run(
        self,
        na_bestand: Callable[[Bestand], None] | None = None,
        *,
        na_controles: bool = True,
        vooraf: Callable[[Bestand], bool] | None = None,
        oordeel: Callable[[Bestand, str], None] | None = None,
    ) -> None:
        """Read every file; `na_bestand` is called with each file read without error. Pass 1
        reads the database only at its start (codes) and for the INSZ numbers before
        deelnemers.csv is handed on, never a table the files before it write; `na_controles`
        adds the other checks against the database after it.

        `vooraf(bestand)` may take a file before it is read (True: written speculatively);
        `oordeel(bestand, uitkomst)` then says how its reading went: "ok", "herschrijf" (valid,
        but not to be stored as it stands) or "fout"."""
        from deelnemers.models import Deelnemer

        self.codes.laad_alles()
        self.gepseudonimiseerd = _gepseudonimiseerd()
        from trajectories.models import AmaWvgOvereenkomst

        # An initial load: nothing in the database to check participants or agreements against.
        self.deelnemers_leeg = not Deelnemer.objects.exists()
        self.wvg_leeg = not AmaWvgOvereenkomst.objects.exists()
        for bestand in BESTANDEN:
            # What every row of this file needs, looked up once.
            self.plan_per_id = bestand.sleutel == ("id",)
            # For files with an id the set of ids doubles as the duplicate check.
            self.sleutels = self.ids[bestand.naam] if self.plan_per_id else set()
            self.plan_refs = [
                (k.naam, self.ids[k.bron], k.bron) for k in bestand.kolommen if k.soort is Soort.REF
            ]
            if self.databank_controleert:
                self.plan_refs = []
                if self.plan_per_id and not self._ids_nodig(bestand.naam):
                    self.sleutels = _VERGEET
                if bestand.naam == "deelnemers.csv" and self.deelnemers_leeg:
                    self.insz = _VERGEET
            self.plan_controle = getattr(self, "rij_" + bestand.naam.removesuffix(".csv"), None)
            pad = self.map / bestand.naam
            if not pad.is_file():
                self.fout(bestand.naam, 0, "-", _("Het bestand ontbreekt."))
                self.kolommen[bestand.naam] = []
                continue
            speculatief = vooraf is not None and not self.fouten and vooraf(bestand)
            n, fouten_voor = 0, len(self.fouten)
            for rij in _lees(bestand, pad, self):
                n += 1
                self.controleer_rij(bestand, rij)
            self.aantallen[bestand.naam] = n
            if bestand.naam == "deelnemers.csv" and not self.deelnemers_leeg:
                # Before the file is written: the unique index would refuse a taken number
                # with a database error instead of this line's message.
                self.controleer_insz()
                self.controleer_pseudoniemen()
            if speculatief and oordeel is not None:
                if self.fouten:
                    oordeel(bestand, "fout")
                else:
                    oordeel(bestand, "herschrijf" if bestand.naam in self.niet_ruw else "ok")
            elif na_bestand is not None and not self.fouten and len(self.fouten) == fouten_voor:
                na_bestand(bestand)
        self.controleer_posities()
        if na_controles:
            self.na_controles()

    def na_controles(self) -> None:
        """The cross-file checks against the database. They read only rows that the import
        leaves alone (ids in no file, other participants' INSZ, …), so they give the same
        answer before the writes and inside the writing transaction."""
        self.controleer_referenties()
        self.controleer_organisaties()
        self.controleer_wvg()
        self.controleer_lopende_trajecten()

    def controleer_rij(self, bestand: Bestand, rij: _Rij) -> None:
        naam, w = bestand.naam, rij.waarden
        for kolom, doel_ids, bron in self.plan_refs:
            doel = w[kolom]
            if doel is not None and doel not in doel_ids:
                self.open_refs[bron][doel].append((naam, rij.lijn, kolom))
        if bestand.schrijfwijze is Schrijfwijze.UPSERT:
            sleutel: Any = w["id"] if self.plan_per_id else tuple(w[k] for k in bestand.sleutel)
            if sleutel is not None and (self.plan_per_id or None not in sleutel):
                if sleutel in self.sleutels:
                    self.fout(
                        naam,
                        rij.lijn,
                        bestand.sleutel[0],
                        _("%(s)s komt meer dan eens voor in dit bestand.")
                        % {"s": sleutel if self.plan_per_id else ", ".join(map(str, sleutel))},
                    )
                self.sleutels.add(sleutel)
        if not rij.fout:
            for van, tot in bestand.perioden:
                if w[van] and w[tot] and w[tot] < w[van]:
                    self.fout(
                        naam,
                        rij.lijn,
                        tot,
                        _("%(tot)s ligt vóór %(van)s.") % {"tot": tot, "van": van},
                    )
        if self.plan_controle is not None:
            self.plan_controle(naam, rij)

    def regel_fouten(
        self, naam: str, lijn: int, fouten: Iterable[Fout], kolommen: dict[str, str] | None = None
    ) -> None:
        for f in fouten:
            self.fout(naam, lijn, (kolommen or {}).get(f.veld, f.veld), f.bericht)

    def rij_organisaties(self, naam: str, rij: _Rij) -> None:
        if rij.waarden.get("id") is not None:
            self.org_type[rij.waarden["id"]] = rij.waarden.get("type") or ""

    def rij_lidmaatschappen(self, naam: str, rij: _Rij) -> None:
        w = rij.waarden
        self.regel_fouten(
            naam,
            rij.lijn,
            lidmaatschap_bereik_fouten(w.get("rol"), w.get("netwerk"), w.get("regio")),
        )
        if w.get("organisatie_id") is not None:
            self.leden[w["organisatie_id"]].append(rij)

    def rij_contingenten(self, naam: str, rij: _Rij) -> None:
        if rij.waarden.get("organisatie_id") is not None:
            self.rol_nodig[(rij.waarden["organisatie_id"], "begeleider-ama-se")].append(
                (naam, rij.lijn, "organisatie_id")
            )

    def rij_deelnemers(self, naam: str, rij: _Rij) -> None:
        if rij.waarden.get("id") in self.gepseudonimiseerd:
            self.pseudo_rijen[rij.waarden["id"]] = (
                rij.lijn,
                {k: rij.waarden.get(k) for k in PERSOONSVELDEN},
            )
        if not rij.fout:
            d = _object(rij.waarden, provincie_id="provincie", regio_id="regio")
            self.regel_fouten(
                naam,
                rij.lijn,
                deelnemer_fouten(
                    d,
                    regio_provincie_id=self.codes.regio_provincie.get(rij.waarden.get("regio")),
                    vandaag=timezone.localdate(),
                ),
            )
        insz, id_ = rij.waarden.get("insz"), rij.waarden.get("id")
        if insz is None or id_ is None:
            return
        eerder = self.insz.get(insz)
        if eerder is not None:
            self.fout(
                naam,
                rij.lijn,
                "insz",
                _("Dit INSZ-nummer staat ook op regel %(lijn)d (deelnemer %(id)s).")
                % {"lijn": eerder[1], "id": eerder[0]},
            )
        else:
            self.insz[insz] = (id_, rij.lijn)

    def rij_activeringstrajecten(self, naam: str, rij: _Rij) -> None:
        if rij.fout:
            return
        t = _object(rij.waarden, eindadvies_id="eindadvies", stopreden_id="stopreden")
        self.regel_fouten(naam, rij.lijn, activering_fouten(t, eindadviezen=self.codes.eind_at))
        if t.id is not None and t.deelnemer_id is not None and t.geinitieerd_op is not None:
            t.lijn = rij.lijn
            self.activering[t.deelnemer_id].append(t)

    def rij_ama_se_trajecten(self, naam: str, rij: _Rij) -> None:
        if not rij.fout:
            t = _object(rij.waarden, eindadvies_id="eindadvies", stopreden_id="stopreden")
            self.regel_fouten(naam, rij.lijn, ama_se_fouten(t, eindadviezen=self.codes.eind_se))
        if rij.waarden.get("begeleider_id") is not None:
            self.rol_nodig[(rij.waarden["begeleider_id"], "begeleider-ama-se")].append(
                (naam, rij.lijn, "begeleider_id")
            )

    def rij_ama_wvg_overeenkomsten(self, naam: str, rij: _Rij) -> None:
        w = rij.waarden
        if w.get("begeleider_id") is not None:
            self.rol_nodig[(w["begeleider_id"], "begeleider-ama-wvg")].append(
                (naam, rij.lijn, "begeleider_id")
            )
        if None not in (w.get("id"), w.get("deelnemer_id"), w.get("begeleider_id"), w.get("start")):
            self.wvg[w["deelnemer_id"]].append(
                SimpleNamespace(
                    id=w["id"],
                    begeleider_id=w["begeleider_id"],
                    start=w["start"],
                    einde=w.get("einde"),
                    lijn=rij.lijn,
                )
            )

    def rij_arbeidsmarktposities(self, naam: str, rij: _Rij) -> None:
        w = rij.waarden
        if w.get("deelnemer_id") is not None and w.get("van") is not None:
            self.posities[w["deelnemer_id"]].append((w["van"], w.get("tot"), rij.lijn))

    def rij_ladderplaatsingen(self, naam: str, rij: _Rij) -> None:
        werkvorm = self.codes.werkvormen.get(rij.waarden.get("werkvorm"))
        if werkvorm is not None and not rij.fout:
            self.regel_fouten(
                naam,
                rij.lijn,
                plaatsing_fouten(werkvorm, rij.waarden.get("start"), rij.waarden.get("einde")),
            )
        if not rij.fout:
            w = rij.waarden
            self.regel_fouten(
                naam,
                rij.lijn,
                plaatsing_datum_fouten(w.get("start"), timezone.localdate())
                + regio_wvl_fouten(w.get("provincie"), w.get("regio_wvl")),
            )

    # cross-file checks, after pass 1

    def controleer_referenties(self) -> None:
        """References to ids in no file: fine when the database already holds them."""
        for doel, open_ in self.open_refs.items():
            model = next(b for b in BESTANDEN if b.naam == doel).model
            bestaand = _bestaande_ids(model, list(open_))
            for id_, plaatsen in open_.items():
                if id_ in bestaand:
                    continue
                for naam, lijn, kolom in plaatsen:
                    self.fout(
                        naam,
                        lijn,
                        kolom,
                        _("%(id)s staat niet in %(doel)s en niet in de databank.")
                        % {"id": id_, "doel": doel},
                    )

    def controleer_organisaties(self) -> None:
        from organisaties.models import Lidmaatschap, Organisatie

        # The type of every organisation involved: the bundle's, else the database's.
        nodig = set(self.leden) | {org for org, _rol in self.rol_nodig}
        types = {org: self.org_type[org] for org in nodig if org in self.org_type}
        for chunk in _chunks([o for o in nodig if o not in types]):
            types.update(Organisatie.objects.filter(id__in=chunk).values_list("id", "type_id"))

        naam = "lidmaatschappen.csv"
        svz: dict[str, list[SimpleNamespace]] = defaultdict(list)
        eerste_lijn: dict[str, int] = {}
        for org, rijen in self.leden.items():
            for rij in rijen:
                w = rij.waarden
                type_code = w.get("als_type") or types.get(org)
                if type_code is None or w.get("rol") is None or rij.fout:
                    continue  # an unknown organisation or a bad cell: reported already
                self.regel_fouten(
                    naam, rij.lijn, erkenning_fouten(w["rol"], type_code, w.get("tot"))
                )
                if w["rol"] == "samenwerkingsverband-zorg" and w.get("regio") and w.get("van"):
                    svz[w["regio"]].append(
                        SimpleNamespace(type_code=type_code, van=w["van"], tot=w.get("tot"))
                    )
                    eerste_lijn.setdefault(w["regio"], rij.lijn)
        # A region's samenwerkingsverband also holds the database's members that this bundle
        # leaves alone (organisations without rows in lidmaatschappen.csv).
        if svz:
            bestaand = (
                Lidmaatschap.objects.filter(rol="samenwerkingsverband-zorg", regio_id__in=list(svz))
                .exclude(organisatie_id__in=list(self.leden))
                .values_list("regio_id", "als_type_id", "organisatie__type_id", "van", "tot")
            )
            for regio, als_type, org_type, van, tot in bestaand:
                svz[regio].append(SimpleNamespace(type_code=als_type or org_type, van=van, tot=tot))
        for regio, leden in svz.items():
            for f in samenwerkingsverband_fouten(leden):
                self.fout(naam, eerste_lijn[regio], "regio", f"{regio}: {f.bericht}")

        # Roles a row requires (a contingent's or a trajectory's begeleider).
        heeft: set[tuple[str, str]] = {
            (org, rij.waarden["rol"]) for org, rijen in self.leden.items() for rij in rijen
        }
        elders = sorted({org for org, _rol in self.rol_nodig if org not in self.leden})
        for chunk in _chunks(elders):
            heeft.update(
                Lidmaatschap.objects.filter(organisatie_id__in=chunk)
                .values_list("organisatie_id", "rol")
                .distinct()
            )
        for (org, rol), plaatsen in self.rol_nodig.items():
            if org not in types or (org, rol) in heeft:
                continue  # unknown organisations are reported as such
            for bestand, lijn, kolom in plaatsen:
                self.fout(
                    bestand,
                    lijn,
                    kolom,
                    _("Organisatie %(org)s is geen erkende %(rol)s.") % {"org": org, "rol": rol},
                )

    def controleer_pseudoniemen(self) -> None:
        """A dossier pseudonymised at the end of its retention period (privacy/) stays so: a
        bundle may not write a name, INSZ or birth date back. The same (empty) values, as an
        export of this database holds them, are fine."""
        from deelnemers.models import Deelnemer

        if not self.pseudo_rijen:
            return
        opgeslagen = {
            d["id"]: d
            for chunk in _chunks(list(self.pseudo_rijen))
            for d in Deelnemer.objects.filter(id__in=chunk).values("id", *PERSOONSVELDEN)
        }
        for id_, (lijn, waarden) in sorted(self.pseudo_rijen.items(), key=lambda i: i[1][0]):
            oud = opgeslagen.get(id_)
            if oud is None:
                continue
            for veld in PERSOONSVELDEN:
                if (waarden[veld] or None) != (oud[veld] or None):
                    self.fout(
                        "deelnemers.csv",
                        lijn,
                        veld,
                        _(
                            "Deelnemer %(id)s is gepseudonimiseerd (bewaartermijn verstreken): "
                            "zijn persoonsgegevens worden niet opnieuw ingevoerd."
                        )
                        % {"id": id_},
                    )

    def controleer_insz(self) -> None:
        """INSZ unique against the database: another participant there keeps this number."""
        from deelnemers.models import Deelnemer

        naam = "deelnemers.csv"
        if self.insz:
            bundel_ids = self.ids[naam]
            for id_, insz in (
                Deelnemer.objects.filter(insz__isnull=False)
                .values_list("id", "insz")
                .iterator(chunk_size=10_000)
            ):
                eigen = self.insz.get(insz)  # type: ignore[arg-type]  # insz__isnull=False: a str
                if eigen is not None and eigen[0] != id_ and id_ not in bundel_ids:
                    self.fout(
                        naam,
                        eigen[1],
                        "insz",
                        _("Dit INSZ-nummer hoort in de databank al bij deelnemer %(id)s.")
                        % {"id": id_},
                    )

    def _ids_nodig(self, naam: str) -> bool:
        """The ids of a file are needed after it (not only to find duplicates): the INSZ and
        AMA WVG checks against a database that holds rows already."""
        if naam == "deelnemers.csv":
            return not self.deelnemers_leeg
        return naam == "ama_wvg_overeenkomsten.csv" and not self.wvg_leeg

    def controleer_posities(self) -> None:
        """Positions of one participant must not overlap (the bundle replaces them all, so the
        database's do not count): no database, part of pass 1. Checked per participant as the
        file is read (`_Posities`); a file not ordered by participant is read again here."""
        self.posities.einde()
        if not self.posities.ongeordend:
            return
        naam = "arbeidsmarktposities.csv"
        per_deelnemer: dict[str, list[tuple[date, date | None, int]]] = defaultdict(list)
        pad = self.map / naam
        for rij in _lees(PER_NAAM[naam], pad, None, verdraagzaam=True):
            w = rij.waarden
            if w.get("deelnemer_id") is not None and w.get("van") is not None:
                per_deelnemer[w["deelnemer_id"]].append((w["van"], w.get("tot"), rij.lijn))
        for rijen in per_deelnemer.values():
            self.controleer_posities_van(rijen)

    def controleer_posities_van(self, rijen: list[tuple[date, date | None, int]]) -> None:
        """The positions of one participant."""
        naam = "arbeidsmarktposities.csv"
        if len(rijen) >= 2:
            posities = [SimpleNamespace(van=v, tot=t, lijn=lijn) for v, t, lijn in rijen]
            if not positie_fouten(posities):
                return
            # Which row each error belongs to: the one whose arrival adds it.
            posities.sort(key=lambda p: p.van)
            vorige = 0
            for i in range(2, len(posities) + 1):
                fouten = positie_fouten(posities[:i])
                self.regel_fouten(naam, posities[i - 1].lijn, fouten[vorige:])
                vorige = len(fouten)

    def controleer_lopende_trajecten(self) -> None:
        """One activeringstraject at a time per participant, with the database's others."""
        from trajectories.models import Activeringstraject  # like controleer_wvg

        naam = "activeringstrajecten.csv"
        bundel_ids = self.ids[naam]
        andere: dict[str, list[SimpleNamespace]] = defaultdict(list)
        for chunk in _chunks([] if self.deelnemers_leeg else list(self.activering)):
            for rij in Activeringstraject.objects.filter(deelnemer_id__in=chunk).values(
                *_Trajecten.VELDEN[:-1], "deelnemer_id"
            ):
                if rij["id"] not in bundel_ids:
                    andere[rij.pop("deelnemer_id")].append(SimpleNamespace(**rij))
        for dln, trajecten in self.activering.items():
            if len(trajecten) + len(andere.get(dln, [])) < 2:
                continue
            eigen = list(trajecten)
            alle = eigen + andere.get(dln, [])
            for i, t in enumerate(eigen):
                # Each pair once: on the line of the later row of the bundle.
                eerder = [o for o in alle if o not in eigen[i:]]
                self.regel_fouten(naam, t.lijn, lopend_traject_fouten(t, eerder))

    def controleer_wvg(self) -> None:
        """One AMA WVG begeleider at a time, with the database's other agreements."""
        from trajectories.models import AmaWvgOvereenkomst

        naam = "ama_wvg_overeenkomsten.csv"
        bundel_ids = self.ids[naam]
        andere: dict[str, list[SimpleNamespace]] = defaultdict(list)
        for chunk in _chunks([] if self.wvg_leeg else list(self.wvg)):
            for id_, dln, beg, start, einde in AmaWvgOvereenkomst.objects.filter(
                deelnemer_id__in=chunk
            ).values_list("id", "deelnemer_id", "begeleider_id", "start", "einde"):
                if id_ not in bundel_ids:
                    andere[dln].append(
                        SimpleNamespace(id=id_, begeleider_id=beg, start=start, einde=einde)
                    )
        for dln, overeenkomsten in self.wvg.items():
            alle = overeenkomsten + andere.get(dln, [])
            if len(alle) < 2:
                continue
            for o in overeenkomsten:
                self.regel_fouten(
                    naam, o.lijn, wvg_begeleider_fouten(o, alle), {"begeleider": "begeleider_id"}
                )


class _Vergeet:
    """A set or dict that keeps nothing: what the database checks itself (decision 120)."""

    def __contains__(self, _sleutel: object) -> bool:
        return False

    def add(self, _sleutel: object) -> None:
        pass

    def get(self, _sleutel: object, standaard: Any = None) -> Any:
        return standaard

    def __setitem__(self, _sleutel: object, _waarde: object) -> None:
        pass

    def __bool__(self) -> bool:
        return False


_VERGEET = _Vergeet()


class _Plaatsen:
    """Where rows need a role of an organisation: (file, column) -> line numbers, 4 bytes a
    row instead of a tuple; iterates as (file, line, column)."""

    def __init__(self) -> None:
        self._lijnen: dict[tuple[str, str], array[int]] = {}

    def append(self, plaats: tuple[str, int, str]) -> None:
        naam, lijn, kolom = plaats
        if (lijnen := self._lijnen.get((naam, kolom))) is None:
            lijnen = self._lijnen[(naam, kolom)] = array("I")
        lijnen.append(lijn)

    def __iter__(self) -> Iterator[tuple[str, int, str]]:
        for (naam, kolom), lijnen in self._lijnen.items():
            for lijn in lijnen:
                yield naam, lijn, kolom


class _Overeenkomsten:
    """A participant's AMA WVG agreements in the bundle, as tuples (a namespace each took
    ~400 bytes); read back as the namespaces `wvg_begeleider_fouten` expects."""

    __slots__ = ("_rijen",)
    _begeleiders: dict[str, str] = {}

    def __init__(self) -> None:
        self._rijen: list[tuple[Any, ...]] = []

    def append(self, o: SimpleNamespace) -> None:
        beg = self._begeleiders.setdefault(o.begeleider_id, o.begeleider_id)
        self._rijen.append((o.id, beg, o.start, o.einde, o.lijn))

    def __iter__(self) -> Iterator[SimpleNamespace]:
        for id_, beg, start, einde, lijn in self._rijen:
            yield SimpleNamespace(id=id_, begeleider_id=beg, start=start, einde=einde, lijn=lijn)

    def __len__(self) -> int:
        return len(self._rijen)

    def __add__(self, andere: list[SimpleNamespace]) -> list[SimpleNamespace]:
        return [*self, *andere]


class _Trajecten:
    """A participant's activeringstrajecten in the bundle, as tuples of `VELDEN` (what
    `lopend_traject_fouten` reads), like `_Overeenkomsten`."""

    __slots__ = ("_rijen",)
    VELDEN = ("id", "geinitieerd_op", "afgesloten_op", "stopgezet_op", "ingetrokken_op", "lijn")

    def __init__(self) -> None:
        self._rijen: list[tuple[Any, ...]] = []

    def append(self, t: SimpleNamespace) -> None:
        self._rijen.append(tuple(getattr(t, v, None) for v in self.VELDEN))

    def __iter__(self) -> Iterator[SimpleNamespace]:
        for rij in self._rijen:
            yield SimpleNamespace(**dict(zip(self.VELDEN, rij, strict=True)))

    def __len__(self) -> int:
        return len(self._rijen)


class _Posities:
    """The positions of arbeidsmarktposities.csv per participant, in constant memory when the
    file lists each participant's positions together in order of participant (as exports,
    the VDAB feed and the generator write it): a participant is checked as soon as the next
    one begins. Else `ongeordend`, and the file is read again at its end."""

    def __init__(self, controleer: Callable[[list[Any]], None]) -> None:
        self.controleer = controleer
        self.huidig: str | None = None
        self.rijen: list[tuple[date, date | None, int]] = []
        self.ongeordend = False

    def __getitem__(self, deelnemer: str) -> list[tuple[date, date | None, int]]:
        if deelnemer != self.huidig:
            if self.huidig is not None and deelnemer < self.huidig:
                self.ongeordend = True
            if not self.ongeordend:
                self.controleer(self.rijen)
            self.huidig, self.rijen = deelnemer, []
        return self.rijen

    def einde(self) -> None:
        if not self.ongeordend:
            self.controleer(self.rijen)
        self.huidig, self.rijen = None, []


class _Codes:
    """Every code table once, as sets; the catalog entries of the werkvormen."""

    def __init__(self) -> None:
        self._sets: dict[str, set[str]] = {}
        self.eind_at = toegelaten_eindadviezen("activering")
        self.eind_se = toegelaten_eindadviezen("ama-se")
        from ladder.models import Werkvorm

        self.werkvormen: dict[Any, Any] = {
            w.code: w
            for w in Werkvorm.objects.only(
                "code",
                "naam",
                "geldig_van",
                "geldig_tot",
                "einde_instroom",
                "max_duur_maanden",
                "max_duur_dagen",
            )
        }

    def laad_alles(self) -> None:
        """Read every code table a bundle column refers to now, before any write: in the
        parallel import the writer's bulk mode may lock those tables until the commit."""
        self.regio_provincie  # noqa: B018 - loaded now, like the code sets
        for bestand in BESTANDEN:
            for kolom in bestand.kolommen:
                if kolom.soort is Soort.CODE:
                    self.geldig(kolom.bron)

    @functools.cached_property
    def regio_provincie(self) -> dict[Any, str]:
        """The province of each region (`deelnemers.rules.deelnemer_fouten`)."""
        from referentie.models import Regio  # the app registry is ready only when importing

        return dict(Regio.objects.values_list("code", "provincie_id"))

    def geldig(self, model_label: str) -> set[str]:
        if model_label not in self._sets:
            from django.apps import apps

            model = apps.get_model(model_label)
            self._sets[model_label] = {str(c) for c in model.objects.values_list("pk", flat=True)}
        return self._sets[model_label]


def _object(waarden: dict[str, Any], **aliassen: str) -> SimpleNamespace:
    """A row as the object the rule functions expect (model attribute names)."""
    attrs = dict(waarden)
    for attr, kolom in aliassen.items():
        attrs[attr] = waarden.get(kolom)
    return SimpleNamespace(**attrs)


def _gepseudonimiseerd() -> set[str]:
    from django.apps import apps

    if not apps.is_installed("privacy"):
        return set()
    model = apps.get_model("privacy", "GepseudonimiseerdDossier")
    return {str(i) for i in model.objects.values_list("deelnemer_id", flat=True)}


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _bestaande_ids(model: type[models.Model], ids: list[str]) -> set[str]:
    bestaand: set[str] = set()
    for chunk in _chunks(ids):
        bestaand.update(model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return bestaand


# --- parsing ------------------------------------------------------------------------------

Omzetter = Callable[[str], Any]


def _omzetter(bestand: Bestand, kolom: Kolom, codes: _Codes | None) -> Omzetter:
    """The function turning a non-empty cell into its value; raises ValueError (Dutch)."""
    veld = bestand.veld(kolom.naam)
    doel = cast("models.ForeignKey[Any, Any]", veld).target_field if veld.is_relation else veld
    max_lengte = getattr(doel, "max_length", None)
    soort = kolom.soort

    def tekst(s: str) -> str:
        if max_lengte and len(s) > max_lengte:
            raise ValueError(_("Langer dan %(n)d tekens.") % {"n": max_lengte})
        return s

    if soort in (Soort.TEKST, Soort.REF):
        return tekst
    if soort is Soort.DATUM:
        return _datum
    if soort is Soort.BOOL:
        return _bool
    if soort is Soort.GEHEEL:
        grens = 32767 if isinstance(veld, models.PositiveSmallIntegerField) else 2147483647
        return lambda s: _geheel(s, grens)
    if soort is Soort.INSZ:
        # Pass 2 (validated already): only the compact form normaliseer_insz returns.
        return normaliseer_insz if codes is not None else _insz_compact
    if soort is Soort.KBO:
        return normaliseer_kbo
    if soort is Soort.KEUZE:
        assert veld.choices is not None  # a KEUZE column's field has choices
        keuzes = {str(k) for k, _l in veld.choices}
        return lambda s: _uit(s, keuzes, kolom.naam)
    if soort is Soort.CODE:
        if codes is None:
            return str  # pass 2: validated already
        geldig = codes.geldig(kolom.bron)
        return lambda s: _uit(s, geldig, kolom.naam)
    raise AssertionError(soort)


def _insz_compact(s: str) -> str:
    return s if len(s) == 11 and s.isdigit() else normaliseer_insz(s)


def _datum(s: str) -> date:
    # fromisoformat alone would also accept 20240101 and week dates.
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        raise ValueError(_("Geen geldige datum (JJJJ-MM-DD): %(s)s") % {"s": s})
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise ValueError(_("Geen geldige datum (JJJJ-MM-DD): %(s)s") % {"s": s}) from None


def _bool(s: str) -> bool:
    if s == "1":
        return True
    if s == "0":
        return False
    raise ValueError(_("Geen geldige booleaanse waarde (1 of 0): %(s)s") % {"s": s})


def _geheel(s: str, grens: int) -> int:
    if not (s.isascii() and s.isdigit()) or int(s) > grens:
        raise ValueError(_("Geen geldig geheel getal (0 tot %(g)d): %(s)s") % {"s": s, "g": grens})
    return int(s)


def _uit(s: str, geldig: set[str], kolom: str) -> str:
    if s not in geldig:
        raise ValueError(_("Onbekende code voor %(k)s: %(s)s") % {"k": kolom, "s": s})
    return s


class _Onleesbaar(Exception):  # noqa: N818 - Dutch domain name
    """A physical line that is no UTF-8 text, or holds a NUL: reported on that line."""

    def __init__(self, lijn: int, bericht: str) -> None:
        self.lijn = lijn
        self.bericht = bericht
        super().__init__(bericht)


_LEGE_AANHALING = re.compile(rb'(?:^|,)""(?:,|\r?\n|$)', re.MULTILINE)


class _Regels:
    """The lines of a bundle file for `csv.reader`, decoded in blocks of whole lines: an
    encoding error or a NUL is reported on its own line (a text stream decodes ahead, so its
    errors surface on line 1). Notes what makes the file unfit for PostgreSQL's own CSV
    reading (`zuiver`)."""

    BLOK = 1 << 20

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        # PostgreSQL's COPY reads a quoted empty cell ("") as '' where the import means no
        # value: a file with one is written from Python.
        self.zuiver = True

    def __iter__(self) -> Iterator[str]:
        rest, lijnen_voor = b"", 0
        while True:
            blok = self.fh.read(self.BLOK)
            data = rest + blok
            if blok:
                knip = data.rfind(b"\n") + 1
                if knip == 0:
                    rest = data
                    continue
                data, rest = data[:knip], data[knip:]
            elif not data:
                return
            else:
                rest = b""
            if lijnen_voor == 0 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            slecht, fout = data.find(b"\x00"), None
            try:
                tekst = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if slecht < 0 or exc.start < slecht:
                    slecht, fout = exc.start, exc
            if slecht >= 0:
                begin = data.rfind(b"\n", 0, slecht) + 1
                yield from io.StringIO(data[:begin].decode("utf-8"), newline="")
                lijn = lijnen_voor + data.count(b"\n", 0, begin) + 1
                regel = data[begin : data.find(b"\n", slecht) % (len(data) + 1)]
                if fout is None:
                    raise _Onleesbaar(lijn, _("De regel bevat een NUL-teken (byte 0)."))
                raise _Onleesbaar(lijn, _codering_fout(regel, slecht - begin, lijn))
            if self.zuiver and b'""' in data and _LEGE_AANHALING.search(data):
                self.zuiver = False
            lijnen_voor += data.count(b"\n")
            yield from io.StringIO(tekst, newline="")
            if not blok:
                return


def _codering_fout(regel: bytes, positie: int, lijn: int) -> str:
    if lijn == 1 and regel.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _("Het bestand is UTF-16; een bundel is UTF-8.")
    return _(
        "Geen geldige UTF-8-tekst (byte 0x%(byte)02X op positie %(pos)d van de regel); "
        "sla het bestand op als UTF-8."
    ) % {"byte": regel[positie], "pos": positie + 1}


#: Python's csv errors (English) as the Dutch message shown for them, by their beginning.
_CSV_FOUTEN = (
    ("unexpected end of data", "Een aanhalingsteken wordt niet gesloten."),
    ("new-line character seen in unquoted field", "Een regeleinde (CR) buiten aanhalingstekens."),
    ("field larger than field limit", "Een cel is te groot."),
    ("',' expected after", "Na een afsluitend aanhalingsteken moet een komma volgen."),
)


def _csv_fout(exc: csv.Error) -> str:
    tekst = str(exc)
    for begin, bericht in _CSV_FOUTEN:
        if tekst.startswith(begin):
            return _("Onleesbare regel: %(e)s") % {"e": _(bericht)}
    return _("Onleesbare regel: geen geldige CSV.")


def _lees(
    bestand: Bestand, pad: Path, validatie: _Validatie | None, *, verdraagzaam: bool = False
) -> Iterator[_Rij]:
    """Stream a file's rows, converted; with `validatie`, report every problem to it;
    `verdraagzaam`: skip what cannot be read (reported already) instead of raising."""
    naam = bestand.naam
    with pad.open("rb") as fh:
        regels = _Regels(fh)
        reader = csv.reader(regels, strict=True)
        try:
            header = next(reader, None)
        except _Onleesbaar as exc:
            if validatie is not None:
                validatie.fout(naam, exc.lijn, "-", exc.bericht)
            return
        except csv.Error as exc:
            if validatie is not None:
                validatie.fout(naam, 1, "-", _csv_fout(exc))
            return
        header = header or []
        if validatie is not None:
            kolommen = _controleer_kop(bestand, header, validatie)
            validatie.kolommen[naam] = kolommen
            validatie.kop[naam] = header
        else:
            kolommen = [k for k in header if k in {s.naam for s in bestand.kolommen}]
        spec = {k.naam: k for k in bestand.kolommen}
        codes = validatie.codes if validatie is not None else None
        normaliseren = (Soort.INSZ, Soort.KBO)
        omzetters = [
            (i, kolom, spec[kolom], _omzetter(bestand, spec[kolom], codes))
            for i, kolom in enumerate(header)
            if kolom in spec and kolom in kolommen
        ]
        # Columns left out of the header: their values are empty.
        ontbrekend = dict.fromkeys(k.naam for k in bestand.kolommen if k.naam not in kolommen)
        breedte = len(header)
        einde_vorige = reader.line_num
        while True:
            try:
                cellen = next(reader)
            except StopIteration:
                break
            except _Onleesbaar as exc:
                if validatie is not None:
                    validatie.fout(naam, exc.lijn, "-", exc.bericht)
                return
            except csv.Error as exc:
                if validatie is not None:
                    validatie.fout(naam, einde_vorige + 1, "-", _csv_fout(exc))
                return
            lijn = einde_vorige + 1
            einde_vorige = reader.line_num
            if not cellen:
                if validatie is not None:
                    validatie.niet_ruw.add(naam)
                continue  # a blank line
            if len(cellen) != breedte and (validatie is not None or verdraagzaam):
                if validatie is None:
                    continue
                validatie.fout(
                    naam,
                    lijn,
                    "-",
                    _("%(n)d velden, de kopregel heeft er %(m)d.")
                    % {"n": len(cellen), "m": breedte},
                )
                continue
            waarden: dict[str, Any] = dict(ontbrekend)
            rij = _Rij(lijn, waarden)
            for i, kolom, k, omzet in omzetters:
                s = cellen[i]
                if s == "":
                    if k.verplicht and validatie is not None:
                        validatie.fout(naam, lijn, kolom, _("Een waarde is verplicht."))
                        rij.fout = True
                    waarden[kolom] = None
                    continue
                if s[0] == "'" and s.lstrip("'").startswith(GEVAARLIJKE_BEGINTEKENS):
                    # Formula-safe export (decision 121): one apostrophe was added.
                    s = s[1:]
                    if validatie is not None:
                        validatie.niet_ruw.add(naam)
                try:
                    waarden[kolom] = omzet(s)
                    if k.soort in normaliseren and waarden[kolom] != s and validatie is not None:
                        validatie.niet_ruw.add(naam)
                except ValueError as exc:
                    if validatie is None and not verdraagzaam:
                        raise
                    if validatie is not None:
                        validatie.fout(naam, lijn, kolom, str(exc))
                    waarden[kolom] = None
                    rij.fout = True
            yield rij
        if validatie is not None and not regels.zuiver:
            validatie.niet_ruw.add(naam)


def _controleer_kop(bestand: Bestand, header: list[str], validatie: _Validatie) -> list[str]:
    """Report a wrong header; return the known columns it holds."""
    naam, spec = bestand.naam, {k.naam: k for k in bestand.kolommen}
    gezien: set[str] = set()
    for kolom in header:
        if kolom not in spec:
            validatie.fout(naam, 1, kolom, _("Onbekende kolom."))
        elif kolom in gezien:
            validatie.fout(naam, 1, kolom, _("Deze kolom staat twee keer in de kopregel."))
        gezien.add(kolom)
    for k in bestand.kolommen:
        if k.verplicht and k.naam not in gezien:
            validatie.fout(naam, 1, k.naam, _("Verplichte kolom ontbreekt in de kopregel."))
    return [k.naam for k in bestand.kolommen if k.naam in gezien]


def _db_rijen(bestand: Bestand, map_: Path) -> Iterator[tuple[Any, ...]]:
    """Pass 2: the file's rows as database values, in the order of the spec's columns."""
    kolommen = bestand.kolomnamen
    leeg = [None if bestand.veld(k).null else "" for k in kolommen]
    for rij in _lees(bestand, map_ / bestand.naam, None):
        w = rij.waarden
        yield tuple(leeg[i] if (v := w.get(k)) is None else v for i, k in enumerate(kolommen))

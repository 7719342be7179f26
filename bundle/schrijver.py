# ruff: noqa: S608 - identifiers come from model metadata (quoted); every value is a parameter
"""The one write path of the bundle import: bulk upserts and per-owner replacements.

Both writers leave a row alone when its values do not change, so re-importing a bundle writes
nothing (and history triggers added later record only real changes); a changed row that has a
`versie` gets it bumped, so an open web form notices. Called inside one transaction.

- PostgreSQL: COPY into a temporary table, then one set-based `INSERT … ON CONFLICT DO UPDATE
  … WHERE … IS DISTINCT FROM …` (upsert) or `EXCEPT ALL` to find the owners whose rows differ,
  `DELETE` those rows and `INSERT` the new ones (replace).
- Other databases (SQLite): the same semantics with `INSERT … ON CONFLICT DO UPDATE` through
  `executemany` in batches, comparing against the stored rows batch by batch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from django.db import DatabaseError, models, transaction
from psycopg import sql

from audit import geschiedenis

BATCH = 1000
Rij = tuple[Any, ...]
#: Tables the database's triggers write from a table (the participants' search keys, decision
#: 548): bulk mode into an empty table also drops the plain indexes of those that are empty
#: and builds them afterwards, as the table's own.
AFGELEID: dict[str, tuple[str, ...]] = {
    "deelnemers_deelnemer": ("deelnemers_zoeksleutel",),
    "trajectories_activeringstraject": ("deelnemers_zoeksleutel",),
}

#: From this many rows in one file, PostgreSQL loads a table in bulk mode (`_bulk`).
BULK_DREMPEL = 20_000


class DubbeleSleutel(DatabaseError):
    """A key twice in the rows of one upsert. The parallel import leaves that check to the
    writer (decision 120); `ON CONFLICT DO UPDATE … WHERE` would keep the last row silently."""


@dataclass(frozen=True)
class RuweCsv:
    """A validated bundle file whose cells are already in their stored form.

    PostgreSQL then reads the file itself (COPY … FORMAT csv), without a Python pass over its
    rows. `kolommen` names the bundle column of each field given to the writer; `kop` is the
    file's header.
    """

    pad: Path
    kop: tuple[str, ...]
    kolommen: tuple[str, ...]
    aantal: int = 0  # data rows (the validation counted them)


class Schrijver(Protocol):
    kan_ruw: bool

    def upsert(
        self,
        model: type[models.Model],
        velden: list[models.Field],
        sleutel: list[models.Field],
        rijen: Iterable[Rij],
    ) -> int:
        """Insert or update `rijen` (values of `velden`) by `sleutel`; return rows written."""
        ...

    def vervang(
        self,
        model: type[models.Model],
        velden: list[models.Field],
        eigenaar: list[models.Field],
        rijen: Iterable[Rij],
    ) -> int:
        """Replace all rows of each owner (`eigenaar` values) in `rijen`; return rows written."""
        ...

    def afronden(self) -> None:
        """After the last file, before the commit: what the writes left to do."""
        ...


def schrijver_voor(connection: Any) -> Schrijver:
    if connection.vendor == "postgresql":
        return PostgresSchrijver(connection)
    return DjangoSchrijver(connection)


def _extra(model: type[models.Model], velden: list[models.Field]) -> dict[str, Any]:
    """Columns the bundle does not carry but the table requires: their model default."""
    return {
        f.column: f.get_default()
        for f in model._meta.concrete_fields
        if f not in velden
        and not f.null
        and not isinstance(f, models.AutoField)
        and f.has_default()
    }


def _heeft_versie(model: type[models.Model]) -> bool:
    return any(f.name == "versie" for f in model._meta.concrete_fields)


class PostgresSchrijver:
    kan_ruw = True  # reads validated files itself (RuweCsv)

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.qn = connection.ops.quote_name
        # Foreign keys that bulk mode dropped: (table, [(name, definition)]), for `afronden`.
        self._sleutels_terug: list[tuple[str, list[tuple[str, str]]]] = []

    def _tijdelijk(
        self,
        cursor: Any,
        model: type[models.Model],
        velden: list[models.Field],
        rijen: Iterable[Rij] | RuweCsv,
    ) -> str:
        """The rows as a temporary relation with the model's column names and types.

        Rows from Python: COPY into a temporary table. A raw file: COPY into a table of text
        columns and a temporary view casting them (no second copy of the data).
        """
        qn = self.qn
        tabel = model._meta.db_table
        tmp, ruw = qn(f"_wz_bron_{tabel}"), qn(f"_wz_ruw_{tabel}")
        kolommen = ", ".join(qn(f.column) for f in velden)
        cursor.execute(f"DROP VIEW IF EXISTS {tmp}")
        cursor.execute(f"DROP TABLE IF EXISTS {ruw}")
        if not isinstance(rijen, RuweCsv):
            cursor.execute(
                f"CREATE TEMP TABLE {ruw} AS SELECT {kolommen} FROM {qn(tabel)} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY {ruw} ({kolommen}) FROM STDIN") as copy:
                for rij in rijen:
                    copy.write_row(rij)
            cursor.execute(f"CREATE TEMP VIEW {tmp} AS SELECT * FROM {ruw}")
            return tmp
        kop = ", ".join(qn(k) for k in rijen.kop)
        cursor.execute(f"CREATE TEMP TABLE {ruw} ({', '.join(qn(k) + ' text' for k in rijen.kop)})")
        with (
            cursor.cursor.copy(
                f"COPY {ruw} ({kop}) FROM STDIN (FORMAT csv, HEADER true, ENCODING 'UTF8')"
            ) as copy,
            rijen.pad.open("rb") as fh,
        ):
            while blok := fh.read(1 << 20):
                copy.write(blok)
        # Empty is NULL, or '' for text stored as ''; types by cast (validated already).
        uitdrukkingen = []
        for veld, kolom in zip(velden, rijen.kolommen, strict=True):
            cel = qn(kolom) if kolom in rijen.kop else "NULL"
            soort = veld.cast_db_type(self.connection)  # type: ignore[attr-defined]  # Django's Field has it; django-stubs lacks it
            if veld.null:
                uitdrukking = f"NULLIF({cel}, '')::{soort}"
            elif veld.get_internal_type() in ("CharField", "TextField"):
                uitdrukking = f"COALESCE({cel}, '')::{soort}"
            else:
                uitdrukking = f"{cel}::{soort}"
            uitdrukkingen.append(f"{uitdrukking} AS {qn(veld.column)}")
        cursor.execute(f"CREATE TEMP VIEW {tmp} AS SELECT {', '.join(uitdrukkingen)} FROM {ruw}")
        return tmp

    def _aantal(self, cursor: Any, model: type[models.Model]) -> int:
        cursor.execute(f"SELECT count(*) FROM {self.qn(f'_wz_ruw_{model._meta.db_table}')}")
        return cursor.fetchone()[0]

    def _groot(self, model: type[models.Model], aantal: int) -> bool:
        """Bulk mode or not, for `aantal` rows of `model`."""
        return aantal >= BULK_DREMPEL

    @contextmanager
    def _bulk(self, cursor: Any, model: type[models.Model], aantal: int) -> Iterator[None]:
        """Bulk mode for a large file: write without the table's foreign keys, then add them
        again, which checks every row in one join instead of one lookup per row and foreign
        key at commit; into an empty table also without its plain indexes, built afterwards.

        The foreign keys come back in `afronden`, after the last file: a reference that does
        not hold fails that `ADD CONSTRAINT` and the whole import rolls back. The price is a
        lock: dropping a foreign key locks this table and the table it refers to until the
        commit (docs/operations.md).
        """
        if not self._groot(model, aantal):
            yield
            return
        tabel = self.qn(model._meta.db_table)
        # Dropping a foreign key alters the table it refers to too, which PostgreSQL refuses
        # while checks of earlier writes wait for the commit: run those checks now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [model._meta.db_table],
        )
        sleutels = cursor.fetchall()
        indexen: list[tuple[str, str]] = []
        if self._leeg(cursor, model._meta.db_table):
            # With the table: the empty tables the database's triggers write from it.
            for naam in [model._meta.db_table, *AFGELEID.get(model._meta.db_table, ())]:
                if naam == model._meta.db_table or self._leeg(cursor, naam):
                    cursor.execute(
                        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                        "JOIN pg_class i ON i.oid = x.indexrelid "
                        "WHERE x.indrelid = %s::regclass "
                        "AND NOT x.indisunique AND NOT x.indisprimary AND NOT EXISTS "
                        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                        "ORDER BY i.relname",
                        [naam],
                    )
                    indexen += cursor.fetchall()
        if sleutels:
            cursor.execute(
                f"ALTER TABLE {tabel} "
                + ", ".join(f"DROP CONSTRAINT {self.qn(naam)}" for naam, _d in sleutels)
            )
        for naam, _d in indexen:
            cursor.execute(f"DROP INDEX {self.qn(naam)}")
        yield
        for _naam, definitie in indexen:
            cursor.execute(definitie)
        if sleutels:
            self._sleutels_terug.append((tabel, sleutels))

    def _leeg(self, cursor: Any, tabel: str) -> bool:
        cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {self.qn(tabel)})")  # noqa: S608 - a model's table
        return bool(cursor.fetchone()[0])

    def bewaarpunt(self) -> tuple[str, int]:
        """A savepoint of the transaction and of the writer's own bookkeeping."""
        return transaction.savepoint(), len(self._sleutels_terug)

    def behoud(self, punt: tuple[str, int]) -> None:
        transaction.savepoint_commit(punt[0])

    def terug_naar(self, punt: tuple[str, int]) -> None:
        """Undo everything written since `punt` (also after a database error)."""
        transaction.savepoint_rollback(punt[0])
        del self._sleutels_terug[punt[1] :]

    def afronden(self) -> None:
        with self.connection.cursor() as cursor:
            for tabel, sleutels in self._sleutels_terug:
                cursor.execute(
                    f"ALTER TABLE {tabel} "
                    + ", ".join(f"ADD CONSTRAINT {self.qn(naam)} {d}" for naam, d in sleutels)
                )
        self._sleutels_terug.clear()

    def _opruimen(self, cursor: Any, model: type[models.Model]) -> None:
        tabel = model._meta.db_table
        cursor.execute(f"DROP VIEW {self.qn(f'_wz_bron_{tabel}')}")
        cursor.execute(f"DROP TABLE {self.qn(f'_wz_ruw_{tabel}')}")

    def _kopieer(self, model: type[models.Model], velden: list[models.Field], rijen: Any) -> int:
        """A large raw file into an empty table: COPY straight into the table, in bulk mode.

        No temporary table, no casts in SQL, no conflict check: the table is empty and the
        validation found every id once. Columns the bundle does not carry get their model
        default as a column default for the duration of the COPY."""
        qn = self.qn
        tabel = qn(model._meta.db_table)
        veld_van = dict(zip(rijen.kolommen, velden, strict=True))
        kop = [veld_van[k] for k in rijen.kop]
        tekst = [
            qn(f.column)
            for f in kop
            if not f.null and f.get_internal_type() in ("CharField", "TextField")
        ]
        opties = "FORMAT csv, HEADER true, ENCODING 'UTF8'"
        if tekst:
            opties += f", FORCE_NOT_NULL ({', '.join(tekst)})"
        extra = _extra(model, velden)
        geschiedenis.in_transactie()  # the COPY's history events: who imports
        with self.connection.cursor() as cursor, self._bulk(cursor, model, rijen.aantal):
            ruwe = cursor.cursor
            for kolom, waarde in extra.items():
                ruwe.execute(
                    sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                        sql.Identifier(model._meta.db_table),
                        sql.Identifier(kolom),
                        sql.Literal(waarde),
                    )
                )
            with (
                ruwe.copy(
                    f"COPY {tabel} ({', '.join(qn(f.column) for f in kop)}) FROM STDIN ({opties})"
                ) as copy,
                rijen.pad.open("rb") as fh,
            ):
                while blok := fh.read(1 << 20):
                    copy.write(blok)
            geschreven = ruwe.rowcount
            for kolom in extra:
                cursor.execute(f"ALTER TABLE {tabel} ALTER COLUMN {qn(kolom)} DROP DEFAULT")
        return geschreven

    def _volgorde(self, model: type[models.Model], velden: list[models.Field]) -> str:
        """` ORDER BY …` of the model's storage order (`OPSLAGVOLGORDE`, e.g. participants by
        name, decision 536) for an `INSERT … SELECT`, so new rows are written in that order;
        empty for other models."""
        per_naam = {f.name: f for f in velden}
        kolommen = [
            self.qn(per_naam[v].column)
            for v in getattr(model, "OPSLAGVOLGORDE", ())
            if v in per_naam
        ]
        return f" ORDER BY {', '.join(kolommen)}" if kolommen else ""

    def _rechtstreeks(self, model: type[models.Model], rijen: Any) -> bool:
        """True when `_kopieer` may write `rijen`: a large raw file with every column of the
        bundle, and an empty table, of a model without a storage order (`_volgorde`)."""
        if not isinstance(rijen, RuweCsv) or not self._groot(model, rijen.aantal):
            return False
        if getattr(model, "OPSLAGVOLGORDE", None):
            return False
        if set(rijen.kop) != set(rijen.kolommen) or len(rijen.kop) != len(rijen.kolommen):
            return False
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {self.qn(model._meta.db_table)})")
            return cursor.fetchone()[0]

    def upsert(self, model, velden, sleutel, rijen) -> int:
        if self._rechtstreeks(model, rijen):
            return self._kopieer(model, velden, rijen)
        qn = self.qn
        tabel = qn(model._meta.db_table)
        extra = _extra(model, velden)
        kolommen = [qn(f.column) for f in velden]
        sleutels = [qn(f.column) for f in sleutel]
        overige = [k for k in kolommen if k not in sleutels]
        with self.connection.cursor() as cursor:
            tmp = self._tijdelijk(cursor, model, velden, rijen)
            cursor.execute(
                f"SELECT 1 FROM {tmp} GROUP BY {', '.join(sleutels)} HAVING count(*) > 1 LIMIT 1"
            )
            if cursor.fetchone() is not None:
                raise DubbeleSleutel(model._meta.db_table)
            doel = ", ".join(kolommen + [qn(k) for k in extra])
            bron = ", ".join(kolommen + ["%s"] * len(extra))
            if overige:
                zet = [f"{k} = EXCLUDED.{k}" for k in overige]
                if _heeft_versie(model):
                    zet.append(f"{qn('versie')} = t.{qn('versie')} + 1")
                actie = (
                    f"DO UPDATE SET {', '.join(zet)} WHERE "
                    f"({', '.join('t.' + k for k in overige)}) IS DISTINCT FROM "
                    f"({', '.join('EXCLUDED.' + k for k in overige)})"
                )
            else:
                actie = "DO NOTHING"
            with self._bulk(cursor, model, self._aantal(cursor, model)):
                # Its triggers planned for this statement's rows, not for a save's one row.
                geschiedenis.plan_opnieuw(cursor)
                cursor.execute(
                    f"INSERT INTO {tabel} AS t ({doel}) SELECT {bron} FROM {tmp}"
                    f"{self._volgorde(model, velden)} ON CONFLICT ({', '.join(sleutels)}) {actie}",
                    list(extra.values()),
                )
                geschreven = cursor.rowcount
            self._opruimen(cursor, model)
        return geschreven

    def vervang(self, model, velden, eigenaar, rijen) -> int:
        if self._rechtstreeks(model, rijen):
            return self._kopieer(model, velden, rijen)
        qn = self.qn
        tabel = qn(model._meta.db_table)
        extra = _extra(model, velden)
        kolommen = [qn(f.column) for f in velden]
        eigen = [qn(f.column) for f in eigenaar]
        k, tk, e, te = (
            ", ".join(kolommen),
            ", ".join("t." + c for c in kolommen),
            ", ".join(eigen),
            ", ".join("t." + c for c in eigen),
        )
        gewijzigd = qn(f"_wz_gewijzigd_{model._meta.db_table}")
        with self.connection.cursor() as cursor:
            tmp = self._tijdelijk(cursor, model, velden, rijen)
            bestaand = f"SELECT {tk} FROM {tabel} t WHERE ({te}) IN (SELECT {e} FROM {tmp})"
            cursor.execute(f"DROP TABLE IF EXISTS {gewijzigd}")
            # The owners whose rows differ as a multiset (EXCEPT ALL treats NULLs as equal).
            cursor.execute(
                f"CREATE TEMP TABLE {gewijzigd} AS SELECT DISTINCT {e} FROM ("
                f"(SELECT {k} FROM {tmp} EXCEPT ALL {bestaand}) UNION ALL "
                f"({bestaand} EXCEPT ALL SELECT {k} FROM {tmp})) d"
            )
            geschiedenis.plan_opnieuw(cursor)  # as in `upsert`
            cursor.execute(
                f"DELETE FROM {tabel} t USING {gewijzigd} g WHERE "
                + " AND ".join(f"t.{c} = g.{c}" for c in eigen)
            )
            doel = ", ".join(kolommen + [qn(c) for c in extra])
            bron = ", ".join([f"s.{c}" for c in kolommen] + ["%s"] * len(extra))
            with self._bulk(cursor, model, self._aantal(cursor, model)):
                cursor.execute(
                    f"INSERT INTO {tabel} ({doel}) SELECT {bron} FROM {tmp} s "
                    f"JOIN {gewijzigd} g ON " + " AND ".join(f"s.{c} = g.{c}" for c in eigen),
                    list(extra.values()),
                )
                geschreven = cursor.rowcount
            cursor.execute(f"DROP TABLE {gewijzigd}")
            self._opruimen(cursor, model)
        return geschreven


def _batches(rijen: Iterable[Rij], n: int = BATCH) -> Iterator[list[Rij]]:
    it = iter(rijen)
    while batch := list(islice(it, n)):
        yield batch


def _db(waarde: Any) -> Any:
    """A value as the generic path stores and reads it back (ISO dates, 0/1 booleans)."""
    if isinstance(waarde, bool):
        return int(waarde)
    if isinstance(waarde, date):
        return waarde.isoformat()
    return waarde


class DjangoSchrijver:
    """Generic SQL through Django's cursor (`executemany`), for SQLite and small databases.

    The model layer (`bulk_create`) costs more per row than everything else of the import, so
    rows go in as plain parameter tuples; comparisons use the stored representation (`_db`).
    """

    kan_ruw = False

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.qn = connection.ops.quote_name

    def afronden(self) -> None:
        pass

    def upsert(self, model, velden, sleutel, rijen) -> int:
        qn = self.qn
        tabel = qn(model._meta.db_table)
        kolommen = [qn(f.column) for f in velden]
        sleutel_idx = [velden.index(f) for f in sleutel]
        versie = _heeft_versie(model)
        extra = {k: _db(v) for k, v in _extra(model, velden).items() if k != "versie"}
        lees = ", ".join(kolommen + ([qn("versie")] if versie else []))
        doel = kolommen + [qn(k) for k in extra] + ([qn("versie")] if versie else [])
        overige = [k for i, k in enumerate(kolommen) if i not in sleutel_idx]
        zet = [f"{k} = excluded.{k}" for k in overige] + (
            [f"{qn('versie')} = excluded.{qn('versie')}"] if versie else []
        )
        actie = f"DO UPDATE SET {', '.join(zet)}" if zet else "DO NOTHING"
        insert = (
            f"INSERT INTO {tabel} ({', '.join(doel)}) VALUES ({', '.join(['%s'] * len(doel))}) "
            f"ON CONFLICT ({', '.join(kolommen[i] for i in sleutel_idx)}) {actie}"
        )
        per_pk = len(sleutel) == 1 and sleutel[0].primary_key
        geschreven = 0
        with self.connection.cursor() as cursor:
            bestaand: dict[tuple[Any, ...], tuple[Any, ...]] = {}
            if not per_pk:  # a natural key: small tables (objectieven), read once
                cursor.execute(f"SELECT {lees} FROM {tabel}")
                for rij in cursor.fetchall():
                    rij = tuple(_db(w) for w in rij)
                    bestaand[tuple(rij[i] for i in sleutel_idx)] = rij
            for batch in _batches(rijen):
                batch = [tuple(_db(w) for w in rij) for rij in batch]
                if per_pk:
                    ids = [rij[sleutel_idx[0]] for rij in batch]
                    cursor.execute(
                        f"SELECT {lees} FROM {tabel} WHERE {kolommen[sleutel_idx[0]]} IN "
                        f"({', '.join(['%s'] * len(ids))})",
                        ids,
                    )
                    bestaand = {
                        (rij[sleutel_idx[0]],): tuple(_db(w) for w in rij)
                        for rij in cursor.fetchall()
                    }
                schrijven = []
                for rij in batch:
                    oud = bestaand.get(tuple(rij[i] for i in sleutel_idx))
                    if oud is not None and oud[: len(kolommen)] == rij:
                        continue
                    nieuwe_versie = ((oud[-1] + 1) if oud is not None else 1,) if versie else ()
                    schrijven.append(rij + tuple(extra.values()) + nieuwe_versie)
                if schrijven:
                    cursor.executemany(insert, schrijven)
                geschreven += len(schrijven)
        return geschreven

    def vervang(self, model, velden, eigenaar, rijen) -> int:
        qn = self.qn
        tabel = qn(model._meta.db_table)
        kolommen = [qn(f.column) for f in velden]
        eigen_idx = [velden.index(f) for f in eigenaar]
        extra = {k: _db(v) for k, v in _extra(model, velden).items()}
        nieuw: dict[tuple[Any, ...], list[Rij]] = defaultdict(list)
        for rij in rijen:
            rij = tuple(_db(w) for w in rij)
            nieuw[tuple(rij[i] for i in eigen_idx)].append(rij)
        oud: dict[tuple[Any, ...], list[Rij]] = defaultdict(list)
        eerste = sorted({k[0] for k in nieuw})
        with self.connection.cursor() as cursor:
            for i in range(0, len(eerste), BATCH):
                deel = eerste[i : i + BATCH]
                cursor.execute(
                    f"SELECT {', '.join(kolommen)} FROM {tabel} WHERE {kolommen[eigen_idx[0]]} "
                    f"IN ({', '.join(['%s'] * len(deel))})",
                    deel,
                )
                for rij in cursor.fetchall():
                    rij = tuple(_db(w) for w in rij)
                    sleutel = tuple(rij[j] for j in eigen_idx)
                    if sleutel in nieuw:
                        oud[sleutel].append(rij)
            gewijzigd = [k for k, v in nieuw.items() if Counter(v) != Counter(oud.get(k, []))]
            waar = " AND ".join(f"{kolommen[j]} = %s" for j in eigen_idx)
            cursor.executemany(f"DELETE FROM {tabel} WHERE {waar}", gewijzigd)
            doel = kolommen + [qn(k) for k in extra]
            schrijven = [rij + tuple(extra.values()) for k in gewijzigd for rij in nieuw[k]]
            cursor.executemany(
                f"INSERT INTO {tabel} ({', '.join(doel)}) VALUES ({', '.join(['%s'] * len(doel))})",
                schrijven,
            )
        return len(schrijven)

"""The change history of dossiers and reference data (django-pghistory on PostgreSQL).

Every model decorated with `@gevolgd()` gets an event table (`<app>_<model>event`) that
PostgreSQL triggers fill on every INSERT, UPDATE and DELETE, whatever wrote it: a form, the
API, the admin, a queryset `.update()`, a COPY, a raw SQL statement. The triggers are
statement-level (settings.PGHISTORY_LEVEL): one `INSERT … SELECT` from the statement's
transition table, so a bulk write records its events set-based. An event row is a snapshot of
the changed row (the new row; the old one for a delete), its time, and a link to a context row
(`pghistory_context`) saying who acted, through which channel and in which request. The event
tables are append-only (a trigger refuses UPDATE and DELETE; only `wis_geschiedenis` opens it).

The context holds ids only, never personal data:

- web requests: `GeschiedenisMiddleware` — `user` (id), `url` (path), `request_id`, `kanaal`
  (`ui`, `api` or `beheer`); an API token's user replaces the anonymous one as soon as DRF
  authenticates (pghistory's request class), and `api_token` (id) is added then;
- management commands of the project: `kanaal` `commando`, `commando` (its name) and `user`
  when the command has a `--gebruiker`;
- Celery tasks: `kanaal` `taak`, `taak` (its name) and `user` when the task has a
  `gebruiker_id` argument; a task run eagerly inside a request keeps the request's context.

A write outside any context (a shell, a data migration) still gets its event, without a
context: the history page shows it as done by "systeem".

SQLite has no triggers: the event tables exist there but stay empty, and no context is opened.

A writer that must not fire the triggers (e.g. a COPY into a table whose rows it then also
rewrites) can switch them off for its statements (`zonder_triggers`) and record the events
itself, set-based (`bulk_geschiedenis`, one `INSERT … SELECT` per model). Retention removes a
participant's events with `wis_geschiedenis`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pghistory
import pghistory.runtime
import pghistory.trigger
import pgtrigger
from celery.signals import task_postrun, task_prerun
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from pghistory import config as pghistory_config
from pghistory.middleware import HistoryMiddleware
from psycopg.pq import TransactionStatus

logger = logging.getLogger("werkzorg.audit")

#: The channels a change can come through, as the history page names them.
KANALEN: dict[str, Any] = {
    "ui": _("webtoepassing"),
    "api": _("API"),
    "beheer": _("beheer (admin)"),
    "commando": _("commando"),
    "taak": _("achtergrondtaak"),
}

#: Labels of the row events, as the history page names them.
ACTIES: dict[str, Any] = {
    "insert": _("aangemaakt"),
    "update": _("gewijzigd"),
    "delete": _("verwijderd"),
    # A dossier merged into this one: its delete event, kept under the survivor with the
    # merged dossier's id (`dossier.samenvoegen`).
    "samengevoegd": _("samengevoegd"),
}


# --- tracking -------------------------------------------------------------------------------


def gevolgd(
    *, insert: bool = True, index: Iterable[str] = (), **kwargs: Any
) -> Callable[[type[models.Model]], type[models.Model]]:
    """Track every INSERT, UPDATE and DELETE of the decorated model in an event table.

    `index`: fields of the event table to index, those the dossier history selects by (e.g.
    `deelnemer`); the copied foreign keys are otherwise unindexed (settings). `insert=False`
    for a model that is itself a log (its inserts are the record; changes and deletes are
    not supposed to happen and are therefore recorded).
    """
    trackers: list[pghistory.RowEvent] = [pghistory.UpdateEvent(), pghistory.DeleteEvent()]
    if insert:
        trackers.insert(0, pghistory.InsertEvent())
    # The object link gets a plain index: settings.PGHISTORY_OBJ_FIELD has none, as its own
    # would add a `_like` pattern index for text ids that nothing uses and every import pays.
    velden = ["pgh_obj", *index]
    if velden:
        meta = kwargs.setdefault("meta", {})
        meta["indexes"] = [*meta.get("indexes", []), *(models.Index(fields=[v]) for v in velden)]
    return pghistory.track(*trackers, **kwargs)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def actief() -> bool:
    """True while a history context is open in this thread."""
    return hasattr(pghistory.runtime._tracker, "value")


@contextlib.contextmanager
def context(kanaal: str, *, user: int | None = None, **metadata: Any) -> Iterator[None]:
    """Open the history context for the writes inside: who (`user`, an id) and how.

    The first context opened in a thread wins: inside a request, a command or a task that
    already named the actor, this adds nothing. A no-op on SQLite (no triggers).
    """
    if kanaal not in KANALEN:
        raise ValueError(f"Onbekend kanaal voor de geschiedenis: {kanaal!r}")
    if not is_postgres() or actief():
        yield
        return
    try:
        with pghistory.context(kanaal=kanaal, user=user, **metadata):
            yield
    finally:
        _vergeet_context()


def _vergeet_context() -> None:
    """Clear the context settings from the open transaction once the context is left.

    pghistory sets them transaction-locally with each statement; inside a transaction that
    outlives the context (a test, a command within a caller's atomic block) later writes
    would otherwise still be attributed to it. An empty id makes `_pgh_attach_context()`
    return NULL."""
    if not connection.in_atomic_block or connection.connection is None:
        return
    if connection.connection.info.transaction_status != TransactionStatus.INTRANS:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pghistory.context_id', '', true), "
            "set_config('pghistory.context_metadata', '', true)"
        )


def huidige_context() -> dict[str, Any] | None:
    """A copy of the open context's metadata, None without one: to open the same context in
    a worker thread (`with context(**meta)`), e.g. the importer's writing thread, whose
    connection is its own and would otherwise write without a context."""
    if not actief():
        return None
    return dict(pghistory.runtime._tracker.value.metadata)


def in_transactie() -> None:
    """Put the open context in the current transaction now, for a write that bypasses
    Django's cursor (a COPY on the raw psycopg cursor): pghistory hands the context to the
    database with the next data-changing statement through Django's cursor, which such a
    write does not send. A statement that does nothing carries it."""
    if is_postgres() and actief():
        with connection.cursor() as cursor:
            cursor.execute("DO $$ BEGIN END $$")


def vul_aan(**metadata: Any) -> None:
    """Add ids to the open context (e.g. the API token once DRF has authenticated)."""
    if is_postgres() and actief():
        pghistory.context(**metadata)


def _kanaal_van(request: HttpRequest) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return "ui"
    if "admin" in match.namespaces:
        return "beheer"
    if "api" in match.namespaces:
        return "api"
    return "ui"


class GeschiedenisMiddleware(HistoryMiddleware):
    """pghistory's middleware (user and path; the user follows a later DRF authentication)
    plus the request id of `audit.middleware.RequestIdMiddleware` and the channel."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        ctx = super().get_context(request)
        ctx["request_id"] = getattr(request, "request_id", "")
        ctx["kanaal"] = _kanaal_van(request)
        return ctx

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # pghistory's context prefixes statements with set_config(): PostgreSQL only.
        if not is_postgres():
            return self.get_response(request)
        try:
            return super().__call__(request)
        finally:
            _vergeet_context()


# --- commands and tasks ---------------------------------------------------------------------


def _gebruiker_id(waarde: Any) -> int | None:
    """The id of the user a command or task acts for: a user, an id or a username."""
    if waarde in (None, ""):
        return None
    if isinstance(waarde, models.Model):
        return int(waarde.pk)
    if isinstance(waarde, int) or (isinstance(waarde, str) and waarde.isdigit()):
        return int(waarde)

    return get_user_model().objects.filter(username=waarde).values_list("pk", flat=True).first()


def _eigen_apps() -> set[str]:
    basis = str(settings.BASE_DIR)
    return {
        a.name
        for a in apps.get_app_configs()
        if str(a.path).startswith(basis) and "site-packages" not in str(a.path)
    }


def _met_commando_context(execute: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(execute)
    def wrapper(self: Any, *args: Any, **options: Any) -> Any:
        module = type(self).__module__
        if not is_postgres() or module.split(".")[0] not in _eigen_apps():
            return execute(self, *args, **options)
        with context(
            "commando",
            commando=module.rsplit(".", 1)[-1],
            user=_gebruiker_id(options.get("gebruiker")),
        ):
            return execute(self, *args, **options)

    wrapper._geschiedenis = True  # type: ignore[attr-defined]
    return wrapper


_taak_contexten: dict[str, contextlib.ExitStack] = {}


def _taak_begint(
    task_id: str | None = None, task: Any = None, kwargs: Any = None, **_: Any
) -> None:
    if not is_postgres() or actief() or task_id is None:
        return
    stapel = contextlib.ExitStack()
    stapel.enter_context(
        context(
            "taak",
            taak=getattr(task, "name", ""),
            user=_gebruiker_id((kwargs or {}).get("gebruiker_id")),
        )
    )
    _taak_contexten[task_id] = stapel


def _taak_eindigt(task_id: str | None = None, **_: Any) -> None:
    stapel = _taak_contexten.pop(task_id or "", None)
    if stapel is not None:
        stapel.close()


def koppel() -> None:
    """Give the project's management commands and the Celery tasks a history context.

    Called once from `AuditConfig.ready`. Django has no hook around a command, so
    `BaseCommand.execute` is wrapped (commands of the project's own apps only)."""
    if not getattr(BaseCommand.execute, "_geschiedenis", False):
        BaseCommand.execute = _met_commando_context(BaseCommand.execute)  # type: ignore[method-assign]
    task_prerun.connect(_taak_begint, weak=False, dispatch_uid="werkzorg-geschiedenis-begin")
    task_postrun.connect(_taak_eindigt, weak=False, dispatch_uid="werkzorg-geschiedenis-einde")


# --- bulk writes ----------------------------------------------------------------------------


def _triggers_van(model: type[models.Model]) -> list[str]:
    """The URIs of the history triggers on `model` (pgtrigger.ignore takes them)."""
    return [
        f"{m._meta.label}:{trigger.name}"
        for m, trigger in pgtrigger.registered()
        if m is model and isinstance(trigger, pghistory.trigger.Event)
    ]


@contextlib.contextmanager
def zonder_triggers(*modellen: type[models.Model]) -> Iterator[None]:
    """Switch the history triggers of `modellen` off for this thread's statements, inside
    the current transaction, for a bulk write that records its events with
    `bulk_geschiedenis` instead (e.g. once at the end instead of once per statement).

    Also covers a COPY on the raw psycopg cursor: the switch is a transaction-local setting,
    set on entering. Other triggers (other models, the append-only guards) keep working.
    """
    if not is_postgres():
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("zonder_triggers hoort binnen de transactie van de bulkschrijving")
    uris = [uri for m in modellen for uri in _triggers_van(m)]
    if not uris:
        raise ValueError("Geen van deze modellen houdt geschiedenis bij.")
    with pgtrigger.ignore(*uris):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # carries set_config('pgtrigger.ignore', …, true)
        yield


def plan_opnieuw(cursor: Any) -> None:
    """Before a bulk write on `cursor`'s connection: make PostgreSQL plan the statements of
    the triggers it fires anew (`DISCARD PLANS`; nothing on SQLite).

    PL/pgSQL plans a trigger's statement once per connection and keeps the plan. The history
    triggers join a statement's old and new rows: planned when the connection first updated
    one row (a save), that join compared every row with every other when the same connection
    later updated 30 000 in one statement (more than five minutes, against one second
    planned for them; decision 549). A connection lives on across requests and tasks
    (CONN_MAX_AGE), so the import's writer calls this before each of its statements, and the
    bulk recomputation of the last moments (`herbereken_laatste_momenten`) before its own."""
    if is_postgres():
        cursor.execute("DISCARD PLANS")


def bulk_geschiedenis(
    model: type[models.Model],
    label: str,
    *,
    waar: str = "",
    params: Iterable[Any] = (),
    bron: str | None = None,
) -> int:
    """Record the events of a bulk write set-based: one `INSERT INTO <event table> … SELECT`
    of the rows of `model`'s table (alias `t`) that match the SQL condition `waar`, labelled
    `label` (`insert`, `update` or `delete`), with the open history context (one context row
    for the whole statement). Returns the number of events.

    Call it inside the bulk write's transaction and history context, after the rows are
    written (`insert`, `update`) or before they are deleted (`delete`), with the triggers off
    (`zonder_triggers`) or every row gets two events. `bron` reads the rows from
    another relation with the table's columns instead (e.g. a temporary copy of deleted rows).

    Example, in the importer's upsert::

        with geschiedenis.zonder_triggers(Deelnemer):
            cursor.execute("INSERT INTO deelnemers_deelnemer … ON CONFLICT … "
                           "RETURNING id, xmax = 0 AS nieuw")   # into a temp table _geschreven
            geschiedenis.bulk_geschiedenis(
                Deelnemer, "insert", waar="t.id IN (SELECT id FROM _geschreven WHERE nieuw)")
            geschiedenis.bulk_geschiedenis(
                Deelnemer, "update", waar="t.id IN (SELECT id FROM _geschreven WHERE NOT nieuw)")

    A no-op on SQLite (0).
    """
    event_model = getattr(model, "pgh_event_models", {}).get(label)
    if event_model is None:
        raise ValueError(f"{model._meta.label} houdt geen geschiedenis '{label}' bij.")
    if not is_postgres():
        return 0
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_geschiedenis hoort binnen de transactie van de bulkschrijving")
    qn = connection.ops.quote_name
    gevolgde_velden = {f.name for f in model._meta.concrete_fields}
    kolommen = [
        f.column
        for f in event_model._meta.concrete_fields
        if f.name in gevolgde_velden and not isinstance(f, models.AutoField)
    ]
    doel = [qn(k) for k in kolommen] + ["pgh_created_at", "pgh_label"]
    waarden = [f"t.{qn(k)}" for k in kolommen] + [pghistory_config.created_at_function(), "%s"]
    if hasattr(event_model, "pgh_obj"):
        doel.append(qn(event_model._meta.get_field("pgh_obj").column))
        waarden.append(f"t.{qn(model._meta.pk.column)}")
    if hasattr(event_model, "pgh_context"):
        doel.append(qn(event_model._meta.get_field("pgh_context").column))
        waarden.append("_ctx.id")
    # Identifiers from model metadata (quoted); `waar` and `bron` are the caller's SQL (the
    # importer's own fragments, never user input); values are parameters.
    delen = [
        "WITH _ctx AS (SELECT _pgh_attach_context() AS id)",
        f"INSERT INTO {qn(event_model._meta.db_table)} ({', '.join(doel)})",
        f"SELECT {', '.join(waarden)} FROM {bron or qn(model._meta.db_table)} AS t",  # noqa: S608
        "CROSS JOIN _ctx",
    ]
    if waar:
        delen.append(f"WHERE {waar}")
    sql = " ".join(delen)
    with connection.cursor() as cursor:
        cursor.execute(sql, [label, *params])
        return int(cursor.rowcount)


# --- which events belong to a dossier -------------------------------------------------------

#: The event tables holding a participant's dossier, and how an event row names its dossier:
#: (tracked model, column of the event row, the model that column points to). A parent comes
#: before its children. Every one of these tables holds personal data of the participant.
DOSSIER_PADEN: tuple[tuple[str, str, str], ...] = (
    ("deelnemers.Deelnemer", "pgh_obj_id", "deelnemers.Deelnemer"),
    ("deelnemers.Advies", "deelnemer_id", "deelnemers.Deelnemer"),
    ("deelnemers.Arbeidsmarktpositie", "deelnemer_id", "deelnemers.Deelnemer"),
    ("deelnemers.Registratie", "deelnemer_id", "deelnemers.Deelnemer"),
    ("trajectories.Activeringstraject", "deelnemer_id", "deelnemers.Deelnemer"),
    ("trajectories.AmaSeTraject", "deelnemer_id", "deelnemers.Deelnemer"),
    ("trajectories.AmaWvgOvereenkomst", "deelnemer_id", "deelnemers.Deelnemer"),
    ("dossier.Behandelaar", "deelnemer_id", "deelnemers.Deelnemer"),
    ("trajectories.TrajectEvent", "deelnemer_id", "deelnemers.Deelnemer"),
    ("ladder.Ladderplaatsing", "deelnemer_id", "deelnemers.Deelnemer"),
    ("deelnemers.ZorgNotitie", "traject_id", "trajectories.Activeringstraject"),
    ("trajectories.Doelstelling", "traject_id", "trajectories.Activeringstraject"),
    ("trajectories.Stage", "traject_id", "trajectories.Activeringstraject"),
    ("trajectories.Actie", "doelstelling_id", "trajectories.Doelstelling"),
    ("netwerk.StageBegeleiding", "stage_id", "trajectories.Stage"),
    ("netwerk.Stageverslag", "stage_id", "trajectories.Stage"),
    ("netwerk.Opdracht", "actie_id", "trajectories.Actie"),
    ("netwerk.Voortgang", "actie_id", "trajectories.Actie"),
    ("trajectories.AmaSeMoment", "traject_id", "trajectories.AmaSeTraject"),
    ("trajectories.AmaWvgEvaluatie", "overeenkomst_id", "trajectories.AmaWvgOvereenkomst"),
)


def event_model(label: str) -> type[models.Model]:
    return apps.get_model(label).pgh_event_model


def dossier_filters(deelnemer_ids: Iterable[str]) -> list[tuple[str, models.Q]]:
    """Per model of `DOSSIER_PADEN`, the filter on its event table selecting the events of
    these dossiers. The objects a dossier holds are found in the live tables and in the event
    tables (a deleted trajectory still leads to the events of its plan)."""
    objecten: dict[str, set[Any]] = {"deelnemers.Deelnemer": {str(i) for i in deelnemer_ids}}
    filters: list[tuple[str, models.Q]] = []
    for label, kolom, ouder in DOSSIER_PADEN:
        q = models.Q(**{f"{kolom}__in": objecten[ouder]})
        filters.append((label, q))
        if label in objecten:
            continue
        model = apps.get_model(label)
        live = model._default_manager.filter(**{f"{kolom}__in": objecten[ouder]})
        ids = set(live.values_list("pk", flat=True))
        ids |= set(
            event_model(label)._default_manager.filter(q).values_list("pgh_obj_id", flat=True)
        )
        objecten[label] = ids
    return filters


def wis_geschiedenis(deelnemer_ids: Iterable[str]) -> int:
    """Delete every history event of these participants' dossiers from all event tables
    (`DOSSIER_PADEN`), and the context rows no other event uses. For retention: what the
    pseudonymisation or deletion of a dossier removes must not survive in its history.

    Opens the append-only guard of those tables for this transaction only. Returns the number
    of events deleted.
    """
    ids = sorted({str(i) for i in deelnemer_ids})
    totaal = 0
    for begin in range(0, len(ids), 500):
        deel = ids[begin : begin + 500]
        with transaction.atomic():
            filters = dossier_filters(deel)
            # pgtrigger.ignore does nothing on SQLite (no triggers there).
            guards = [f"{event_model(label)._meta.label}:append_only" for label, _q in filters]
            contexten: set[Any] = set()
            with pgtrigger.ignore(*guards):
                for label, q in filters:
                    qs = event_model(label)._default_manager.filter(q)
                    contexten |= set(
                        qs.exclude(pgh_context_id=None).values_list("pgh_context_id", flat=True)
                    )
                    totaal += qs.delete()[0]
            _wis_contexten(contexten)
    if ids:
        logger.info("geschiedenis-gewist", extra={"aantal_dossiers": len(ids), "events": totaal})
    return totaal


def _wis_contexten(contexten: set[Any]) -> None:
    if not contexten:
        return
    in_gebruik: set[Any] = set()
    for event_model in _alle_event_modellen():
        in_gebruik |= set(
            event_model._default_manager.filter(pgh_context_id__in=contexten).values_list(
                "pgh_context_id", flat=True
            )
        )
    # pghistory.models defines models: not importable while the models import this module
    from pghistory.models import Context

    Context.objects.filter(pk__in=contexten - in_gebruik).delete()


def _alle_event_modellen() -> list[type[models.Model]]:
    # pghistory.core loads pghistory.models: not while the models import this module
    from pghistory.core import event_models

    return [m for m in event_models() if hasattr(m, "pgh_context")]


def gevolgde_modellen() -> list[type[models.Model]]:
    """Every model whose changes are recorded."""
    return sorted(
        {m for m in apps.get_models() if getattr(m, "pgh_event_models", None)},
        key=lambda m: m._meta.label,
    )


__all__ = [
    "ACTIES",
    "DOSSIER_PADEN",
    "KANALEN",
    "GeschiedenisMiddleware",
    "actief",
    "bulk_geschiedenis",
    "dossier_filters",
    "event_model",
    "context",
    "gevolgd",
    "huidige_context",
    "gevolgde_modellen",
    "koppel",
    "vul_aan",
    "wis_geschiedenis",
    "zonder_triggers",
]

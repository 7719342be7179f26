"""Retention: pseudonymise dossiers that have been closed for longer than the retention period.

A dossier (a participant and everything that hangs off it) qualifies when nothing of it is
still open — no running activeringstraject, AMA SE-traject, AMA WVG-overeenkomst, VDAB advice
or ladder placement — and its last activity lies before the cut-off date (today minus N
years): every date and timestamp of the dossier counts (`ACTIVITEIT`). A dossier without any
dated record is never taken: its age is unknown.

Pseudonymising removes what identifies the person (`PSEUDONIMISERING`: name, INSZ, the exact
birth date, free text, the Zorg notes) and keeps the statistical facts (codes, milestone dates,
kenmerken), so the yearly reports of past years do not change. The birth date becomes 1 July
of the same year: the only rule using it is the age on 31 December (`vdab_adviezen_kenmerken`),
which depends on the birth year alone. The history of the dossier
(`audit.geschiedenis.wis_geschiedenis`) goes too; the read log keeps only ids and stays.

Set-based: the qualifying ids are read in batches (keyset on the id) and each batch is one
transaction of bulk UPDATEs, the markers (`GepseudonimiseerdDossier`) and the history wipe. A
marked dossier never qualifies again, so a second run changes nothing and a run that stopped
halfway can simply be run again.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.geschiedenis import wis_geschiedenis, zonder_triggers
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer, Registratie, ZorgNotitie
from ladder.models import Ladderplaatsing
from netwerk.models import Opdracht, StageBegeleiding, Stageverslag, Voortgang
from privacy.models import GepseudonimiseerdDossier, Kanaal, RetentieRun
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
    TrajectEvent,
)
from trajectories.rules import ACTIVERING_DATUMVELDEN
from werkzorg.domein.datums import add_months

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# Dossiers per transaction: the qualifying query costs about the same for 2,000 or 20,000 rows
# (merge anti-joins along the primary key), so larger batches amortise it.
BATCH = 10_000


class BewaartermijnFout(ValueError):
    """A refused run, with a Dutch message."""


class MiddenVanHetJaar(Func):
    """1 July of the date's year, in SQL (keeps the birth year, drops day and month)."""

    output_field = models.DateField()
    arity = 1

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"make_date(CAST(EXTRACT(YEAR FROM {sql}) AS integer), 7, 1)", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date(strftime('%%Y', {sql}) || '-07-01')", params


# --- which dossiers qualify -----------------------------------------------------------------


@dataclass(frozen=True)
class Activiteit:
    """A table of the dossier: how a row reaches the participant (`pad`), when it is still
    open (`open`), and which of its dates and timestamps are activity."""

    model: type[models.Model]
    pad: str
    open: Q | None = None
    datums: tuple[str, ...] = ()
    tijdstippen: tuple[str, ...] = ()

    def houdt_levend(self, grens: date, grens_tijdstip: datetime) -> Exists:
        """A row of this participant that is open, or dated on or after the cut-off."""
        recent = Q()
        for veld in self.datums:
            recent |= Q(**{f"{veld}__gte": grens})
        for veld in self.tijdstippen:
            recent |= Q(**{f"{veld}__gte": grens_tijdstip})
        if self.open is not None:
            recent |= self.open
        return Exists(self.model._default_manager.filter(recent, **{self.pad: OuterRef("pk")}))

    def bestaat(self) -> Exists:
        return Exists(self.model._default_manager.filter(**{self.pad: OuterRef("pk")}))


ACTIVITEIT: tuple[Activiteit, ...] = (
    Activiteit(
        Activeringstraject,
        "deelnemer_id",
        open=Q(afgesloten_op__isnull=True, stopgezet_op__isnull=True, ingetrokken_op__isnull=True),
        datums=ACTIVERING_DATUMVELDEN,
    ),
    Activiteit(Doelstelling, "traject__deelnemer_id", tijdstippen=("aangemaakt_op",)),
    Activiteit(
        Actie,
        "doelstelling__traject__deelnemer_id",
        datums=("gepland_op", "gestart_op", "afgerond_op"),
    ),
    Activiteit(Stage, "traject__deelnemer_id", datums=("start", "einde")),
    Activiteit(ZorgNotitie, "traject__deelnemer_id", tijdstippen=("aangemaakt_op",)),
    Activiteit(
        AmaSeTraject,
        "deelnemer_id",
        open=Q(afgesloten_op__isnull=True, stopgezet_op__isnull=True),
        datums=("gematcht_op", "afgesloten_op", "stopgezet_op"),
    ),
    Activiteit(AmaSeMoment, "traject__deelnemer_id", datums=("datum",)),
    Activiteit(
        AmaWvgOvereenkomst, "deelnemer_id", open=Q(einde__isnull=True), datums=("start", "einde")
    ),
    Activiteit(AmaWvgEvaluatie, "overeenkomst__deelnemer_id", datums=("datum",)),
    Activiteit(TrajectEvent, "deelnemer_id", tijdstippen=("op",)),
    Activiteit(Advies, "deelnemer_id", open=Q(tot__isnull=True), datums=("van", "tot")),
    # The VDAB feed's last position is usually open-ended: a measurement, not our activity;
    # its start counts.
    Activiteit(Arbeidsmarktpositie, "deelnemer_id", datums=("van", "tot")),
    Activiteit(
        Ladderplaatsing, "deelnemer_id", open=Q(einde__isnull=True), datums=("start", "einde")
    ),
    Activiteit(Registratie, "deelnemer_id", tijdstippen=("op",)),
)


def grensdatum(jaren: int, vandaag: date) -> date:
    """Today minus `jaren` calendar years (29 February → 28 February)."""
    return add_months(vandaag, -12 * jaren)


def in_aanmerking(grens: date) -> QuerySet[Deelnemer]:
    """Participants not yet pseudonymised whose dossier is closed and was last active before
    `grens` (see the module docstring)."""
    grens_tijdstip = timezone.make_aware(datetime.combine(grens, time.min))
    qs = Deelnemer.objects.filter(
        ~Exists(GepseudonimiseerdDossier.objects.filter(deelnemer_id=OuterRef("pk")))
    )
    heeft_iets = Q()
    for a in ACTIVITEIT:
        if a.pad == "deelnemer_id":
            heeft_iets |= Q(a.bestaat())
    qs = qs.filter(heeft_iets)
    for a in ACTIVITEIT:
        qs = qs.filter(~a.houdt_levend(grens, grens_tijdstip))
    return qs


# --- what pseudonymising changes ------------------------------------------------------------

LEEG = Value("")


@dataclass(frozen=True)
class Pseudonimisering:
    """The fields of one table that identify a person, and what they become."""

    model: type[models.Model]
    pad: str
    velden: dict[str, Any] = field(default_factory=dict)
    versie: bool = False  # bump the optimistic lock, so an open form cannot write old values


PSEUDONIMISERING: tuple[Pseudonimisering, ...] = (
    Pseudonimisering(
        Deelnemer,
        "pk",
        {
            "voornaam": LEEG,
            "achternaam": LEEG,
            "insz": Value(None, output_field=models.CharField()),
            "geboortedatum": MiddenVanHetJaar("geboortedatum"),
        },
        versie=True,
    ),
    Pseudonimisering(
        Activeringstraject, "deelnemer_id", {"eindadvies_motivering": LEEG}, versie=True
    ),
    Pseudonimisering(Doelstelling, "traject__deelnemer_id", {"omschrijving": LEEG}),
    Pseudonimisering(Actie, "doelstelling__traject__deelnemer_id", {"omschrijving": LEEG}),
    Pseudonimisering(Stage, "traject__deelnemer_id", {"werkplek": LEEG}),
    Pseudonimisering(ZorgNotitie, "traject__deelnemer_id", {"tekst": LEEG}),
    Pseudonimisering(AmaSeMoment, "traject__deelnemer_id", {"verslag": LEEG, "beslissing": LEEG}),
    Pseudonimisering(AmaWvgOvereenkomst, "deelnemer_id", {"werkpost": LEEG}, versie=True),
    Pseudonimisering(AmaWvgEvaluatie, "overeenkomst__deelnemer_id", {"verslag": LEEG}),
    Pseudonimisering(TrajectEvent, "deelnemer_id", {"notitie": LEEG}),
    # The network's side of the plan (netwerk): decline reason, employer, reports, progress.
    Pseudonimisering(Opdracht, "actie__doelstelling__traject__deelnemer_id", {"reden": LEEG}),
    Pseudonimisering(StageBegeleiding, "stage__traject__deelnemer_id", {"werkgever": LEEG}),
    Pseudonimisering(
        Stageverslag,
        "stage__traject__deelnemer_id",
        {
            "doelen": LEEG,
            "aanwezigheid_toelichting": LEEG,
            "competenties": LEEG,
            "advies_toelichting": LEEG,
        },
    ),
    Pseudonimisering(Voortgang, "actie__doelstelling__traject__deelnemer_id", {"tekst": LEEG}),
)


# Text fields of the dossier's tables that stay: codes and technical ids, not written by hand
# (`tests/privacy/test_retentie.py` fails on a text field in neither table).
BEHOUDEN_TEKSTVELDEN: dict[type[models.Model], tuple[str, ...]] = {
    TrajectEvent: ("traject_id", "actie", "van_status", "naar_status"),
}


def _pseudonimiseer_batch(grens: date, na: str, run: RetentieRun, op: date) -> str | None:
    """The next batch (ids after `na`), one transaction: select and lock the qualifying
    participants, update every table, mark them, wipe their history. Returns the last id
    done, or None when nothing qualifies any more."""
    with transaction.atomic():
        # Selected and locked in one statement: a trajectory or note added to one of these
        # dossiers now waits for this transaction (its insert locks the participant's row).
        ids = list(
            in_aanmerking(grens)
            .filter(pk__gt=na)
            .order_by("pk")
            .select_for_update()
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return None
        # No history event per updated row: the history of these dossiers is wiped below.
        gevolgd = [p.model for p in PSEUDONIMISERING if getattr(p.model, "pgh_event_models", None)]
        with zonder_triggers(*gevolgd) if gevolgd else contextlib.nullcontext():
            for p in PSEUDONIMISERING:
                velden = dict(p.velden)
                if p.versie:
                    velden["versie"] = F("versie") + 1
                p.model._default_manager.filter(**{f"{p.pad}__in": ids}).update(**velden)
        GepseudonimiseerdDossier.objects.bulk_create(
            [GepseudonimiseerdDossier(deelnemer_id=i, op=op, run=run) for i in ids]
        )
        wis_geschiedenis(ids)
        RetentieRun.objects.filter(pk=run.pk).update(aantal=F("aantal") + len(ids))
    return ids[-1]


def standaard_jaren() -> int:
    return int(getattr(settings, "WERKZORG_BEWAARTERMIJN_JAREN", 10))


def pas_bewaartermijn_toe(
    *,
    jaren: int | None = None,
    dry_run: bool = False,
    door: User | None = None,
    kanaal: str = Kanaal.COMMANDO,
    vandaag: date | None = None,
) -> RetentieRun:
    """Pseudonymise every qualifying dossier (or, with `dry_run`, only count them).

    `jaren` defaults to `WERKZORG_BEWAARTERMIJN_JAREN`; fewer than 1 is refused
    (`BewaartermijnFout`) before anything is written. Every run, dry or not, is recorded as a
    `RetentieRun` (who, when, N, cut-off, count) and logged in one line without personal data.
    """
    jaren = standaard_jaren() if jaren is None else jaren
    if jaren < 1:
        raise BewaartermijnFout(
            _("Ongeldige bewaartermijn %(n)s: geef een aantal jaren van minstens 1.") % {"n": jaren}
        )
    vandaag = vandaag or timezone.localdate()
    grens = grensdatum(jaren, vandaag)
    run = RetentieRun.objects.create(
        door=door if getattr(door, "pk", None) else None,
        door_naam=getattr(door, "username", "") or "",
        kanaal=kanaal,
        jaren=jaren,
        grensdatum=grens,
        dry_run=dry_run,
    )
    if dry_run:
        run.aantal = in_aanmerking(grens).count()
    else:
        laatste: str | None = ""
        while laatste is not None:
            laatste = _pseudonimiseer_batch(grens, laatste, run, vandaag)
        run.refresh_from_db(fields=["aantal"])
    run.afgerond_op = timezone.now()
    run.save(update_fields=["aantal", "afgerond_op"])
    logger.info(
        "bewaartermijn: run=%s jaren=%s grensdatum=%s dry_run=%s aantal=%s kanaal=%s gebruiker=%s",
        run.pk,
        jaren,
        grens.isoformat(),
        dry_run,
        run.aantal,
        kanaal,
        run.door_id,
    )
    return run

"""Services of the yearly report: generate (in a Celery task), submit (freeze) and compare.

The figures themselves come from `reporting.mededeling.build_report`; this module only runs it,
stores the result, freezes a submitted copy with its checksum and tells what changed since.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ladder.exports import RENDERERS as LADDER_RENDERERS
from ladder.report import ladder_rapport
from reporting import exports, labels
from reporting.mededeling import REGELS_VERSIE, build_report, standaard_peildatum
from reporting.models import Exportbestand, GegenereerdRapport, IngediendRapport
from reporting.permissions import mag_jaarrapport

logger = logging.getLogger(__name__)


class RapportFout(Exception):
    """A report action that is not allowed; the message is Dutch, for the user."""


def _json_waarde(waarde: Any) -> Any:
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        return float(waarde)
    raise TypeError(f"niet in JSON te zetten: {type(waarde).__name__}")


def als_json(report: dict[str, Any]) -> dict[str, Any]:
    """The report as plain JSON values (dates as ISO strings, decimals as numbers)."""
    return json.loads(json.dumps(report, default=_json_waarde))


def canonieke_json(report: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same bytes for the same figures in any store."""
    return json.dumps(
        als_json(report), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def checksum(report: dict[str, Any]) -> str:
    return hashlib.sha256(canonieke_json(report)).hexdigest()


# --- generating --------------------------------------------------------------------------------


def start_generatie(*, jaar: int, peildatum: date, door: User) -> GegenereerdRapport:
    """Create a waiting report run and queue its Celery task after the commit."""
    # circular: reporting.tasks imports this module
    from reporting.tasks import genereer_rapport

    if not mag_jaarrapport(door):
        raise RapportFout(_("Enkel een beheerder kan het jaarrapport genereren."))
    rapport = GegenereerdRapport.objects.create(
        jaar=jaar, peildatum=peildatum, aangemaakt_door=door
    )
    transaction.on_commit(lambda: genereer_rapport.delay(rapport.pk))
    return rapport


def genereer(*, rapport_id: int) -> GegenereerdRapport:
    """Run the report for a waiting `GegenereerdRapport` and store its JSON result.

    Called by the Celery task. The status goes wachtend → bezig → klaar (or mislukt, with the
    error class in `fout`; no figures or personal data are logged).
    """
    with transaction.atomic():
        rapport = GegenereerdRapport.objects.select_for_update().get(pk=rapport_id)
        if rapport.status != GegenereerdRapport.Status.WACHTEND:
            return rapport  # a retried or duplicate task: the first run owns it
        rapport.status = GegenereerdRapport.Status.BEZIG
        rapport.voortgang = 5
        rapport.gestart_op = timezone.now()
        rapport.save(update_fields=["status", "voortgang", "gestart_op"])
    try:
        resultaat = als_json(build_report(rapport.jaar, rapport.peildatum))
    except Exception as exc:
        logger.exception("Mededeling %s: genereren mislukt (rapport %s)", rapport.jaar, rapport.pk)
        rapport.status = GegenereerdRapport.Status.MISLUKT
        rapport.fout = type(exc).__name__
        rapport.klaar_op = timezone.now()
        rapport.save(update_fields=["status", "fout", "klaar_op"])
        raise
    rapport.resultaat = resultaat
    rapport.status = GegenereerdRapport.Status.KLAAR
    rapport.voortgang = 100
    rapport.klaar_op = timezone.now()
    rapport.save(update_fields=["resultaat", "status", "voortgang", "klaar_op"])
    return rapport


# --- submitting --------------------------------------------------------------------------------


def dien_in(
    *,
    rapport: GegenereerdRapport,
    door: User,
    reden: str = "",
    bevestig_peildatum: bool = False,
) -> IngediendRapport:
    """Freeze a finished report as submitted: its JSON, checksum and rules version.

    Only admins; only a finished report; one submission per generated report. A peildatum
    other than the standard one of the year needs `bevestig_peildatum` (recorded). A second
    submission for the same year is the next *version* and needs a `reden`; the database
    refuses two rows with the same year and version.
    """
    if not mag_jaarrapport(door):
        raise RapportFout(_("Enkel een beheerder kan een rapport indienen."))
    reden = reden.strip()
    with transaction.atomic():
        rapport = GegenereerdRapport.objects.select_for_update().get(pk=rapport.pk)
        if rapport.status != GegenereerdRapport.Status.KLAAR or rapport.resultaat is None:
            raise RapportFout(_("Enkel een volledig gegenereerd rapport kan ingediend worden."))
        if rapport.indieningen.exists():
            raise RapportFout(_("Dit rapport is al ingediend."))
        afwijkend = rapport.peildatum != standaard_peildatum(rapport.jaar)
        if afwijkend and not bevestig_peildatum:
            raise RapportFout(
                _(
                    "De peildatum %(peildatum)s is niet de standaard peildatum van %(jaar)s "
                    "(%(standaard)s): bevestig uitdrukkelijk dat u met deze peildatum indient."
                )
                % {
                    "peildatum": f"{rapport.peildatum:%d/%m/%Y}".lstrip("0"),
                    "jaar": f"{rapport.jaar:d}",
                    "standaard": f"{standaard_peildatum(rapport.jaar):%d/%m/%Y}".lstrip("0"),
                }
            )
        vorige = (
            IngediendRapport.objects.select_for_update()
            .filter(jaar=rapport.jaar)
            .order_by("-versie")
            .first()
        )
        versie = vorige.versie + 1 if vorige else 1
        if vorige and not reden:
            raise RapportFout(
                _(
                    "Voor %(jaar)s is al versie %(versie)s ingediend: geef de reden van een "
                    "nieuwe versie."
                )
                % {"jaar": f"{rapport.jaar:d}", "versie": vorige.versie}
            )
        try:
            with transaction.atomic():
                return IngediendRapport.objects.create(
                    jaar=rapport.jaar,
                    peildatum=rapport.peildatum,
                    rapport=rapport.resultaat,
                    checksum=checksum(rapport.resultaat),
                    regels_versie=REGELS_VERSIE,
                    ingediend_door=door,
                    ingediend_op=timezone.now(),
                    bron=rapport,
                    versie=versie,
                    reden=reden if vorige else "",
                    afwijkende_peildatum_bevestigd=afwijkend,
                )
        except IntegrityError:
            # another submission of the same year got this version number first
            raise RapportFout(
                _("Er is net een andere versie voor dit jaar ingediend: laad de pagina opnieuw.")
            ) from None


def is_ongewijzigd(ingediend: IngediendRapport) -> bool:
    """True when the stored JSON still has the checksum computed at submission."""
    return checksum(ingediend.rapport) == ingediend.checksum


def laatst_ingediend(jaar: int) -> IngediendRapport | None:
    return IngediendRapport.objects.filter(jaar=jaar).order_by("-versie", "-id").first()


# --- downloads built by the worker -------------------------------------------------------------

#: Formats rendered by the Celery worker rather than in the request (seconds, not ms).
TRAGE_FORMATEN = frozenset({"pdf"})


def start_export(*, bron: str, bron_id: int, formaat: str, door: User) -> Exportbestand:
    """A download to be built by the worker, queued after the commit.

    A generated or submitted Mededeling never changes, so a finished file of it is reused;
    the ladder report is counted live, so each request builds a new one.
    """
    if bron != Exportbestand.Bron.LADDER:
        klaar = (
            Exportbestand.objects.filter(
                bron=bron,
                bron_id=bron_id,
                formaat=formaat,
                status__in=[
                    GegenereerdRapport.Status.KLAAR,
                    GegenereerdRapport.Status.WACHTEND,
                    GegenereerdRapport.Status.BEZIG,
                ],
            )
            .defer("inhoud")
            .first()
        )
        if klaar:
            return klaar
    # circular: reporting.tasks imports this module
    from reporting.tasks import maak_exportbestand

    bestand = Exportbestand.objects.create(
        bron=bron, bron_id=bron_id, formaat=formaat, aangemaakt_door=door
    )
    transaction.on_commit(lambda: maak_exportbestand.delay(bestand.pk))
    return bestand


def _rapport_van(bestand: Exportbestand) -> tuple[dict[str, Any], str, Any]:
    """(report dict, file name, renderer) of what `bestand` renders."""
    if bestand.bron == Exportbestand.Bron.LADDER:
        render_fn, _mime, ext = LADDER_RENDERERS[bestand.formaat]
        return ladder_rapport(bestand.bron_id), f"ladder-{bestand.bron_id:d}.{ext}", render_fn
    if bestand.bron == Exportbestand.Bron.INGEDIEND:
        ingediend = IngediendRapport.objects.get(pk=bestand.bron_id)
        if not is_ongewijzigd(ingediend):
            raise RapportFout(
                _("Het ingediende rapport komt niet meer overeen met zijn controlesom.")
            )
        report = ingediend.rapport
    else:
        report = GegenereerdRapport.objects.get(
            pk=bestand.bron_id, status=GegenereerdRapport.Status.KLAAR
        ).resultaat
    return (
        report,
        exports.bestandsnaam(report, bestand.formaat),
        lambda r: exports.render(r, bestand.formaat),
    )


def maak_export(*, bestand_id: int) -> Exportbestand:
    """Build the file of a waiting `Exportbestand` (called by the Celery task)."""
    with transaction.atomic():
        bestand = Exportbestand.objects.select_for_update().defer("inhoud").get(pk=bestand_id)
        if bestand.status != GegenereerdRapport.Status.WACHTEND:
            return bestand
        bestand.status = GegenereerdRapport.Status.BEZIG
        bestand.voortgang = 10
        bestand.save(update_fields=["status", "voortgang"])
    try:
        report, naam, render_fn = _rapport_van(bestand)
        bestand.voortgang = 40
        bestand.save(update_fields=["voortgang"])
        inhoud = render_fn(report)
    except Exception as exc:
        logger.exception(
            "Export %s %s mislukt (bestand %s)", bestand.bron, bestand.formaat, bestand.pk
        )
        bestand.status = GegenereerdRapport.Status.MISLUKT
        bestand.fout = type(exc).__name__
        bestand.klaar_op = timezone.now()
        bestand.save(update_fields=["status", "fout", "klaar_op"])
        if isinstance(exc, RapportFout):
            return bestand
        raise
    bestand.inhoud = inhoud
    bestand.bestandsnaam = naam
    bestand.status = GegenereerdRapport.Status.KLAAR
    bestand.voortgang = 100
    bestand.klaar_op = timezone.now()
    bestand.save(update_fields=["inhoud", "bestandsnaam", "status", "voortgang", "klaar_op"])
    return bestand


# --- comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verschil:
    """One cell that changed: `tabel.rij.kolom` went from `oud` to `nieuw` (None: absent)."""

    tabel: str
    rij: str
    kolom: str
    oud: Any
    nieuw: Any


_AFWEZIG = object()


def bladeren(waarde: Any, pad: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every leaf of a report dict as (path of keys, value), in the dict's order.

    The one walker over report JSON: the diff between two reports below and the tests'
    comparison with a published table (`tests/support/compare.py`) both read cells through it.
    """
    if isinstance(waarde, dict):
        for key, sub in waarde.items():
            yield from bladeren(sub, (*pad, str(key)))
    else:
        yield pad, waarde


def _cellen(report: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    tabellen = dict(report.get("tables", {}))
    if labels.CONTINGENT_KEY in report:
        tabellen[labels.CONTINGENT_KEY] = report[labels.CONTINGENT_KEY]
    return {(tabel, *pad): w for tabel, data in tabellen.items() for pad, w in bladeren(data)}


def verschillen(oud: dict[str, Any], nieuw: dict[str, Any]) -> list[Verschil]:
    """Every cell whose value differs between two report dicts, in the order of the report.

    A share `{"aantal", "pct"}` is two cells (`kolom` "x.aantal" and "x.pct"); a cell present
    on one side only has None on the other. 70 and 70.0 are equal.
    """
    a, b = _cellen(als_json(oud)), _cellen(als_json(nieuw))
    volgorde = {key: i for i, key in enumerate(labels.SPECS)}
    result = []
    for pad in sorted(a.keys() | b.keys(), key=lambda p: (volgorde.get(p[0], len(volgorde)), p)):
        oude, nieuwe = a.get(pad, _AFWEZIG), b.get(pad, _AFWEZIG)
        if oude != nieuwe:
            result.append(
                Verschil(
                    tabel=pad[0],
                    rij=pad[1] if len(pad) > 1 else "",
                    kolom=".".join(pad[2:]),
                    oud=None if oude is _AFWEZIG else oude,
                    nieuw=None if nieuwe is _AFWEZIG else nieuwe,
                )
            )
    return result

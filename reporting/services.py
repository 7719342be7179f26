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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from reporting import labels
from reporting.mededeling import REGELS_VERSIE, build_report
from reporting.models import GegenereerdRapport, IngediendRapport
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


def dien_in(*, rapport: GegenereerdRapport, door: User) -> IngediendRapport:
    """Freeze a finished report as submitted: its JSON, checksum and rules version.

    Only admins; only a finished report; one submission per generated report.
    """
    if not mag_jaarrapport(door):
        raise RapportFout(_("Enkel een beheerder kan een rapport indienen."))
    with transaction.atomic():
        rapport = GegenereerdRapport.objects.select_for_update().get(pk=rapport.pk)
        if rapport.status != GegenereerdRapport.Status.KLAAR or rapport.resultaat is None:
            raise RapportFout(_("Enkel een volledig gegenereerd rapport kan ingediend worden."))
        if rapport.indieningen.exists():
            raise RapportFout(_("Dit rapport is al ingediend."))
        return IngediendRapport.objects.create(
            jaar=rapport.jaar,
            peildatum=rapport.peildatum,
            rapport=rapport.resultaat,
            checksum=checksum(rapport.resultaat),
            regels_versie=REGELS_VERSIE,
            ingediend_door=door,
            ingediend_op=timezone.now(),
            bron=rapport,
        )


def is_ongewijzigd(ingediend: IngediendRapport) -> bool:
    """True when the stored JSON still has the checksum computed at submission."""
    return checksum(ingediend.rapport) == ingediend.checksum


def laatst_ingediend(jaar: int) -> IngediendRapport | None:
    return IngediendRapport.objects.filter(jaar=jaar).order_by("-ingediend_op", "-id").first()


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


def _bladeren(waarde: Any, pad: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(waarde, dict):
        for key, sub in waarde.items():
            yield from _bladeren(sub, (*pad, str(key)))
    else:
        yield pad, waarde


def _cellen(report: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    tabellen = dict(report.get("tables", {}))
    if labels.CONTINGENT_KEY in report:
        tabellen[labels.CONTINGENT_KEY] = report[labels.CONTINGENT_KEY]
    return {(tabel, *pad): w for tabel, data in tabellen.items() for pad, w in _bladeren(data)}


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

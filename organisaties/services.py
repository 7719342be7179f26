"""The writers of organisations, their memberships and recognitions.

One transaction per change; the rules of `organisaties/rules.py` decide (KBO, recognition
types, samenwerkingsverband Zorg); a refusal raises `trajectories.rules.Geweigerd` and changes
nothing. Changes to a region's samenwerkingsverband Zorg lock that region's row, so two
concurrent changes cannot each leave a group of the composition empty.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from organisaties import rules
from organisaties.models import Lidmaatschap, Organisatie, Rol
from referentie.models import Netwerk, OrganisatieType, Provincie, Regio
from werkzorg.domein.fouten import Fout, Geweigerd
from werkzorg.ids import nieuw_id

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

SAMENWERKINGSVERBAND = Rol.SAMENWERKINGSVERBAND_ZORG.value


def _weiger(fouten: list[Fout]) -> None:
    if fouten:
        raise Geweigerd(fouten)


def _bestaat(model: Any, pk: str | None, veld: str) -> list[Fout]:
    if pk and not model._default_manager.filter(pk=pk).exists():
        return [Fout(veld, str(_("Onbekende code: %(pk)s.") % {"pk": pk}))]
    return []


def _kbo(ondernemingsnummer: str) -> tuple[str, list[Fout]]:
    """The KBO number as `0123.456.789` ('' when not given) and what is wrong with it."""
    if not ondernemingsnummer or not ondernemingsnummer.strip():
        return "", []
    try:
        return rules.normaliseer_kbo(ondernemingsnummer.strip()), []
    except ValueError as exc:
        return "", [Fout("ondernemingsnummer", str(exc))]


def _log(tekst: str, *args: Any) -> None:
    transaction.on_commit(lambda: logger.info(tekst, *args))


# --- organisations --------------------------------------------------------------------------


def registreer_organisatie(
    *, door: User, naam: str, type_id: str, provincie_id: str, ondernemingsnummer: str = ""
) -> Organisatie:
    """Register an organisation; its KBO number, when given, is validated and normalised."""
    with transaction.atomic():
        kbo, fouten = _kbo(ondernemingsnummer)
        if not naam or not naam.strip():
            fouten.append(Fout("naam", str(_("De naam is verplicht."))))
        fouten += _bestaat(OrganisatieType, type_id, "type")
        fouten += _bestaat(Provincie, provincie_id, "provincie")
        _weiger(fouten)
        org = Organisatie(
            id=nieuw_id("O", Organisatie),
            naam=naam.strip(),
            type_id=type_id,
            provincie_id=provincie_id,
            ondernemingsnummer=kbo,
        )
        org.save(force_insert=True)
        _log("organisatie %s geregistreerd door gebruiker %s", org.pk, getattr(door, "pk", None))
    return org


def wijzig_ondernemingsnummer(
    *, door: User, organisatie_id: str, ondernemingsnummer: str
) -> Organisatie:
    """Set (or clear, with '') an organisation's KBO number, normalised as `0123.456.789`."""
    with transaction.atomic():
        org = Organisatie.objects.select_for_update().get(pk=organisatie_id)
        kbo, fouten = _kbo(ondernemingsnummer)
        _weiger(fouten)
        if org.ondernemingsnummer != kbo:
            org.ondernemingsnummer = kbo
            org.save(update_fields=["ondernemingsnummer"])
            _log(
                "kbo van organisatie %s gewijzigd door gebruiker %s",
                org.pk,
                getattr(door, "pk", None),
            )
    return org


# --- memberships and recognitions -------------------------------------------------------------


@dataclass(frozen=True)
class NieuwLidmaatschap:
    """The input of one membership or recognition (see `voeg_lidmaatschappen_toe`)."""

    organisatie_id: str
    rol: str
    van: date
    tot: date | None = None
    netwerk_id: str | None = None
    regio_id: str | None = None
    als_type_id: str | None = None


@dataclass(frozen=True)
class _Lid:
    """A samenwerkingsverband member as `rules.samenwerkingsverband_fouten` reads it."""

    type_code: str
    van: date
    tot: date | None


def _type_code(m: Lidmaatschap) -> str:
    return m.als_type_id or m.organisatie.type_id


def _samenstelling(leden: Iterable[Lidmaatschap]) -> list[_Lid]:
    return [_Lid(_type_code(m), m.van, m.tot) for m in leden]


def _samenstelling_fouten(regio_ids: set[str], gewijzigd: list[Lidmaatschap]) -> list[Fout]:
    """New composition errors of the regions' samenwerkingsverbanden after the change.

    Only errors the change brings in are refused: a region whose imported history already
    lacks a group on some day can still be repaired one membership at a time.
    """
    fouten: list[Fout] = []
    for regio_id in sorted(regio_ids):
        # Lock the region: concurrent changes to its samenwerkingsverband wait for each other.
        Regio.objects.select_for_update().get(pk=regio_id)
        bestaand = list(
            Lidmaatschap.objects.select_related("organisatie").filter(
                rol=SAMENWERKINGSVERBAND, regio_id=regio_id
            )
        )
        nieuw_per_id = {m.pk: m for m in gewijzigd if m.pk is not None}
        na = [nieuw_per_id.get(m.pk, m) for m in bestaand] + [
            m for m in gewijzigd if m.pk is None and m.regio_id == regio_id
        ]
        voor_berichten = {
            f.bericht for f in rules.samenwerkingsverband_fouten(_samenstelling(bestaand))
        }
        fouten += [
            f
            for f in rules.samenwerkingsverband_fouten(_samenstelling(na))
            if f.bericht not in voor_berichten
        ]
    return fouten


def _lidmaatschap_fouten(m: Lidmaatschap) -> list[Fout]:
    fouten = rules.lidmaatschap_fouten(m)
    fouten += _bestaat(Netwerk, m.netwerk_id, "netwerk")
    fouten += _bestaat(Regio, m.regio_id, "regio")
    fouten += _bestaat(OrganisatieType, m.als_type_id, "als_type")
    if not fouten:
        fouten += rules.erkenning_fouten(m.rol, _type_code(m), m.tot)
    return fouten


def voeg_lidmaatschappen_toe(
    *, door: User, lidmaatschappen: list[NieuwLidmaatschap]
) -> list[Lidmaatschap]:
    """Add several memberships or recognitions at once, checked together.

    A samenwerkingsverband Zorg needs a member of each of its three groups from its first day,
    so a new one is added in one call with (at least) its three founding members.
    """
    with transaction.atomic():
        nieuwe: list[Lidmaatschap] = []
        fouten: list[Fout] = []
        for invoer in lidmaatschappen:
            org = Organisatie.objects.get(pk=invoer.organisatie_id)
            m = Lidmaatschap(
                organisatie=org,
                rol=invoer.rol,
                van=invoer.van,
                tot=invoer.tot,
                netwerk_id=invoer.netwerk_id or None,
                regio_id=invoer.regio_id or None,
                als_type_id=invoer.als_type_id or None,
            )
            fouten += _lidmaatschap_fouten(m)
            nieuwe.append(m)
        _weiger(fouten)
        regios = {m.regio_id for m in nieuwe if m.rol == SAMENWERKINGSVERBAND and m.regio_id}
        _weiger(_samenstelling_fouten(regios, nieuwe))
        for m in nieuwe:
            m.save(force_insert=True)
            _log(
                "lidmaatschap %s (%s) van organisatie %s toegevoegd door gebruiker %s",
                m.pk,
                m.rol,
                m.organisatie_id,
                getattr(door, "pk", None),
            )
    return nieuwe


def voeg_lidmaatschap_toe(
    *,
    door: User,
    organisatie_id: str,
    rol: str,
    van: date,
    tot: date | None = None,
    netwerk_id: str | None = None,
    regio_id: str | None = None,
    als_type_id: str | None = None,
) -> Lidmaatschap:
    """Add one membership or recognition (recognition types: `rules.erkenning_fouten`)."""
    (m,) = voeg_lidmaatschappen_toe(
        door=door,
        lidmaatschappen=[
            NieuwLidmaatschap(
                organisatie_id=organisatie_id,
                rol=rol,
                van=van,
                tot=tot,
                netwerk_id=netwerk_id,
                regio_id=regio_id,
                als_type_id=als_type_id,
            )
        ],
    )
    return m


def _beeindig(leden: list[Lidmaatschap], tot: date, door: User) -> list[Lidmaatschap]:
    fouten: list[Fout] = []
    for m in leden:
        m.tot = tot
        fouten += _lidmaatschap_fouten(m)
    _weiger(fouten)
    regios = {m.regio_id for m in leden if m.rol == SAMENWERKINGSVERBAND and m.regio_id}
    _weiger(_samenstelling_fouten(regios, leden))
    for m in leden:
        m.save(update_fields=["tot"])
        _log("lidmaatschap %s beëindigd door gebruiker %s", m.pk, getattr(door, "pk", None))
    return leden


def beeindig_lidmaatschap(*, door: User, lidmaatschap_id: int, tot: date) -> Lidmaatschap:
    """End a membership or recognition on `tot` (its last day, inclusive).

    Refused when the recognition type must end earlier (e.g. an onderwijsinstelling as
    begeleider AMA WVG ends on 31/12/2023 at the latest) or when the region's samenwerkingsverband
    Zorg would lack a group afterwards.
    """
    with transaction.atomic():
        qs = Lidmaatschap.objects.select_for_update(of=("self",)).select_related("organisatie")
        (m,) = _beeindig([qs.get(pk=lidmaatschap_id)], tot, door)
    return m


def beeindig_samenwerkingsverband(*, door: User, regio_id: str, tot: date) -> list[Lidmaatschap]:
    """End the mandate of a region's samenwerkingsverband Zorg: every member running on `tot`."""
    with transaction.atomic():
        leden = list(
            Lidmaatschap.objects.select_for_update(of=("self",))
            .select_related("organisatie")
            .filter(rol=SAMENWERKINGSVERBAND, regio_id=regio_id, van__lte=tot)
            .exclude(tot__lt=tot)
        )
        return _beeindig(leden, tot, door)

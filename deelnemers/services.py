"""The writers of deelnemers: registration, kenmerken and labour-market positions.

Like the trajectory services: one transaction, the row locked, the optimistic `versie` checked,
the rules of `deelnemers/rules.py` called, `update_fields` saved. A refusal raises
`trajectories.rules.Geweigerd` and changes nothing. Personal data (names, INSZ) never goes to
the log.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deelnemers.duplicaten import Score, kandidaten_voor
from deelnemers.models import Arbeidsmarktpositie, Deelnemer, Registratie
from deelnemers.rules import deelnemer_fouten, normaliseer_insz, positie_fouten
from deelnemers.selectors import visible_to
from referentie.models import Regio
from werkzorg.domein.fouten import Fout, Geweigerd, versie_fouten
from werkzorg.ids import nieuw_id

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _check_versie(huidige: int, gezien: int | None) -> None:
    fouten = versie_fouten(huidige, gezien)
    if fouten:
        raise Geweigerd(fouten, code="versie-verouderd")


class NieuweDeelnemer(NamedTuple):
    """The registered deelnemer, and the ids of existing ones with the same name and birth date."""

    deelnemer: Deelnemer
    mogelijke_dubbels: list[str]

    @property
    def mogelijk_dubbel(self) -> bool:
        return bool(self.mogelijke_dubbels)


def dubbel_kandidaten(
    *,
    voornaam: str,
    achternaam: str,
    geboortedatum: date,
    insz: str | None = None,
    behalve: str | None = None,
    voor: Any = None,
) -> list[tuple[Deelnemer, Score]]:
    """Deelnemers that may be this person, with their score (`deelnemers.duplicaten.
    kandidaten_voor`: the one matching rule — accents, swapped names, a typo in the birth
    date, INSZ↔BIS).

    `voor`: a user; only the dossiers that user may open count (decision 186: the warning
    tells nobody about a person outside their scope). None: every deelnemer (the import).
    """
    if not (voornaam.strip() or achternaam.strip()):
        return []
    return kandidaten_voor(
        voornaam=voornaam,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        insz=insz,
        behalve=behalve,
        qs=None if voor is None else visible_to(voor),
    )


def mogelijke_dubbels(**kwargs: Any) -> list[str]:
    """The ids of `dubbel_kandidaten(**kwargs)`, sorted."""
    return sorted(d.pk for d, _score in dubbel_kandidaten(**kwargs))


MOGELIJKE_DUBBEL = _(
    "Er bestaat mogelijk al een deelnemer met dezelfde naam en geboortedatum (of met een "
    "schrijf- of tikfout erin). Controleer de kandidaten; is het iemand anders, bevestig dat "
    "dan en registreer opnieuw."
)


class MogelijkeDubbel(Geweigerd):
    """A registration that may be a second dossier of someone the user can already open, sent
    without the confirmation that it is someone else. `kandidaten`: (deelnemer, score), only
    dossiers within the user's scope (decision 186)."""

    def __init__(self, kandidaten: list[tuple[Deelnemer, Score]]) -> None:
        super().__init__(
            [Fout("bevestig_ander_persoon", str(MOGELIJKE_DUBBEL))], code="mogelijke-dubbel"
        )
        self.kandidaten = kandidaten

    @property
    def ids(self) -> list[str]:
        return sorted(d.pk for d, _score in self.kandidaten)


INSZ_BESTAAT = _("Er is al een deelnemer met dit INSZ-nummer.")
INSZ_NIET_REGISTREERBAAR = _(
    "Deze persoon kan niet geregistreerd worden; neem contact op met de beheerder."
)


class InszBestaat(Geweigerd):
    """The INSZ belongs to another deelnemer. `deelnemer_id` is set only when the user may
    open that dossier (then the form links to it); outside scope the message is neutral."""

    def __init__(self, *, deelnemer_id: str | None, zichtbaar: bool) -> None:
        bericht = INSZ_BESTAAT if zichtbaar else INSZ_NIET_REGISTREERBAAR
        super().__init__(
            [Fout("insz", str(bericht))],
            code="insz-bestaat" if zichtbaar else "registratie-niet-mogelijk",
        )
        self.deelnemer_id = deelnemer_id if zichtbaar else None


def _insz_bestaat(bestaand_id: str, door: User | None) -> InszBestaat:
    """The refusal for an INSZ held by `bestaand_id`, as `door` may learn it (decision 186)."""
    if door is None or not getattr(door, "is_authenticated", False):
        zichtbaar = True  # the import and system callers: no scope
    else:
        zichtbaar = visible_to(door).filter(pk=bestaand_id).exists()
    return InszBestaat(deelnemer_id=bestaand_id, zichtbaar=zichtbaar)


def _insz_fouten(
    insz: str | None, *, behalve: str | None = None, door: User | None = None
) -> tuple[str | None, list[Fout]]:
    """The normalised INSZ (None when not given) and what is wrong with its form.

    A number held by another deelnemer raises `InszBestaat`.
    """
    if insz is None or not insz.strip():
        return None, []
    try:
        compact = normaliseer_insz(insz)
    except ValueError as exc:
        return None, [Fout("insz", str(exc))]
    bestaand = Deelnemer.objects.filter(insz=compact)
    if behalve is not None:
        bestaand = bestaand.exclude(pk=behalve)
    bestaand_id = bestaand.values_list("pk", flat=True).first()
    if bestaand_id is not None:
        raise _insz_bestaat(bestaand_id, door)
    return compact, []


def _kenmerk_fouten(d: Deelnemer) -> list[Fout]:
    """`rules.deelnemer_fouten` with the region's province looked up, judged today."""
    regio_provincie = (
        Regio.objects.filter(pk=d.regio_id).values_list("provincie_id", flat=True).first()
    )
    return deelnemer_fouten(d, regio_provincie_id=regio_provincie, vandaag=timezone.localdate())


def _save_unique(obj: models.Model, *, door: User | None = None, **save_kwargs: Any) -> None:
    """Save; a unique INSZ taken by a concurrent registration becomes a refusal."""
    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError as exc:
        bestaand_id = (
            Deelnemer.objects.filter(insz=getattr(obj, "insz", None))
            .exclude(pk=obj.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if bestaand_id is None:
            raise
        raise _insz_bestaat(bestaand_id, door) from exc


def registreer_deelnemer(
    *,
    door: User,
    geboortedatum: date,
    provincie_id: str,
    regio_id: str,
    insz: str | None = None,
    voornaam: str = "",
    achternaam: str = "",
    armoede: bool = False,
    arbeidsbeperking: bool = False,
    kortgeschoold: bool = False,
    werkzoekend_sinds: date | None = None,
    bevestiging_nodig: bool = False,
) -> NieuweDeelnemer:
    """Register a deelnemer; the INSZ, when given, is validated and unique.

    Possible duplicates (`dubbel_kandidaten`, within the scope of `door`) never block for
    good (twins, namesakes): with `bevestiging_nodig` — the web form and the API, until the
    user confirms "this is someone else" — they refuse with `MogelijkeDubbel`; otherwise
    their ids are returned. The organisation of `door` (when it has one) gets a
    `Registratie`: the new dossier is visible to it before the first trajectory exists (see
    `deelnemers.selectors.visible_to`).
    """
    with transaction.atomic():
        compact, fouten = _insz_fouten(insz, door=door)
        if fouten:
            raise Geweigerd(fouten)
        d = Deelnemer(
            id=nieuw_id("D", Deelnemer),
            insz=compact,
            voornaam=voornaam.strip(),
            achternaam=achternaam.strip(),
            geboortedatum=geboortedatum,
            provincie_id=provincie_id,
            regio_id=regio_id,
            armoede=armoede,
            arbeidsbeperking=arbeidsbeperking,
            kortgeschoold=kortgeschoold,
            werkzoekend_sinds=werkzoekend_sinds,
        )
        fouten = _kenmerk_fouten(d)
        if fouten:
            raise Geweigerd(fouten)
        dubbels = dubbel_kandidaten(
            voornaam=voornaam,
            achternaam=achternaam,
            geboortedatum=geboortedatum,
            insz=compact,
            voor=door if getattr(door, "is_authenticated", False) else None,
        )
        if dubbels and bevestiging_nodig:
            raise MogelijkeDubbel(dubbels)
        _save_unique(d, door=door, force_insert=True)
        organisatie_id = getattr(door, "organisatie_id", None)
        if organisatie_id:
            Registratie.objects.create(deelnemer=d, organisatie_id=organisatie_id, door=door)
        door_id = getattr(door, "pk", None)
        transaction.on_commit(
            lambda: logger.info("deelnemer %s geregistreerd door gebruiker %s", d.pk, door_id)
        )
    return NieuweDeelnemer(d, sorted(k.pk for k, _score in dubbels))


class _NietGewijzigd:
    """Marks a keyword argument that was not given: that field keeps its value."""

    def __repr__(self) -> str:
        return "NIET_GEWIJZIGD"


NIET_GEWIJZIGD: Any = _NietGewijzigd()

#: The kenmerken of a deelnemer a user edits (and a merge chooses between).
KENMERKEN = (
    "insz",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "provincie_id",
    "regio_id",
    "armoede",
    "arbeidsbeperking",
    "kortgeschoold",
    "werkzoekend_sinds",
)


def wijzig_kenmerken(
    *,
    door: User,
    deelnemer_id: str,
    versie: int | None,
    insz: str | None = NIET_GEWIJZIGD,
    voornaam: str = NIET_GEWIJZIGD,
    achternaam: str = NIET_GEWIJZIGD,
    geboortedatum: date = NIET_GEWIJZIGD,
    provincie_id: str = NIET_GEWIJZIGD,
    regio_id: str = NIET_GEWIJZIGD,
    armoede: bool = NIET_GEWIJZIGD,
    arbeidsbeperking: bool = NIET_GEWIJZIGD,
    kortgeschoold: bool = NIET_GEWIJZIGD,
    werkzoekend_sinds: date | None = NIET_GEWIJZIGD,
) -> Deelnemer:
    """Change a deelnemer's data; only the keyword arguments given change.

    `versie` is the version the user saw; when someone saved the deelnemer since, the change is
    refused (`versie-verouderd`).
    """
    gegeven: dict[str, Any] = {
        "insz": insz,
        "voornaam": voornaam,
        "achternaam": achternaam,
        "geboortedatum": geboortedatum,
        "provincie_id": provincie_id,
        "regio_id": regio_id,
        "armoede": armoede,
        "arbeidsbeperking": arbeidsbeperking,
        "kortgeschoold": kortgeschoold,
        "werkzoekend_sinds": werkzoekend_sinds,
    }
    wijzigingen = {k: v for k, v in gegeven.items() if v is not NIET_GEWIJZIGD}
    with transaction.atomic():
        d = Deelnemer.objects.select_for_update().get(pk=deelnemer_id)
        _check_versie(d.versie, versie)
        if "insz" in wijzigingen:
            compact, fouten = _insz_fouten(wijzigingen["insz"], behalve=d.pk, door=door)
            if fouten:
                raise Geweigerd(fouten)
            wijzigingen["insz"] = compact
        for veld in ("voornaam", "achternaam"):
            if veld in wijzigingen:
                wijzigingen[veld] = (wijzigingen[veld] or "").strip()
        velden = [k for k, v in wijzigingen.items() if getattr(d, k) != v]
        if not velden:
            return d
        # Only what this change breaks is refused (imported history may be imperfect).
        al_fout = set(_kenmerk_fouten(d))
        for k in velden:
            setattr(d, k, wijzigingen[k])
        fouten = [f for f in _kenmerk_fouten(d) if f not in al_fout]
        if fouten:
            d.refresh_from_db()
            raise Geweigerd(fouten)
        d.versie += 1
        _save_unique(d, door=door, update_fields=[*velden, "versie"])
        door_id = getattr(door, "pk", None)
        transaction.on_commit(
            lambda: logger.info("deelnemer %s gewijzigd door gebruiker %s", d.pk, door_id)
        )
    return d


def registreer_arbeidsmarktpositie(
    *,
    door: User,
    deelnemer_id: str,
    van: date,
    tot: date | None,
    positie_id: str,
) -> Arbeidsmarktpositie:
    """Add a period of the deelnemer's labour-market position; periods never overlap."""
    with transaction.atomic():
        # The deelnemer row is the lock that serialises concurrent additions for one person.
        d = Deelnemer.objects.select_for_update().get(pk=deelnemer_id)
        nieuw = Arbeidsmarktpositie(deelnemer=d, van=van, tot=tot, positie_id=positie_id)
        fouten: list[Fout] = []
        if tot is not None and tot < van:
            fouten.append(Fout("tot", str(_("De einddatum ligt vóór de begindatum."))))
        fouten += positie_fouten([*d.arbeidsmarktposities.all(), nieuw])
        if fouten:
            raise Geweigerd(fouten)
        nieuw.save(force_insert=True)
        door_id = getattr(door, "pk", None)
        transaction.on_commit(
            lambda: logger.info(
                "arbeidsmarktpositie van deelnemer %s toegevoegd door gebruiker %s", d.pk, door_id
            )
        )
    return nieuw

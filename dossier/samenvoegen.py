"""Merge two dossiers of one person: everything of the duplicate moves to the survivor.

Found by introspection: every concrete foreign key of any model that points to `Deelnemer`
(history event tables excepted) is repointed, so a new table is not forgotten. One
transaction; conflicts are listed first (`conflicten`) and the merge is refused while one is
unresolved. The duplicate's change history moves along (its event rows are repointed, the
append-only guard opened for this transaction only); the read log is append-only and stays as
it was — `SamengevoegdDossier` maps the old id to the survivor, and the read log, the export and
the old URL follow that mapping.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pgtrigger
from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.geschiedenis import DOSSIER_PADEN, is_postgres
from deelnemers.models import Arbeidsmarktpositie, Deelnemer, Registratie
from deelnemers.services import KENMERKEN
from dossier.inhoud import is_geschiedenis
from dossier.models import Behandelaar, SamengevoegdDossier
from trajectories import rules
from trajectories.models import Activeringstraject, AmaWvgOvereenkomst
from werkzorg.domein.fouten import Fout, Geweigerd

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


@dataclass
class Conflict:
    code: str
    bericht: str


def verwijzingen() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, foreign key) pointing to Deelnemer, history tables excepted."""
    uit = []
    for m in apps.get_models():
        if is_geschiedenis(m) or m._meta.proxy:
            continue
        for f in m._meta.concrete_fields:
            if f.is_relation and f.related_model is Deelnemer:
                uit.append((m, f))
    return uit


def verschillen(survivor: Deelnemer, dubbel: Deelnemer) -> list[str]:
    """The kenmerken (`deelnemers.services.KENMERKEN`) in which the two dossiers differ (the
    admin picks a value for each)."""
    return [k for k in KENMERKEN if getattr(survivor, k) != getattr(dubbel, k)]


def conflicten(survivor: Deelnemer, dubbel: Deelnemer) -> list[Conflict]:
    """What must be resolved before the merge (in the trajectories, not here)."""
    uit: list[Conflict] = []
    if survivor.pk == dubbel.pk:
        uit.append(Conflict("zelfde", _("Een dossier kan niet met zichzelf samengevoegd worden.")))
        return uit
    lopend = [
        t
        for t in Activeringstraject.objects.filter(deelnemer__in=[survivor, dubbel])
        if rules.activering_status(t) not in rules.EINDSTATUSSEN
    ]
    if {t.deelnemer_id for t in lopend} == {survivor.pk, dubbel.pk}:
        uit.append(
            Conflict(
                "twee-lopende-activeringstrajecten",
                _(
                    "Beide dossiers hebben een lopend activeringstraject (%(ids)s). Sluit er "
                    "één af, stop het of trek het in, en voeg dan samen."
                )
                % {"ids": ", ".join(sorted(t.pk for t in lopend))},
            )
        )
    wvg = [
        o
        for o in AmaWvgOvereenkomst.objects.filter(deelnemer__in=[survivor, dubbel])
        if o.einde is None
    ]
    if {o.deelnemer_id for o in wvg} == {survivor.pk, dubbel.pk}:
        uit.append(
            Conflict(
                "twee-lopende-overeenkomsten",
                _("Beide dossiers hebben een lopende AMA WVG-overeenkomst (%(ids)s).")
                % {"ids": ", ".join(sorted(o.pk for o in wvg))},
            )
        )
    van_s = {
        (p.van, p.tot, p.positie_id) for p in Arbeidsmarktpositie.objects.filter(deelnemer=survivor)
    }
    eigen = list(Arbeidsmarktpositie.objects.filter(deelnemer=survivor))
    for p in Arbeidsmarktpositie.objects.filter(deelnemer=dubbel):
        if (p.van, p.tot, p.positie_id) in van_s:
            continue  # the same period twice: the duplicate's copy is dropped
        for q in eigen:
            if q.van <= (p.tot or p.van.max) and p.van <= (q.tot or q.van.max):
                uit.append(
                    Conflict(
                        "overlappende-posities",
                        _(
                            "De arbeidsmarktposities overlappen (vanaf %(van)s): corrigeer de "
                            "VDAB-gegevens van een van beide dossiers."
                        )
                        % {"van": p.van.strftime("%-d/%m/%Y")},
                    )
                )
                break
    return uit


@transaction.atomic
def voeg_samen(
    *, door: User, survivor_id: str, dubbel_id: str, keuzes: dict[str, str] | None = None
) -> dict[str, Any]:
    """Move everything of `dubbel_id` to `survivor_id` and remove the duplicate.

    `keuzes` maps a differing kenmerk to "survivor" or "dubbel" (whose value to keep; default
    the survivor's). Refused (`Geweigerd`, nothing changed) while a conflict is open.
    Returns the report (rows moved per table), also stored on the `SamengevoegdDossier`.
    """
    ids = sorted([survivor_id, dubbel_id])
    rijen = {d.pk: d for d in Deelnemer.objects.select_for_update().filter(pk__in=ids)}
    if survivor_id not in rijen or dubbel_id not in rijen:
        raise Geweigerd([Fout("", _("Een van beide dossiers bestaat niet meer."))])
    survivor, dubbel = rijen[survivor_id], rijen[dubbel_id]
    open_ = conflicten(survivor, dubbel)
    if open_:
        raise Geweigerd([Fout("", c.bericht) for c in open_], code="conflict")

    keuzes = keuzes or {}
    overnemen = {
        k: getattr(dubbel, k) for k in verschillen(survivor, dubbel) if keuzes.get(k) == "dubbel"
    }
    verslag: dict[str, Any] = {"verplaatst": {}, "kenmerken_van_dubbel": sorted(overnemen)}

    # Rows the survivor already has in a one-per-participant table stay the survivor's.
    if Registratie.objects.filter(deelnemer=survivor).exists():
        verslag["registratie_vervallen"] = Registratie.objects.filter(deelnemer=dubbel).delete()[0]
    dubbele_org = Behandelaar.objects.filter(deelnemer=survivor).values("organisatie_id")
    Behandelaar.objects.filter(deelnemer=dubbel, organisatie_id__in=dubbele_org).delete()
    gelijke = {
        (p.van, p.tot, p.positie_id) for p in Arbeidsmarktpositie.objects.filter(deelnemer=survivor)
    }
    for p in Arbeidsmarktpositie.objects.filter(deelnemer=dubbel):
        if (p.van, p.tot, p.positie_id) in gelijke:
            p.delete()

    for model, veld in verwijzingen():
        n = model._default_manager.filter(**{veld.attname: dubbel.pk}).update(
            **{veld.attname: survivor.pk}
        )
        if n:
            verslag["verplaatst"][model._meta.label] = n

    if overnemen:
        if "insz" in overnemen:
            Deelnemer.objects.filter(pk=dubbel.pk).update(insz=None)
        for k, v in overnemen.items():
            setattr(survivor, k, v)
        survivor.versie += 1
        survivor.save(update_fields=[*overnemen, "versie"])
    Deelnemer.objects.filter(pk=dubbel_id).delete()
    verslag["geschiedenis"] = _verplaats_geschiedenis(dubbel_id, survivor.pk)
    # A dossier merged earlier into the duplicate now answers with the survivor too.
    SamengevoegdDossier.objects.filter(nieuw_id=dubbel_id).update(nieuw_id=survivor.pk)
    SamengevoegdDossier.objects.create(
        oud_id=dubbel_id, nieuw_id=survivor.pk, door=door, verslag=verslag
    )
    logger.info(
        "dossiers samengevoegd",
        extra={"oud_id": dubbel_id, "nieuw_id": survivor.pk, "user_id": getattr(door, "pk", None)},
    )
    return verslag


def _verplaats_geschiedenis(oud: str, nieuw: str) -> int:
    """Repoint the duplicate's history events (PostgreSQL; SQLite keeps no history).

    The snapshot `id` of the duplicate's own events becomes the survivor's too, except in its
    delete events: under the survivor, a delete event that names another id records the merge
    of that dossier (the history shows "samengevoegd met <id>", also after a later merge of
    the survivor)."""
    if not is_postgres():
        return 0
    totaal = 0
    for label, kolom, ouder in DOSSIER_PADEN:
        if ouder != "deelnemers.Deelnemer":
            continue  # children follow their (moved) parent's id
        event = apps.get_model(label).pgh_event_model
        with pgtrigger.ignore(f"{event._meta.label}:append_only"):
            events = event.objects.filter(**{kolom: oud})
            if label == "deelnemers.Deelnemer":
                totaal += events.filter(pgh_label="delete").update(pgh_obj_id=nieuw)
                totaal += events.update(pgh_obj_id=nieuw, id=nieuw)
            else:
                totaal += events.update(**{kolom: nieuw})
    return totaal

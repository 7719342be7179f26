"""Reading the change history of one dossier, for the history page (and the subject-access
export): the reading side of `audit.geschiedenis`, which records. It sits beside the dossier
pages because it needs what they need: the scope and the Zorg compartment rule
(`deelnemers.selectors`) and the trajectory models.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from pghistory.models import Context

from accounts.models import Rol
from audit.geschiedenis import ACTIES, KANALEN, dossier_filters, event_model
from deelnemers import selectors
from trajectories.models import Activeringstraject

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

VERBORGEN_VELDEN = {"versie"}  # technical: the optimistic lock counter


@dataclass
class Veld:
    naam: str
    oud: str | None  # None: not known (no earlier event)
    nieuw: str | None  # None for a delete


@dataclass
class Wijziging:
    tijdstip: datetime
    actie: str
    onderwerp: str
    object_id: str
    velden: list[Veld] = field(default_factory=list)
    door: str = ""
    kanaal: str = ""
    via: str = ""  # the command or task name
    request_id: str = ""
    verborgen: bool = (
        False  # a Zorg note this reader may know of but not read: no values, no author
    )

    @property
    def actie_label(self) -> str:
        return str(ACTIES.get(self.actie, self.actie))


def geschiedenis_van(deelnemer_id: str, *, user: Any) -> list[Wijziging]:
    """Every recorded change of one dossier, newest first, as `user` may read it.

    Fetch the dossier through `deelnemers.selectors.get_deelnemer_for_user` first (scope).
    Zorg notes follow the Zorg compartment's rule: their content and author only for the
    casemanager Zorg of the trajectory, that they exist (and when) also for its casemanager
    Werk, nothing for others.
    """
    rijen: list[tuple[str, dict[str, Any]]] = []
    for label, q in dossier_filters([deelnemer_id]):
        for rij in event_model(label)._default_manager.filter(q).order_by("pgh_id").values():
            rijen.append((label, rij))

    lezen, bestaan = _zorg_inzicht(
        user, {r["traject_id"] for lab, r in rijen if lab == "deelnemers.ZorgNotitie"}
    )
    rijen = [
        (lab, r)
        for lab, r in rijen
        if lab != "deelnemers.ZorgNotitie" or r["traject_id"] in bestaan
    ]
    contexten = _contexten({r["pgh_context_id"] for _lab, r in rijen if r["pgh_context_id"]})
    gebruikers = _gebruikers({m.get("user") for m in contexten.values()})
    labels = _fk_labels(rijen)

    wijzigingen: list[tuple[tuple[Any, ...], Wijziging]] = []
    vorige: dict[tuple[str, Any], dict[str, Any]] = {}
    for volgorde, (lab, rij) in enumerate(rijen):
        model = apps.get_model(lab)
        verborgen = lab == "deelnemers.ZorgNotitie" and rij["traject_id"] not in lezen
        sleutel = (lab, rij["pgh_obj_id"])
        actie = rij["pgh_label"]
        if lab == "deelnemers.Deelnemer" and actie == "delete" and rij["id"] != rij["pgh_obj_id"]:
            # The dossier `id` was merged into this one (dossier.samenvoegen keeps its id).
            actie = "samengevoegd"
            velden = [Veld(naam=str(_("samengevoegd met")), oud=None, nieuw=str(rij["id"]))]
        else:
            velden = _velden(model, rij, vorige.get(sleutel), labels)
            vorige[sleutel] = rij
        if rij["pgh_label"] == "update" and not velden:
            continue  # only a technical field changed (the version counter)
        if verborgen:
            # Like the dossier page shows the casemanager Werk: that a note exists, and when.
            velden = []
        meta = contexten.get(rij["pgh_context_id"], {})
        w = Wijziging(
            tijdstip=rij["pgh_created_at"],
            actie=actie,
            onderwerp=str(model._meta.verbose_name),
            object_id=str(rij["pgh_obj_id"]),
            velden=velden,
            door=gebruikers.get(meta.get("user"), "") if meta.get("user") and not verborgen else "",
            kanaal=str(KANALEN.get(meta.get("kanaal", ""), "")),
            via=meta.get("commando") or meta.get("taak") or "",
            request_id=meta.get("request_id", ""),
            verborgen=verborgen,
        )
        wijzigingen.append(((w.tijdstip, volgorde), w))
    wijzigingen.sort(key=lambda p: p[0], reverse=True)
    return [w for _k, w in wijzigingen]


def _zorg_inzicht(user: Any, traject_ids: set[Any]) -> tuple[set[Any], set[Any]]:
    """The trajectories whose Zorg notes `user` may read, and those whose notes `user` may
    know of (see `deelnemers.selectors`: casemanager Zorg reads, casemanager Werk knows)."""
    if not traject_ids:
        return set(), set()

    org_id = getattr(user, "organisatie_id", None)
    werk = any(t.rol == Rol.CASEMANAGER_WERK for t in selectors.toewijzingen_van(user))
    lezen: set[Any] = set()
    bestaan: set[Any] = set()
    for t in Activeringstraject.objects.filter(pk__in=traject_ids):
        if selectors.mag_zorgnotitie_schrijven(user, t):
            lezen.add(t.pk)
            bestaan.add(t.pk)
        elif werk and org_id and t.casemanager_werk_org_id == org_id:
            bestaan.add(t.pk)
    return lezen, bestaan


def _contexten(ids: set[Any]) -> dict[Any, dict[str, Any]]:
    if not ids:
        return {}

    return dict(Context.objects.filter(pk__in=ids).values_list("id", "metadata"))


def _gebruikers(ids: set[Any]) -> dict[Any, str]:

    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    namen = {}
    for u in get_user_model().objects.filter(pk__in=ids):
        namen[u.pk] = u.get_full_name() or u.get_username()
    # A deleted account is named by its id.
    return {i: namen.get(int(i), _("gebruiker %(id)s") % {"id": i}) for i in ids}


def _toonbare_velden(model: type[models.Model]) -> list[models.Field]:
    """The fields the history records (a model's derived columns it does not, e.g. the last
    moments an AMA SE trajectory keeps), `VERBORGEN_VELDEN` left out."""
    gevolgd = {f.name for f in event_model(model._meta.label)._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name in gevolgd and f.name not in VERBORGEN_VELDEN
    ]


def _fk_labels(rijen: list[tuple[str, dict[str, Any]]]) -> dict[tuple[Any, Any], str]:
    """Names of the objects the events point to, one query per related model."""
    gevraagd: dict[type[models.Model], set[Any]] = defaultdict(set)
    for lab, rij in rijen:
        for f in _toonbare_velden(apps.get_model(lab)):
            if f.is_relation and rij.get(f.attname) is not None:
                gevraagd[cast("type[models.Model]", f.related_model)].add(rij[f.attname])
    labels: dict[tuple[Any, Any], str] = {}
    for related, ids in gevraagd.items():
        heeft_str = related.__str__ is not models.Model.__str__
        for obj in related._default_manager.filter(pk__in=ids):
            if hasattr(obj, "get_full_name"):
                gebruiker = cast("AbstractUser", obj)
                tekst = gebruiker.get_full_name() or gebruiker.get_username()
            else:
                tekst = str(obj) if heeft_str else str(obj.pk)
            labels[(related, obj.pk)] = tekst
    return labels


def _toon(f: models.Field, waarde: Any, labels: dict[tuple[Any, Any], str]) -> str:
    if waarde is None or waarde == "":
        return "—"
    if f.is_relation:
        return labels.get((f.related_model, waarde), str(waarde))
    if f.choices:
        return str(dict(f.flatchoices).get(waarde, waarde))
    if isinstance(f, models.BooleanField):
        return str(_("ja") if waarde else _("nee"))
    if isinstance(waarde, datetime):
        return formats.date_format(timezone.localtime(waarde), "SHORT_DATETIME_FORMAT")
    if isinstance(waarde, date):
        return formats.date_format(waarde, "SHORT_DATE_FORMAT")
    return str(waarde)


def _velden(
    model: type[models.Model],
    rij: dict[str, Any],
    vorige: dict[str, Any] | None,
    labels: dict[tuple[Any, Any], str],
) -> list[Veld]:
    """Insert: the values given; update: the fields that changed, old → new (old unknown
    when the row predates the history); delete: the values the row had."""
    velden = []
    for f in _toonbare_velden(model):
        nieuw = rij.get(f.attname)
        if rij["pgh_label"] == "update":
            if vorige is not None and vorige.get(f.attname) == nieuw:
                continue
            oud = None if vorige is None else _toon(f, vorige.get(f.attname), labels)
            if vorige is None and nieuw in (None, ""):
                continue
        else:
            if nieuw in (None, ""):
                continue
            oud = None
        getoond = _toon(f, nieuw, labels)
        if rij["pgh_label"] == "delete":
            velden.append(Veld(naam=str(f.verbose_name), oud=getoond, nieuw=None))
        else:
            velden.append(Veld(naam=str(f.verbose_name), oud=oud, nieuw=getoond))
    return velden

"""The only writers of trajectories: one service per trajectory kind.

Each service runs in one transaction, locks the row (`select_for_update`), checks the optimistic
`versie` the user saw, checks the allowed-transition table and the rules of `rules.py`, saves the
changed fields (`update_fields`), appends a `TrajectEvent`, and runs side effects on commit.
A refusal raises `rules.Geweigerd` with Dutch messages and changes nothing.

CONTRACT (names and keyword arguments are used by the web forms, the API and the tasks; a
helper implementing this module may add keyword arguments with defaults, but must keep these):

    nieuw_activeringstraject(*, door, deelnemer_id, regio_id, geinitieerd_op,
                             casemanager_werk_org_id=None, casemanager_zorg_org_id=None,
                             notitie="") -> Activeringstraject
    activering_stap(*, door, traject_id, stap, datum=None, versie=None, eindadvies_id=None,
                    motivering="", stopreden_id=None, verlengd_tot=None, notitie="")
        -> Activeringstraject            # stap in rules.ACTIVERING_STAPPEN
    toegelaten_activering_stappen(traject, *, op, aantal_stages=None) -> list[rules.Stap]
                                                                        # buttons to show
    voeg_doelstelling_toe(*, door, traject_id, soort, omschrijving) -> Doelstelling
    voeg_actie_toe(*, door, doelstelling_id, dienstverlener_id, omschrijving,
                   gepland_op=None) -> Actie   # dienstverlener: netwerk member of the region's network
    wijzig_actie(*, door, actie_id, status, datum=None) -> Actie
    voeg_stage_toe(*, door, traject_id, werkplek, start, einde, organisatie_id=None) -> Stage
    verwijder_planitem(*, door, soort, item_id) -> None     # soort: doelstelling | actie | stage

    nieuw_ama_se_traject(*, door, deelnemer_id, begeleider_id, gematcht_op, notitie="")
        -> AmaSeTraject
    ama_se_stap(*, door, traject_id, stap, datum, versie=None, eindadvies_id=None,
                stopreden_id=None, notitie="") -> AmaSeTraject   # stap in rules.AMA_SE_STAPPEN
    registreer_ama_se_moment(*, door, traject_id, soort, datum, verslag="", beslissing="")
        -> AmaSeMoment
    toegelaten_ama_se_stappen(traject, *, op) -> list[rules.Stap]        # buttons to show

    nieuwe_wvg_overeenkomst(*, door, deelnemer_id, begeleider_id, werkpost, start, einde=None)
        -> AmaWvgOvereenkomst
    beeindig_wvg_overeenkomst(*, door, overeenkomst_id, einde, versie=None, notitie="")
        -> AmaWvgOvereenkomst
    registreer_wvg_evaluatie(*, door, overeenkomst_id, datum, verslag="", verderzetten=True)
        -> AmaWvgEvaluatie

Refusal codes (`Geweigerd.code`): `versie-verouderd` (someone saved the dossier since the user
read it), `stap-niet-toegelaten` (the status or the plan's state does not allow it),
`regel-geschonden` (the result would break a rule). Plan changes (doelstellingen, acties,
stages) and moments lock the trajectory row too but do not bump its `versie`: they do not
touch the fields a step form shows.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer
from organisaties import rules as org_rules
from organisaties.models import Organisatie
from referentie.models import Regio, Stopreden
from trajectories import rules
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
from werkzorg.domein.fouten import Fout, Geweigerd, versie_fouten
from werkzorg.formats import datum as toon_datum
from werkzorg.ids import nieuw_id

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

Soort = TrajectEvent.Soort


# --- shared steps ---------------------------------------------------------------------------


def _vandaag() -> date:
    return timezone.localdate()


def _weiger(fouten: list[Fout], code: str = "regel-geschonden") -> None:
    if fouten:
        raise Geweigerd(fouten, code=code)


def _check_versie(huidige: int, gezien: int | None) -> None:
    _weiger(versie_fouten(huidige, gezien), "versie-verouderd")


def _bestaat(model: type[models.Model], pk: Any, veld: str, label: str) -> list[Fout]:
    """A code or id the user picked exists (a foreign key is only checked at commit on PG)."""
    if pk in (None, "") or not model._default_manager.filter(pk=pk).exists():
        return [Fout(veld, str(_("Onbekende %(label)s: %(pk)s.") % {"label": label, "pk": pk}))]
    return []


def _stap_niet_toegelaten(stap: rules.Stap, status: Any) -> Geweigerd:
    return Geweigerd(rules.stap_status_fouten(stap, status), code="stap-niet-toegelaten")


def _onbekende_stap(stap: str) -> Geweigerd:
    return Geweigerd(
        [Fout("stap", str(_("Onbekende stap: %(stap)s.") % {"stap": stap}))],
        code="stap-niet-toegelaten",
    )


def _log_event(event: TrajectEvent) -> None:
    # Ids and codes only: names and INSZ never go to the log.
    logger.info(
        "%s %s: %s (%s -> %s) door gebruiker %s",
        event.soort,
        event.traject_id,
        event.actie,
        event.van_status or "-",
        event.naar_status or "-",
        event.door_id,
    )


#: Per trajectory kind: the event's `soort` and the status the event records.
SOORTEN: dict[type[models.Model], tuple[str, Any]] = {
    Activeringstraject: (Soort.ACTIVERING, rules.activering_status),
    AmaSeTraject: (Soort.AMA_SE, rules.ama_se_status),
    AmaWvgOvereenkomst: (Soort.AMA_WVG, rules.wvg_status),
}


def _event(
    traject: Any,
    *,
    actie: str,
    door: User,
    van: str | None = "",
    naar: str | None = "",
    notitie: str = "",
) -> TrajectEvent:
    """Append the audit row of a change to `traject` (any kind); its side effects run once the
    transaction commits."""
    event = TrajectEvent.objects.create(
        soort=SOORTEN[type(traject)][0],
        traject_id=traject.id,
        deelnemer_id=traject.deelnemer_id,
        actie=actie,
        van_status=van or "",
        naar_status=naar or "",
        door=door if getattr(door, "pk", None) else None,
        notitie=notitie or "",
    )
    transaction.on_commit(lambda: _log_event(event))
    return event


def _bewaar(
    traject: Any,
    fouten: list[Fout],
    *,
    actie: str,
    door: Any,
    velden: list[str] | None = None,
    van: str | None = "",
    naar: str | None = None,
    notitie: str = "",
) -> None:
    """The end of every change of a trajectory's own fields: refused with `fouten` (nothing
    written), else saved — a new trajectory inserted (`velden` None), else `velden` with its
    `versie` raised by one — and its event appended, naming the status it is in now (`naar`
    overrides it)."""
    _weiger(fouten)
    if velden is None:
        traject.save(force_insert=True)
    else:
        traject.versie += 1
        traject.save(update_fields=[*velden, "versie"])
    status = SOORTEN[type(traject)][1]
    _event(traject, actie=actie, door=door, van=van, naar=naar or status(traject), notitie=notitie)


#: The steps of each kind of trajectory that has them.
STAPPEN: dict[type[models.Model], dict[str, rules.Stap]] = {
    Activeringstraject: rules.ACTIVERING_STAPPEN,
    AmaSeTraject: rules.AMA_SE_STAPPEN,
}


def _begin_stap(
    model: type[models.Model], traject_id: str, stap: str, versie: int | None
) -> tuple[rules.Stap, Any, Any]:
    """The start of every step (inside the transaction): the step, the trajectory locked and
    its status now; refused when the step is unknown, someone saved the trajectory since the
    user read `versie`, or the status does not allow the step."""
    s = STAPPEN[model].get(stap)
    if s is None:
        raise _onbekende_stap(stap)
    t: Any = model._default_manager.select_for_update().get(pk=traject_id)
    _check_versie(t.versie, versie)
    van = SOORTEN[model][1](t)
    if van not in s.van:
        raise _stap_niet_toegelaten(s, van)
    return s, t, van


def _stap_velden(
    t: Any,
    s: rules.Stap,
    *,
    datum: date,
    eindadvies_id: str | None = None,
    motivering: str | None = None,
    stopreden_id: str | None = None,
    verlengd_tot: date | None = None,
    fouten: list[Fout],
) -> list[str]:
    """Fill in the fields of step `s` on `t` (adds to `fouten` what is wrong with the values
    given); returns the fields changed. `motivering` None: the kind has no eindadvies text."""
    velden: list[str] = []
    for veld in s.velden:
        if veld.endswith("_op"):
            fouten += rules.mijlpaal_datum_fouten(veld, datum, _vandaag())
            setattr(t, veld, datum)
            velden.append(veld)
        elif veld == "eindadvies":
            t.eindadvies_id = eindadvies_id or None
            velden.append("eindadvies")
            if motivering is not None:
                t.eindadvies_motivering = motivering
                velden.append("eindadvies_motivering")
        elif veld == "stopreden":
            if stopreden_id:
                fouten += _bestaat(Stopreden, stopreden_id, "stopreden", str(_("stopreden")))
            t.stopreden_id = stopreden_id or None
            velden.append("stopreden")
        elif veld == "verlengd_tot":
            if verlengd_tot is None and not fouten:
                fouten.append(
                    Fout(
                        "verlengd_tot",
                        str(_("Geef de datum tot wanneer het traject verlengd wordt.")),
                    )
                )
            t.verlengd_tot = verlengd_tot
            velden.append("verlengd_tot")
    return velden


# --- activeringstraject -------------------------------------------------------------------


def nieuw_activeringstraject(
    *,
    door: User,
    deelnemer_id: str,
    regio_id: str,
    geinitieerd_op: date,
    casemanager_werk_org_id: str | None = None,
    casemanager_zorg_org_id: str | None = None,
    notitie: str = "",
) -> Activeringstraject:
    """Register a referral by VDAB: a new activeringstraject, status geinitieerd.

    The casemanager Werk is a GTB; the casemanager Zorg a member of the region's
    samenwerkingsverband Zorg on `geinitieerd_op`.
    """
    with transaction.atomic():
        deelnemer = Deelnemer.objects.get(pk=deelnemer_id)
        fouten = _bestaat(Regio, regio_id, "regio", str(_("regio")))
        fouten += rules.mijlpaal_datum_fouten("geinitieerd_op", geinitieerd_op, _vandaag())
        if casemanager_werk_org_id:
            werk = Organisatie.objects.get(pk=casemanager_werk_org_id)
            fouten += org_rules.casemanager_werk_fouten(werk.type_id)
        if casemanager_zorg_org_id and not fouten:
            zorg = Organisatie.objects.get(pk=casemanager_zorg_org_id)
            fouten += org_rules.casemanager_zorg_fouten(
                zorg.lidmaatschappen.all(), regio_id, geinitieerd_op
            )
        t = Activeringstraject(
            deelnemer=deelnemer,
            regio_id=regio_id,
            geinitieerd_op=geinitieerd_op,
            casemanager_werk_org_id=casemanager_werk_org_id or None,
            casemanager_zorg_org_id=casemanager_zorg_org_id or None,
        )
        fouten += rules.activering_fouten(t)
        if not fouten:
            # The participant row is the lock that serialises two referrals of one person.
            Deelnemer.objects.select_for_update().filter(pk=deelnemer.pk).first()
            fouten += rules.lopend_traject_fouten(t, deelnemer.activeringstrajecten.all())
        _weiger(fouten)
        t.id = nieuw_id("AT", Activeringstraject)
        _bewaar(t, fouten, actie="nieuw", door=door, notitie=notitie)
    return t


def activering_stappen_overzicht(
    traject: Activeringstraject, *, op: date, aantal_stages: int | None = None
) -> list[tuple[rules.Stap, list[Fout]]]:
    """Every step the status allows on `op`, with why it cannot be taken yet (empty: it can).

    The web shows a step with reasons disabled, with them (`rules.stap_beschikbaar_fouten`,
    the same rule the service refuses with). `aantal_stages` saves a query when the caller
    already counted them.
    """
    if aantal_stages is None:
        aantal_stages = traject.stages.count() if traject.pk else 0
    overzicht = []
    for stap in rules.ACTIVERING_STAPPEN.values():
        fouten = rules.stap_beschikbaar_fouten(stap, traject, op=op, aantal_stages=aantal_stages)
        if not any(f.veld == "stap" for f in fouten):
            overzicht.append((stap, fouten))
    return overzicht


def toegelaten_activering_stappen(
    traject: Activeringstraject, *, op: date, aantal_stages: int | None = None
) -> list[rules.Stap]:
    """The steps the rules allow on `op` (`rules.stap_beschikbaar_fouten` is empty)."""
    return [
        stap
        for stap, fouten in activering_stappen_overzicht(
            traject, op=op, aantal_stages=aantal_stages
        )
        if not fouten
    ]


def activering_stap_fouten(
    traject: Activeringstraject, stap: rules.Stap, *, op: date
) -> list[Fout]:
    """Why `stap` cannot be taken on `op` (the step page opened by URL)."""
    return rules.stap_beschikbaar_fouten(stap, traject, op=op, aantal_stages=traject.stages.count())


def activering_stap(
    *,
    door: User,
    traject_id: str,
    stap: str,
    datum: date | None = None,
    versie: int | None = None,
    eindadvies_id: str | None = None,
    motivering: str = "",
    stopreden_id: str | None = None,
    verlengd_tot: date | None = None,
    notitie: str = "",
) -> Activeringstraject:
    """Take one step of `rules.ACTIVERING_STAPPEN` on an activeringstraject.

    `datum` (default today) fills the step's milestone; `versie` is the version the user saw.
    Refused (nothing changes) with code `versie-verouderd` when someone changed the dossier
    since, `stap-niet-toegelaten` when the status does not allow the step, `regel-geschonden`
    when the result would break a rule of `rules.py`.
    """
    datum = datum or _vandaag()
    with transaction.atomic():
        s, t, van = _begin_stap(Activeringstraject, traject_id, stap, versie)
        fouten = rules.stap_voorwaarden_fouten(stap, t, aantal_stages=t.stages.count())
        velden = _stap_velden(
            t,
            s,
            datum=datum,
            eindadvies_id=eindadvies_id,
            motivering=motivering,
            stopreden_id=stopreden_id,
            verlengd_tot=verlengd_tot,
            fouten=fouten,
        )
        if not fouten:
            fouten = rules.activering_fouten(t)
        _bewaar(t, fouten, velden=velden, actie=stap, door=door, van=van, notitie=notitie)
    return t


# --- trajectplan ----------------------------------------------------------------------------


def _lock_plan(traject_id: str) -> Activeringstraject:
    """Lock the trajectory whose plan changes: closing counts its stages under the same lock."""
    t = Activeringstraject.objects.select_for_update().get(pk=traject_id)
    _weiger(rules.plan_wijzigbaar_fouten(rules.activering_status(t)), "stap-niet-toegelaten")
    return t


def _verplicht(waarde: str, veld: str) -> list[Fout]:
    if waarde and waarde.strip():
        return []
    return [Fout(veld, str(_("Dit veld is verplicht.")))]


def voeg_doelstelling_toe(
    *, door: User, traject_id: str, soort: str, omschrijving: str
) -> Doelstelling:
    """Add a goal (werk or zorg) to the trajectplan of an aanvaard or bezig trajectory."""
    with transaction.atomic():
        t = _lock_plan(traject_id)
        fouten = _verplicht(omschrijving, "omschrijving")
        if soort not in Doelstelling.Soort.values:
            fouten.append(Fout("soort", str(_("Een doelstelling is van soort werk of zorg."))))
        _weiger(fouten)
        d = Doelstelling.objects.create(traject=t, soort=soort, omschrijving=omschrijving.strip())
        _event(t, actie="doelstelling-toegevoegd", door=door, notitie=f"{soort}: {d.omschrijving}")
    return d


def voeg_actie_toe(
    *,
    door: User,
    doelstelling_id: int,
    dienstverlener_id: str,
    omschrijving: str,
    gepland_op: date | None = None,
) -> Actie:
    """Add an action to a goal, carried out by a partner of the network of the trajectory's
    region, checked on `gepland_op` (default today)."""
    with transaction.atomic():
        traject_id = Doelstelling.objects.values_list("traject_id", flat=True).get(
            pk=doelstelling_id
        )
        t = _lock_plan(traject_id)
        doel = Doelstelling.objects.get(pk=doelstelling_id)
        dienstverlener = Organisatie.objects.get(pk=dienstverlener_id)
        netwerk_id = Regio.objects.values_list("netwerk_id", flat=True).get(pk=t.regio_id)
        fouten = _verplicht(omschrijving, "omschrijving")
        fouten += org_rules.netwerkpartner_fouten(
            dienstverlener.lidmaatschappen.all(), netwerk_id, gepland_op or _vandaag()
        )
        _weiger(fouten)
        a = Actie.objects.create(
            doelstelling=doel,
            dienstverlener=dienstverlener,
            omschrijving=omschrijving.strip(),
            gepland_op=gepland_op,
        )
        _event(t, actie="actie-toegevoegd", door=door, notitie=a.omschrijving)
    return a


def wijzig_actie(*, door: User, actie_id: int, status: str, datum: date | None = None) -> Actie:
    """Move an action on: gepland -> gestart -> afgerond, recording the day (default today)."""
    with transaction.atomic():
        traject_id = Actie.objects.values_list("doelstelling__traject_id", flat=True).get(
            pk=actie_id
        )
        t = _lock_plan(traject_id)
        a = Actie.objects.select_for_update().get(pk=actie_id)
        van = a.status
        _weiger(rules.actie_overgang_fouten(van, status), "stap-niet-toegelaten")
        veld = rules.ACTIE_DATUMVELD[status]
        setattr(a, veld, datum or _vandaag())
        a.status = status
        _weiger(rules.actie_fouten(a))
        a.save(update_fields=["status", veld])
        _event(
            t, actie=f"actie-{status}", door=door, notitie=f"{a.omschrijving} ({van} -> {status})"
        )
    return a


def voeg_stage_toe(
    *,
    door: User,
    traject_id: str,
    werkplek: str,
    start: date,
    einde: date,
    organisatie_id: str | None = None,
) -> Stage:
    """Add a werkervaringsstage of at most 6 months to the trajectplan."""
    with transaction.atomic():
        t = _lock_plan(traject_id)
        fouten = _verplicht(werkplek, "werkplek") + rules.stage_fouten(start, einde)
        if organisatie_id:
            fouten += _bestaat(Organisatie, organisatie_id, "organisatie", str(_("organisatie")))
        _weiger(fouten)
        stage = Stage.objects.create(
            traject=t,
            werkplek=werkplek.strip(),
            start=start,
            einde=einde,
            organisatie_id=organisatie_id or None,
        )
        _event(
            t,
            actie="stage-toegevoegd",
            door=door,
            notitie=f"{stage.werkplek} {toon_datum(start)}–{toon_datum(einde)}",
        )
    return stage


PLANITEMS: dict[str, tuple[type[models.Model], str]] = {
    "doelstelling": (Doelstelling, "traject_id"),
    "actie": (Actie, "doelstelling__traject_id"),
    "stage": (Stage, "traject_id"),
}


def verwijder_planitem(*, door: User, soort: str, item_id: int) -> None:
    """Remove a goal (with its actions), an action or a stage from an open trajectplan."""
    if soort not in PLANITEMS:
        raise Geweigerd([Fout("soort", str(_("Onbekend onderdeel van het trajectplan.")))])
    model, pad = PLANITEMS[soort]
    with transaction.atomic():
        traject_id = model._default_manager.values_list(pad, flat=True).get(pk=item_id)
        t = _lock_plan(traject_id)
        item = model._default_manager.get(pk=item_id)
        beschrijving = str(getattr(item, "omschrijving", None) or getattr(item, "werkplek", ""))
        item.delete()
        _event(t, actie=f"{soort}-verwijderd", door=door, notitie=beschrijving)


# --- AMA SE ---------------------------------------------------------------------------------


def nieuw_ama_se_traject(
    *, door: User, deelnemer_id: str, begeleider_id: str, gematcht_op: date, notitie: str = ""
) -> AmaSeTraject:
    """Match a deelnemer with a begeleider recognised as begeleider-ama-se on `gematcht_op`."""
    with transaction.atomic():
        deelnemer = Deelnemer.objects.get(pk=deelnemer_id)
        begeleider = Organisatie.objects.get(pk=begeleider_id)
        fouten = rules.mijlpaal_datum_fouten("gematcht_op", gematcht_op, _vandaag())
        fouten += org_rules.erkend_begeleider_fouten(
            begeleider.lidmaatschappen.all(), "begeleider-ama-se", gematcht_op
        )
        t = AmaSeTraject(deelnemer=deelnemer, begeleider=begeleider, gematcht_op=gematcht_op)
        fouten += rules.ama_se_fouten(t)
        _weiger(fouten)
        t.id = nieuw_id("SE", AmaSeTraject)
        _bewaar(t, fouten, actie="matching", door=door, notitie=notitie)
    return t


def ama_se_stap_fouten(traject: AmaSeTraject, stap: rules.Stap, *, op: date) -> list[Fout]:
    """Why `stap` cannot be taken on `op` (the step page opened by URL)."""
    return rules.stap_beschikbaar_fouten(stap, traject, op=op, status=rules.ama_se_status)


def toegelaten_ama_se_stappen(traject: AmaSeTraject, *, op: date) -> list[rules.Stap]:
    """The steps of `rules.AMA_SE_STAPPEN` allowed on `op` (the buttons the web shows)."""
    return [s for s in rules.AMA_SE_STAPPEN.values() if not ama_se_stap_fouten(traject, s, op=op)]


def ama_se_stap(
    *,
    door: User,
    traject_id: str,
    stap: str,
    datum: date,
    versie: int | None = None,
    eindadvies_id: str | None = None,
    stopreden_id: str | None = None,
    notitie: str = "",
) -> AmaSeTraject:
    """Close (with an eindadvies) or stop an AMA SE traject; refusals as `activering_stap`."""
    with transaction.atomic():
        s, t, van = _begin_stap(AmaSeTraject, traject_id, stap, versie)
        fouten: list[Fout] = []
        velden = _stap_velden(
            t, s, datum=datum, eindadvies_id=eindadvies_id, stopreden_id=stopreden_id, fouten=fouten
        )
        if not fouten:
            fouten = rules.ama_se_fouten(t)
        _bewaar(t, fouten, velden=velden, actie=stap, door=door, van=van, notitie=notitie)
    return t


def registreer_ama_se_moment(
    *,
    door: User,
    traject_id: str,
    soort: str,
    datum: date,
    verslag: str = "",
    beslissing: str = "",
) -> AmaSeMoment:
    """Record a follow-up (opvolging) or the yearly decision moment (beslissing).

    A late moment is still recorded: the due dates (`rules.ama_se_volgende_opvolging`,
    `rules.ama_se_volgende_beslissing`) only feed the worklist.
    """
    with transaction.atomic():
        t = AmaSeTraject.objects.select_for_update().get(pk=traject_id)
        fouten: list[Fout] = []
        if soort not in AmaSeMoment.Soort.values:
            fouten.append(Fout("soort", str(_("Onbekende soort moment."))))
        fouten += rules.mijlpaal_datum_fouten("datum", datum, _vandaag())
        fouten += rules.ama_se_moment_fouten(t, datum)
        if soort == AmaSeMoment.Soort.BESLISSING:
            fouten += _verplicht(beslissing, "beslissing")
        _weiger(fouten)
        m = AmaSeMoment.objects.create(
            traject=t,
            soort=soort,
            datum=datum,
            verslag=verslag,
            beslissing=beslissing.strip(),
            door=door if getattr(door, "pk", None) else None,
        )
        _event(t, actie=soort, door=door, notitie=f"{toon_datum(datum)} {m.beslissing}".strip())
    return m


# --- AMA WVG --------------------------------------------------------------------------------


def nieuwe_wvg_overeenkomst(
    *,
    door: User,
    deelnemer_id: str,
    begeleider_id: str,
    werkpost: str,
    start: date,
    einde: date | None = None,
) -> AmaWvgOvereenkomst:
    """A new AMA WVG agreement for one werkpost.

    The begeleider is recognised as begeleider-ama-wvg on `start`; since 2024-01-01 the
    deelnemer has one begeleider at a time (`rules.wvg_begeleider_fouten`).
    """
    with transaction.atomic():
        # The deelnemer row serialises concurrent agreements of one person (one begeleider).
        deelnemer = Deelnemer.objects.select_for_update().get(pk=deelnemer_id)
        begeleider = Organisatie.objects.get(pk=begeleider_id)
        o = AmaWvgOvereenkomst(
            id=nieuw_id("WVG", AmaWvgOvereenkomst),
            deelnemer=deelnemer,
            begeleider=begeleider,
            werkpost=(werkpost or "").strip(),
            start=start,
            einde=einde,
        )
        fouten = _verplicht(werkpost, "werkpost") + rules.wvg_fouten(o)
        fouten += rules.mijlpaal_datum_fouten("start", start, _vandaag())
        if not fouten:
            fouten += org_rules.erkend_begeleider_fouten(
                begeleider.lidmaatschappen.all(), "begeleider-ama-wvg", start
            )
            fouten += rules.wvg_begeleider_fouten(o, deelnemer.ama_wvg_overeenkomsten.all())
        _bewaar(o, fouten, actie="nieuw", door=door, naar=rules.wvg_status(o, start))
    return o


def _beeindig(o: AmaWvgOvereenkomst, einde: date, door: User, notitie: str) -> None:
    """End a locked, running agreement on `einde` (inclusive)."""
    van = rules.wvg_status(o)
    if van != rules.WVG_LOPEND:
        raise Geweigerd(
            [
                Fout(
                    "einde",
                    str(
                        _("De overeenkomst is al beëindigd op %(einde)s.")
                        % {"einde": toon_datum(o.einde)}
                    ),
                )
            ],
            code="stap-niet-toegelaten",
        )
    o.einde = einde
    _bewaar(
        o,
        rules.wvg_fouten(o),
        velden=["einde"],
        actie="beeindigen",
        door=door,
        van=van,
        notitie=notitie,
    )


def beeindig_wvg_overeenkomst(
    *,
    door: User,
    overeenkomst_id: str,
    einde: date,
    versie: int | None = None,
    notitie: str = "",
) -> AmaWvgOvereenkomst:
    """End a running AMA WVG agreement on `einde` (its last day)."""
    with transaction.atomic():
        o = AmaWvgOvereenkomst.objects.select_for_update().get(pk=overeenkomst_id)
        _check_versie(o.versie, versie)
        _beeindig(o, einde, door, notitie)
    return o


def registreer_wvg_evaluatie(
    *,
    door: User,
    overeenkomst_id: str,
    datum: date,
    verslag: str = "",
    verderzetten: bool = True,
) -> AmaWvgEvaluatie:
    """Record the yearly evaluation; `verderzetten=False` also ends a running agreement that day."""
    with transaction.atomic():
        o = AmaWvgOvereenkomst.objects.select_for_update().get(pk=overeenkomst_id)
        fouten = rules.mijlpaal_datum_fouten("datum", datum, _vandaag())
        fouten += rules.wvg_evaluatie_fouten(o, datum, verslag)
        _weiger(fouten)
        ev = AmaWvgEvaluatie.objects.create(
            overeenkomst=o,
            datum=datum,
            verslag=verslag,
            verderzetten=verderzetten,
            door=door if getattr(door, "pk", None) else None,
        )
        _event(o, actie="evaluatie", door=door, notitie=toon_datum(datum))
        if not verderzetten and rules.wvg_status(o) == rules.WVG_LOPEND:
            _beeindig(o, datum, door, str(_("Besluit van de evaluatie: de overeenkomst stopt.")))
    return ev

"""The only writers of the network's rows. Each runs in one transaction and refuses with
`Geweigerd` (Dutch messages, nothing changed).

Status changes of an actie and new stages go through `trajectories.services` (`wijzig_actie`,
`voeg_stage_toe`): their rules are not repeated here. The first actie the network starts in an
*aanvaard* trajectory records the *Bezig* milestone through `trajectories.services.
activering_stap("starten")` with the actie's start date, by the dienstverlener (decision 200).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.models import ZorgNotitie
from netwerk import rules
from netwerk.models import Melding, Opdracht, StageBegeleiding, Stageverslag, Voortgang
from netwerk.permissions import mag_stage_registreren, mag_vertrouwelijk_noteren
from trajectories import rules as traject_rules
from trajectories import services as traject_services
from trajectories.models import Actie, Activeringstraject, Stage
from werkzorg.domein.fouten import Fout, Geweigerd

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _vandaag() -> date:
    return timezone.localdate()


def _weiger(fouten: list[Fout], code: str = "regel-geschonden") -> None:
    if fouten:
        raise Geweigerd(fouten, code=code)


def _verplicht(waarde: str, veld: str) -> list[Fout]:
    return [] if waarde and waarde.strip() else [Fout(veld, _("Dit veld is verplicht."))]


def _opdracht(actie: Actie) -> Opdracht:
    """The actie's opdracht, locked (an imported actie gets one on first use)."""
    opdracht, _nieuw = Opdracht.objects.select_for_update().get_or_create(
        actie=actie, defaults={"toegewezen_op": actie.gepland_op or _vandaag()}
    )
    return opdracht


def _meld_casemanagers(traject: Activeringstraject, soort: str, actie: Actie | None) -> None:
    meldingen = [
        Melding(organisatie_id=org, voor=voor, soort=soort, traject=traject, actie=actie)
        for org, voor in (
            (traject.casemanager_werk_org_id, Melding.Voor.CASEMANAGER_WERK),
            (traject.casemanager_zorg_org_id, Melding.Voor.CASEMANAGER_ZORG),
        )
        if org
    ]
    Melding.objects.bulk_create(meldingen)


def nieuwe_opdracht(actie: Actie) -> Opdracht:
    """A new actie of the plan: its opdracht (nieuw) and a notification of the organisation."""
    opdracht = Opdracht.objects.create(actie=actie, toegewezen_op=_vandaag())
    Melding.objects.create(
        organisatie_id=actie.dienstverlener_id,
        voor=Melding.Voor.DIENSTVERLENER,
        soort=Melding.Soort.NIEUWE_ACTIE,
        traject_id=actie.doelstelling.traject_id,
        actie=actie,
    )
    return opdracht


def aanvaard_actie(*, door: User, actie_id: int, verwacht_klaar_op: date | None = None) -> Opdracht:
    """The organisation takes the actie on; `door` becomes its uitvoerder."""
    with transaction.atomic():
        actie = Actie.objects.select_for_update().get(pk=actie_id)
        opdracht = _opdracht(actie)
        _weiger(rules.beslissing_fouten(opdracht.status), "stap-niet-toegelaten")
        opdracht.status = Opdracht.Status.AANVAARD
        opdracht.verwacht_klaar_op = verwacht_klaar_op
        opdracht.beslist_door = door
        opdracht.beslist_op = timezone.now()
        opdracht.uitvoerder = door
        opdracht.save()
    logger.info("actie %s aanvaard door gebruiker %s", actie_id, door.pk)
    return opdracht


def weiger_actie(*, door: User, actie_id: int, reden: str) -> Opdracht:
    """The organisation declines the actie with a reason; the casemanagers are notified."""
    with transaction.atomic():
        acties = Actie.objects.select_for_update().select_related("doelstelling__traject")
        actie = acties.get(pk=actie_id)
        opdracht = _opdracht(actie)
        fouten = rules.beslissing_fouten(opdracht.status)
        _weiger(fouten, "stap-niet-toegelaten")
        _weiger(rules.weigering_fouten(reden))
        opdracht.status = Opdracht.Status.GEWEIGERD
        opdracht.reden = reden.strip()
        opdracht.beslist_door = door
        opdracht.beslist_op = timezone.now()
        opdracht.save()
        _meld_casemanagers(actie.doelstelling.traject, Melding.Soort.ACTIE_GEWEIGERD, actie)
    logger.info("actie %s geweigerd door gebruiker %s", actie_id, door.pk)
    return opdracht


def wijs_toe(*, door: User, actie_id: int, uitvoerder_id: int | None) -> Opdracht:
    """Give the actie to a colleague of the same organisation."""
    with transaction.atomic():
        actie = Actie.objects.select_for_update().get(pk=actie_id)
        opdracht = _opdracht(actie)
        collega = get_user_model().objects.filter(pk=uitvoerder_id).first()  # type: ignore[misc]  # pk=None matches no row: no colleague
        _weiger(rules.collega_fouten(collega, actie.dienstverlener_id))
        opdracht.uitvoerder = collega
        opdracht.save(update_fields=["uitvoerder"])
    return opdracht


def start_actie(*, door: User, actie_id: int, datum: date | None = None) -> Actie:
    """Start an accepted actie; the first one started in an *aanvaard* trajectory makes it
    *Bezig* on the same day, recorded by `door` (through the trajectory service)."""
    datum = datum or _vandaag()
    with transaction.atomic():
        actie = Actie.objects.select_for_update().get(pk=actie_id)
        opdracht = _opdracht(actie)
        _weiger(rules.uitvoering_fouten(opdracht.status), "stap-niet-toegelaten")
        actie = traject_services.wijzig_actie(
            door=door, actie_id=actie_id, status=Actie.Status.GESTART, datum=datum
        )
        traject = Activeringstraject.objects.get(pk=actie.doelstelling.traject_id)
        if traject_rules.activering_status(traject) == traject_rules.Status.AANVAARD:
            traject_services.activering_stap(
                door=door,
                traject_id=traject.pk,
                stap="starten",
                datum=datum,
                notitie=_("Eerste actie gestart door het netwerk: %(actie)s")
                % {"actie": actie.omschrijving},
            )
    return actie


def rond_actie_af(*, door: User, actie_id: int, datum: date | None = None) -> Actie:
    with transaction.atomic():
        actie = Actie.objects.select_for_update().get(pk=actie_id)
        _weiger(rules.uitvoering_fouten(_opdracht(actie).status), "stap-niet-toegelaten")
        return traject_services.wijzig_actie(
            door=door, actie_id=actie_id, status=Actie.Status.AFGEROND, datum=datum
        )


def registreer_stage(
    *,
    door: User,
    actie_id: int,
    werkplek: str,
    werkgever: str,
    start: date,
    einde: date,
) -> Stage:
    """A dienstverlener werk registers the stage it found under one of its werkacties."""
    if not mag_stage_registreren(door):
        raise Geweigerd([Fout("actie", _("Enkel een dienstverlener werk registreert stages."))])
    with transaction.atomic():
        actie = (
            Actie.objects.select_for_update()
            .select_related("doelstelling__traject")
            .get(pk=actie_id)
        )
        fouten = rules.uitvoering_fouten(_opdracht(actie).status)
        fouten += rules.stage_actie_fouten(actie.doelstelling.soort, actie.status)
        fouten += _verplicht(werkgever, "werkgever")
        _weiger(fouten)
        stage = traject_services.voeg_stage_toe(
            door=door,
            traject_id=actie.doelstelling.traject_id,
            werkplek=werkplek,
            start=start,
            einde=einde,
        )
        StageBegeleiding.objects.create(
            stage=stage,
            actie=actie,
            organisatie_id=actie.dienstverlener_id,
            werkgever=werkgever.strip(),
            door=door,
        )
        _meld_casemanagers(actie.doelstelling.traject, Melding.Soort.STAGE_GEREGISTREERD, actie)
    return stage


def schrijf_stageverslag(
    *,
    door: User,
    stage_id: int,
    datum: date,
    doelen: str,
    aanwezigheid: str,
    competenties: str,
    advies: str,
    aanwezigheid_toelichting: str = "",
    advies_toelichting: str = "",
) -> Stageverslag:
    """The stageverslag of a stage the organisation guides; the casemanagers are notified."""
    if not mag_stage_registreren(door):
        raise Geweigerd(
            [Fout("stage", _("Enkel een dienstverlener werk schrijft stageverslagen."))]
        )
    with transaction.atomic():
        stage = Stage.objects.select_for_update().select_related("traject").get(pk=stage_id)
        begeleiding = StageBegeleiding.objects.filter(stage=stage).first()
        fouten = rules.verslag_fouten(datum, stage.start, _vandaag())
        fouten += _verplicht(doelen, "doelen") + _verplicht(competenties, "competenties")
        if aanwezigheid not in Stageverslag.Aanwezigheid.values:
            fouten.append(Fout("aanwezigheid", _("Kies de aanwezigheid.")))
        if advies not in Stageverslag.Advies.values:
            fouten.append(Fout("advies", _("Kies een advies.")))
        _weiger(fouten)
        verslag = Stageverslag.objects.create(
            stage=stage,
            datum=datum,
            doelen=doelen.strip(),
            aanwezigheid=aanwezigheid,
            aanwezigheid_toelichting=aanwezigheid_toelichting.strip(),
            competenties=competenties.strip(),
            advies=advies,
            advies_toelichting=advies_toelichting.strip(),
            organisatie_id=begeleiding.organisatie_id if begeleiding else door.organisatie_id,
            door=door,
        )
        _meld_casemanagers(
            stage.traject, Melding.Soort.STAGEVERSLAG, begeleiding.actie if begeleiding else None
        )
    return verslag


def registreer_voortgang(
    *, door: User, actie_id: int, datum: date, tekst: str, vertrouwelijk: str = ""
) -> Voortgang:
    """Progress of an accepted actie. A dienstverlener zorg may add a confidential note: it goes
    into the Zorg compartment of the trajectory (read by its casemanager Zorg only)."""
    with transaction.atomic():
        actie = (
            Actie.objects.select_for_update()
            .select_related("doelstelling__traject")
            .get(pk=actie_id)
        )
        fouten = rules.uitvoering_fouten(_opdracht(actie).status) + _verplicht(tekst, "tekst")
        fouten += traject_rules.mijlpaal_datum_fouten("datum", datum, _vandaag())
        if vertrouwelijk.strip() and not mag_vertrouwelijk_noteren(door):
            fouten.append(
                Fout("vertrouwelijk", _("Enkel een dienstverlener zorg noteert vertrouwelijk."))
            )
        _weiger(fouten)
        notitie = None
        if vertrouwelijk.strip():
            notitie = ZorgNotitie.objects.create(
                traject=actie.doelstelling.traject,
                soort=ZorgNotitie.Soort.ANDERE,
                tekst=vertrouwelijk.strip(),
                door=door,
            )
        return Voortgang.objects.create(
            actie=actie,
            datum=datum,
            tekst=tekst.strip(),
            zorgnotitie=notitie,
            organisatie_id=actie.dienstverlener_id,
            door=door,
        )

"""Retention: closed dossiers past the retention period are pseudonymised, once, set-based,
with a dry run and a record of every run."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer, ZorgNotitie
from ladder.models import Ladderplaatsing
from netwerk.models import Opdracht, StageBegeleiding, Stageverslag, Voortgang
from privacy.models import GepseudonimiseerdDossier, RetentieRun
from privacy.retentie import (
    BEHOUDEN_TEKSTVELDEN,
    PSEUDONIMISERING,
    BewaartermijnFout,
    pas_bewaartermijn_toe,
)
from privacy.tasks import bewaartermijn_toepassen
from tests import factories as f
from tests.privacy.builders import tijdstip, volledig_dossier
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

pytestmark = pytest.mark.django_db

# Ten years after the dossiers of 2024 (their last activity: the advice ending 2024-12-20).
VANDAAG = date(2036, 3, 1)
GRENS = date(2026, 3, 1)  # VANDAAG minus 10 years


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(VANDAAG, tick=False):
        yield


def _run(**kwargs) -> RetentieRun:
    return pas_bewaartermijn_toe(jaren=kwargs.pop("jaren", 10), **kwargs)


def test_a_closed_dossier_past_the_period_loses_what_identifies_and_keeps_its_facts():
    dossier = volledig_dossier(insz="85073100161", geboortedatum=date(1985, 7, 31))
    d = dossier.deelnemer
    at_voor = Activeringstraject.objects.values().get(pk=dossier.activering.pk)

    run = _run()

    assert run.aantal == 1
    d.refresh_from_db()
    assert (d.voornaam, d.achternaam, d.insz) == ("", "", None)
    assert d.geboortedatum == date(1985, 7, 1)  # the year stays: the age on 31 December
    assert (d.regio_id, d.provincie_id, d.versie) == ("kempen", "antwerpen", 2)
    at_na = Activeringstraject.objects.values().get(pk=dossier.activering.pk)
    assert at_na["eindadvies_motivering"] == ""
    assert at_na["versie"] == at_voor["versie"] + 1
    for veld in ("geinitieerd_op", "aanvaard_op", "bezig_op", "afgesloten_op", "eindadvies_id"):
        assert at_na[veld] == at_voor[veld], veld
    leeg = [
        (Doelstelling, "omschrijving"),
        (Actie, "omschrijving"),
        (Stage, "werkplek"),
        (ZorgNotitie, "tekst"),
        (AmaSeMoment, "verslag"),
        (AmaSeMoment, "beslissing"),
        (AmaWvgOvereenkomst, "werkpost"),
        (AmaWvgEvaluatie, "verslag"),
        (TrajectEvent, "notitie"),
    ]
    for model, veld in leeg:
        waarden = set(model.objects.values_list(veld, flat=True))
        assert waarden == {""}, (model.__name__, veld)
    # The statistical records themselves stay.
    assert Advies.objects.filter(deelnemer=d).count() == 1
    assert AmaSeTraject.objects.get(pk=dossier.ama_se.pk).eindadvies_id == "GEEN"
    assert ZorgNotitie.objects.count() == 1
    marker = GepseudonimiseerdDossier.objects.get()
    assert (marker.deelnemer_id, marker.op, marker.run) == (d.pk, VANDAAG, run)


def test_every_run_is_recorded_without_personal_data():
    volledig_dossier()
    run = _run()
    run.refresh_from_db()
    assert (run.jaren, run.grensdatum, run.dry_run, run.aantal, run.kanaal) == (
        10,
        GRENS,
        False,
        1,
        "commando",
    )
    assert run.afgerond_op is not None and run.door is None and run.door_naam == ""


@pytest.mark.parametrize(
    "heropen",
    [
        pytest.param(
            lambda d: Activeringstraject.objects.filter(pk=d.activering.pk).update(
                afgesloten_op=None, eindadvies=None
            ),
            id="activeringstraject",
        ),
        pytest.param(
            lambda d: AmaSeTraject.objects.filter(pk=d.ama_se.pk).update(
                afgesloten_op=None, eindadvies=None
            ),
            id="ama-se",
        ),
        pytest.param(
            lambda d: AmaWvgOvereenkomst.objects.filter(pk=d.wvg.pk).update(einde=None),
            id="ama-wvg",
        ),
        pytest.param(
            lambda d: Advies.objects.filter(deelnemer=d.deelnemer).update(tot=None), id="advies"
        ),
        pytest.param(
            lambda d: Ladderplaatsing.objects.filter(deelnemer=d.deelnemer).update(einde=None),
            id="ladder",
        ),
    ],
)
def test_anything_still_open_keeps_the_dossier(heropen):
    dossier = volledig_dossier()
    heropen(dossier)
    assert _run().aantal == 0
    dossier.deelnemer.refresh_from_db()
    assert dossier.deelnemer.achternaam == "Testelinck"
    assert not GepseudonimiseerdDossier.objects.exists()


def _zet_activiteit(dossier, soort: str, op: date) -> None:
    d = dossier.deelnemer
    if soort == "gebeurtenis":
        TrajectEvent.objects.filter(deelnemer=d).update(op=tijdstip(op))
    elif soort == "zorgnotitie":
        ZorgNotitie.objects.filter(traject=dossier.activering).update(aangemaakt_op=tijdstip(op))
    elif soort == "positie":
        Arbeidsmarktpositie.objects.create(deelnemer=d, van=op, positie_id="werk-regulier")
    elif soort == "wvg-evaluatie":
        AmaWvgEvaluatie.objects.filter(overeenkomst=dossier.wvg).update(datum=op)
    elif soort == "ama-se-moment":
        AmaSeMoment.objects.filter(traject=dossier.ama_se).update(datum=op)
    elif soort == "actie":
        Actie.objects.filter(doelstelling__traject=dossier.activering).update(afgerond_op=op)


SOORTEN = ["gebeurtenis", "zorgnotitie", "positie", "wvg-evaluatie", "ama-se-moment", "actie"]


@pytest.mark.parametrize("soort", SOORTEN)
def test_activity_on_the_cut_off_date_keeps_the_dossier(soort):
    dossier = volledig_dossier()
    _zet_activiteit(dossier, soort, GRENS)
    assert _run().aantal == 0


@pytest.mark.parametrize("soort", SOORTEN)
def test_activity_the_day_before_the_cut_off_date_does_not(soort):
    dossier = volledig_dossier()
    _zet_activiteit(dossier, soort, date(2026, 2, 28))
    assert _run().aantal == 1


def test_a_dossier_without_any_dated_record_is_kept():
    f.deelnemer()  # registered, nothing else: its age is unknown
    assert _run().aantal == 0


def test_a_dry_run_changes_nothing_and_says_how_many_would_be_pseudonymised():
    volledig_dossier()
    volledig_dossier()
    volledig_dossier(open_=True)
    voor = list(Deelnemer.objects.values().order_by("pk"))
    uit = StringIO()

    call_command("bewaartermijn", "--jaren", "10", "--dry-run", stdout=uit)

    assert "Proefdraaien: 2 dossier(s) zouden gepseudonimiseerd worden" in uit.getvalue()
    assert "1/03/2026" in uit.getvalue()
    assert list(Deelnemer.objects.values().order_by("pk")) == voor
    assert not GepseudonimiseerdDossier.objects.exists()
    run = RetentieRun.objects.get()
    assert (run.dry_run, run.aantal) == (True, 2)


def test_a_second_run_changes_nothing_and_reports_0():
    volledig_dossier()
    uit = StringIO()
    call_command("bewaartermijn", "--jaren", "10", stdout=uit)
    assert uit.getvalue().startswith("1 dossier(s) gepseudonimiseerd")
    na_eerste = list(Deelnemer.objects.values().order_by("pk"))

    uit = StringIO()
    call_command("bewaartermijn", "--jaren", "10", stdout=uit)

    assert uit.getvalue().startswith("0 dossier(s) gepseudonimiseerd")
    assert list(Deelnemer.objects.values().order_by("pk")) == na_eerste  # versie not bumped
    assert GepseudonimiseerdDossier.objects.count() == 1
    assert list(RetentieRun.objects.order_by("pk").values_list("aantal", flat=True)) == [1, 0]


@pytest.mark.parametrize("jaren", ["0", "-3"])
def test_a_period_under_one_year_is_refused_in_dutch_and_nothing_is_recorded(jaren):
    volledig_dossier()
    with pytest.raises(CommandError, match="Ongeldige bewaartermijn"):
        call_command("bewaartermijn", "--jaren", jaren)
    assert not RetentieRun.objects.exists()
    assert Deelnemer.objects.get().achternaam == "Testelinck"


def test_the_period_defaults_to_the_setting_and_the_user_is_recorded(settings):
    settings.WERKZORG_BEWAARTERMIJN_JAREN = 12  # cut-off 1 March 2024: the dossier is too young
    volledig_dossier()
    beheerder = f.gebruiker("admin", username="dpo")
    call_command("bewaartermijn", "--gebruiker", "dpo", stdout=StringIO())
    run = RetentieRun.objects.get()
    assert (run.jaren, run.grensdatum, run.aantal, run.door, run.door_naam) == (
        12,
        date(2024, 3, 1),
        0,
        beheerder,
        "dpo",
    )


def test_the_log_line_holds_counts_only(caplog):
    dossier = volledig_dossier(insz="85073100161")
    caplog.set_level("INFO")
    _run()
    regels = [r.getMessage() for r in caplog.records if r.name == "privacy.retentie"]
    assert len(regels) == 1 and "aantal=1" in regels[0]
    d = dossier.deelnemer
    assert not any(x in regels[0] for x in ("Hendrika", "Testelinck", "85073100161", d.pk))


def test_it_works_set_based_the_queries_do_not_grow_with_the_number_of_dossiers():
    def queries(aantal: int) -> int:
        for _ in range(aantal):
            volledig_dossier()
        with CaptureQueriesContext(connection) as ctx:
            assert _run().aantal == aantal
        return len(ctx.captured_queries)

    assert queries(2) == queries(7)


def test_the_periodic_task_takes_no_arguments_and_is_scheduled():
    from werkzorg.celery import app

    volledig_dossier()
    schema = [
        s for s in app.conf.beat_schedule.values() if s["task"] == bewaartermijn_toepassen.name
    ]
    assert len(schema) == 1 and not schema[0].get("args") and not schema[0].get("kwargs")
    assert bewaartermijn_toepassen.delay().get() == 1
    assert RetentieRun.objects.get().kanaal == "taak"


def _netwerk_bij(dossier) -> dict[type[models.Model], object]:
    """What the network writes in a dossier: a declined opdracht, a guided stage with its
    verslag and progress of the actie, each with text naming the participant."""
    actie = Actie.objects.get(doelstelling__traject=dossier.activering)
    stage = Stage.objects.get(traject=dossier.activering)
    naam = f"{dossier.deelnemer.voornaam} {dossier.deelnemer.achternaam}"
    Opdracht.objects.update_or_create(
        actie=actie,
        defaults={
            "status": "geweigerd",
            "reden": f"Geen plaats voor {naam}",
            "toegewezen_op": date(2024, 3, 5),
        },
    )
    return {
        Opdracht: Opdracht.objects.get(actie=actie),
        StageBegeleiding: StageBegeleiding.objects.create(
            stage=stage, actie=actie, organisatie=actie.dienstverlener, werkgever=f"Bakkerij {naam}"
        ),
        Stageverslag: Stageverslag.objects.create(
            stage=stage,
            datum=date(2024, 4, 20),
            doelen=f"Doelen van {naam}",
            aanwezigheid="goed",
            aanwezigheid_toelichting=f"Aanwezigheid van {naam}",
            competenties=f"Competenties van {naam}",
            advies="betaald-werk",
            advies_toelichting=f"Advies voor {naam}",
            organisatie=actie.dienstverlener,
        ),
        Voortgang: Voortgang.objects.create(
            actie=actie,
            datum=date(2024, 3, 20),
            tekst=f"Gesprek met {naam}",
            organisatie=actie.dienstverlener,
        ),
    }


def test_the_networks_free_text_in_a_dossier_is_pseudonymised_and_its_codes_stay():
    dossier = volledig_dossier()
    rijen = _netwerk_bij(dossier)
    andere = volledig_dossier(voornaam="Open", open_=True)
    andere_rijen = _netwerk_bij(andere)

    assert _run().aantal == 1

    for model, rij in rijen.items():
        waarden = model.objects.values().get(pk=rij.pk)
        for veld in next(p for p in PSEUDONIMISERING if p.model is model).velden:
            assert waarden[veld] == ""
        assert not any("Testelinck" in str(w) for w in waarden.values())
    verslag = Stageverslag.objects.get(pk=rijen[Stageverslag].pk)
    assert (verslag.aanwezigheid, verslag.advies) == ("goed", "betaald-werk")
    assert Opdracht.objects.get(pk=rijen[Opdracht].pk).status == "geweigerd"
    # an open dossier keeps its text
    assert "Open" in Voortgang.objects.get(pk=andere_rijen[Voortgang].pk).tekst


def test_the_service_refuses_before_writing():
    with pytest.raises(BewaartermijnFout):
        pas_bewaartermijn_toe(jaren=0)
    assert not RetentieRun.objects.exists()


def _dossiermodellen() -> list[type[models.Model]]:
    """Every model of the dossier's apps that reaches a participant through foreign keys,
    except the history's event tables (wiped as a whole by `wis_geschiedenis`)."""
    gevonden: set[type[models.Model]] = {Deelnemer}
    kandidaten = [
        m
        for label in ("deelnemers", "trajectories", "ladder", "netwerk")
        for m in apps.get_app_config(label).get_models()
        if not any(fld.name.startswith("pgh_") for fld in m._meta.concrete_fields)
    ]
    veranderd = True
    while veranderd:
        veranderd = False
        for m in kandidaten:
            if m in gevonden:
                continue
            if any(
                fld.is_relation and fld.many_to_one and fld.related_model in gevonden
                for fld in m._meta.concrete_fields
            ):
                gevonden.add(m)
                veranderd = True
    return sorted(gevonden, key=lambda m: m._meta.label)


def test_every_text_field_of_a_dossier_is_either_pseudonymised_or_declared_kept():
    behandeld = {p.model: set(p.velden) for p in PSEUDONIMISERING}
    ontbreekt = []
    for model in _dossiermodellen():
        for fld in model._meta.concrete_fields:
            if not isinstance(fld, models.CharField | models.TextField):
                continue
            if fld.primary_key or fld.choices or fld.is_relation:
                continue
            if fld.name in behandeld.get(model, set()) | set(BEHOUDEN_TEKSTVELDEN.get(model, ())):
                continue
            ontbreekt.append(f"{model._meta.label}.{fld.name}")
    assert ontbreekt == []
    assert {"voornaam", "achternaam", "insz", "geboortedatum"} <= behandeld[Deelnemer]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the change history is written by PostgreSQL row triggers; SQLite keeps none",
)
def test_the_change_history_of_a_pseudonymised_dossier_is_wiped():
    dossier = volledig_dossier()
    andere = volledig_dossier(open_=True)
    events = Deelnemer.pgh_event_model.objects
    assert events.filter(pgh_obj_id=dossier.deelnemer.pk).exists()
    assert _run().aantal == 1
    assert not events.filter(pgh_obj_id=dossier.deelnemer.pk).exists()
    assert not ZorgNotitie.pgh_event_model.objects.filter(traject_id=dossier.activering.pk).exists()
    assert events.filter(pgh_obj_id=andere.deelnemer.pk).exists()  # others keep theirs


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the change history is written by PostgreSQL row triggers; SQLite keeps none",
)
def test_the_networks_history_of_a_pseudonymised_dossier_is_wiped():
    dossier = volledig_dossier()
    rijen = _netwerk_bij(dossier)
    andere = volledig_dossier(voornaam="Open", open_=True)
    andere_rijen = _netwerk_bij(andere)
    for model, rij in rijen.items():
        assert model.pgh_event_model.objects.filter(pgh_obj_id=rij.pk).exists()

    assert _run().aantal == 1

    for model, rij in rijen.items():
        assert not model.pgh_event_model.objects.filter(pgh_obj_id=rij.pk).exists()
    for model, rij in andere_rijen.items():
        assert model.pgh_event_model.objects.filter(pgh_obj_id=rij.pk).exists()

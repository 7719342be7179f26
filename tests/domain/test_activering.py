"""Activeringstraject: milestones, derived status, steps, extension, eindadvies, versie."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from organisaties.models import Lidmaatschap
from tests import factories as f
from tests.domain.asserts import geweigerd, laatste_event
from trajectories import rules, services
from trajectories.models import Activeringstraject, TrajectEvent

pytestmark = pytest.mark.django_db


def stap(t: Activeringstraject, door, naam: str, **kw) -> Activeringstraject:
    return services.activering_stap(door=door, traject_id=t.pk, stap=naam, **kw)


# --- a new referral --------------------------------------------------------------------------


def test_it_registers_a_referral_as_geinitieerd_with_an_event(door):
    d = f.deelnemer()
    werk = f.organisatie("gtb")
    t = services.nieuw_activeringstraject(
        door=door,
        deelnemer_id=d.pk,
        regio_id=f.REGIO,
        geinitieerd_op=date(2025, 6, 1),
        casemanager_werk_org_id=werk.pk,
        notitie="toegeleid door VDAB",
    )
    assert t.id.startswith("ATW")
    assert rules.activering_status(t) == rules.Status.GEINITIEERD
    e = laatste_event(t.id)
    assert (e.door, e.actie, e.van_status, e.naar_status) == (door, "nieuw", "", "geinitieerd")
    assert e.deelnemer_id == d.pk and e.notitie == "toegeleid door VDAB"


def test_it_refuses_a_referral_dated_in_the_future(door):
    d = f.deelnemer()
    with geweigerd(d, bericht="ligt in de toekomst"):
        services.nieuw_activeringstraject(
            door=door, deelnemer_id=d.pk, regio_id=f.REGIO, geinitieerd_op=date(2025, 6, 16)
        )


def _doorverwijzen(door, d, op):
    return services.nieuw_activeringstraject(
        door=door, deelnemer_id=d.pk, regio_id=f.REGIO, geinitieerd_op=op
    )


def test_it_refuses_a_second_trajectory_while_one_is_running(door):
    lopend = f.traject_bezig()
    with geweigerd(lopend.deelnemer, bericht="De deelnemer heeft al een lopend activeringstraject"):
        _doorverwijzen(door, lopend.deelnemer, date(2025, 6, 1))


@pytest.mark.parametrize(
    "vorig",
    [
        lambda: f.traject_afgesloten(date(2025, 3, 1)),
        lambda: f.traject_stopgezet(date(2025, 3, 1)),
        lambda: f.traject_ingetrokken(date(2024, 1, 20)),
    ],
    ids=["afgesloten", "stopgezet", "ingetrokken"],
)
def test_a_new_trajectory_may_start_once_the_previous_one_ended(door, vorig):
    t = vorig()
    einde = rules.activering_einde(t)
    nieuw = _doorverwijzen(door, t.deelnemer, einde)  # the same day is fine
    assert nieuw.deelnemer_id == t.deelnemer_id


def test_it_refuses_a_referral_dated_while_an_ended_trajectory_still_ran(door):
    t = f.traject_afgesloten(date(2025, 3, 1))
    with geweigerd(t.deelnemer, bericht="lopend activeringstraject"):
        _doorverwijzen(door, t.deelnemer, date(2025, 2, 1))


def test_it_refuses_a_casemanager_zorg_outside_the_regions_samenwerkingsverband(door):
    d = f.deelnemer()
    zorg = f.organisatie("caw")
    f.lidmaatschap(zorg, "samenwerkingsverband-zorg", regio_id=f.ANDERE_REGIO)
    with geweigerd(d, bericht="geen lid van het samenwerkingsverband Zorg van de regio"):
        services.nieuw_activeringstraject(
            door=door,
            deelnemer_id=d.pk,
            regio_id=f.REGIO,
            geinitieerd_op=date(2025, 6, 1),
            casemanager_zorg_org_id=zorg.pk,
        )


def test_it_accepts_a_casemanager_zorg_of_the_regions_samenwerkingsverband(door):
    zorg = f.organisatie("caw")
    f.lidmaatschap(zorg, "samenwerkingsverband-zorg", regio_id=f.REGIO)
    t = services.nieuw_activeringstraject(
        door=door,
        deelnemer_id=f.deelnemer().pk,
        regio_id=f.REGIO,
        geinitieerd_op=date(2025, 6, 1),
        casemanager_zorg_org_id=zorg.pk,
    )
    assert t.casemanager_zorg_org_id == zorg.pk


def test_it_refuses_a_casemanager_werk_that_is_not_a_gtb(door):
    d = f.deelnemer()
    caw = f.organisatie("caw")
    with geweigerd(d, bericht="De casemanager Werk komt van een GTB"):
        services.nieuw_activeringstraject(
            door=door,
            deelnemer_id=d.pk,
            regio_id=f.REGIO,
            geinitieerd_op=date(2025, 6, 1),
            casemanager_werk_org_id=caw.pk,
        )


# --- milestone order and the derived status --------------------------------------------------


def test_it_derives_the_status_from_the_last_milestone_on_the_date():
    t = Activeringstraject(
        geinitieerd_op=date(2024, 1, 10),
        aanvaard_op=date(2024, 2, 1),
        bezig_op=date(2024, 3, 1),
        afgesloten_op=date(2025, 3, 1),
        verlengd_tot=None,
        stopgezet_op=None,
        ingetrokken_op=None,
    )
    assert rules.activering_status(t, date(2024, 1, 9)) is None
    assert rules.activering_status(t, date(2024, 1, 10)) == rules.Status.GEINITIEERD
    assert rules.activering_status(t, date(2024, 2, 1)) == rules.Status.AANVAARD
    assert rules.activering_status(t, date(2025, 2, 28)) == rules.Status.BEZIG
    assert rules.activering_status(t, date(2025, 3, 1)) == rules.Status.AFGESLOTEN
    assert rules.activering_status(t) == rules.Status.AFGESLOTEN


def test_it_accepts_the_first_interview_and_records_the_event(door):
    t = f.traject_geinitieerd(date(2025, 5, 1))
    t = stap(t, door, "aanvaarden", datum=date(2025, 5, 20), versie=1, notitie="gesprek")
    t.refresh_from_db()
    assert t.aanvaard_op == date(2025, 5, 20) and t.versie == 2
    e = laatste_event(t.pk)
    assert (e.door, e.actie, e.van_status, e.naar_status, e.notitie) == (
        door,
        "aanvaarden",
        "geinitieerd",
        "aanvaard",
        "gesprek",
    )


def test_the_step_date_defaults_to_today(door, vandaag):
    t = stap(f.traject_geinitieerd(date(2025, 5, 1)), door, "aanvaarden")
    assert t.aanvaard_op == vandaag


def test_it_refuses_an_interview_dated_before_the_referral(door):
    t = f.traject_geinitieerd(date(2025, 5, 1))
    with geweigerd(t, bericht="Aanvaard op ligt vóór geïnitieerd op."):
        stap(t, door, "aanvaarden", datum=date(2025, 4, 30))


def test_it_refuses_a_milestone_dated_in_the_future(door):
    t = f.traject_geinitieerd(date(2025, 5, 1))
    with geweigerd(t, bericht="ligt in de toekomst"):
        stap(t, door, "aanvaarden", datum=date(2025, 6, 16))


def test_it_refuses_starting_the_plan_before_the_first_interview(door):
    t = f.traject_geinitieerd()
    with geweigerd(t, code="stap-niet-toegelaten", bericht="niet toegelaten voor een traject"):
        stap(t, door, "starten", datum=date(2025, 1, 1))


def test_it_accepts_starting_the_plan_after_the_first_interview(door):
    t = stap(f.traject_aanvaard(), door, "starten", datum=date(2024, 3, 5))
    e = laatste_event(t.pk)
    assert (e.van_status, e.naar_status, e.door) == ("aanvaard", "bezig", door)


def test_it_refuses_bezig_dated_before_aanvaard(door):
    t = f.traject_aanvaard(aanvaard_op=date(2024, 2, 1))
    with geweigerd(t, bericht="Bezig op ligt vóór aanvaard op."):
        stap(t, door, "starten", datum=date(2024, 1, 31))


def test_it_refuses_an_unknown_step(door):
    t = f.traject_geinitieerd()
    with geweigerd(t, code="stap-niet-toegelaten", bericht="Onbekende stap"):
        stap(t, door, "heropenen")


def test_it_withdraws_a_trajectory_before_the_first_interview(door):
    t = stap(f.traject_geinitieerd(), door, "intrekken", datum=date(2024, 2, 1))
    assert rules.activering_status(t) == rules.Status.INGETROKKEN
    e = laatste_event(t.pk)
    assert (e.van_status, e.naar_status) == ("geinitieerd", "ingetrokken")


def test_it_refuses_withdrawing_after_the_first_interview(door):
    t = f.traject_aanvaard()
    with geweigerd(t, code="stap-niet-toegelaten", bericht="Intrekken"):
        stap(t, door, "intrekken", datum=date(2024, 3, 1))


# --- afgesloten or stopgezet, never both -------------------------------------------------------


def test_it_stops_a_running_trajectory_with_a_reason(door):
    t = stap(f.traject_bezig(), door, "stopzetten", datum=date(2024, 9, 1), stopreden_id="detentie")
    assert rules.activering_status(t) == rules.Status.VERVROEGD_STOPGEZET
    e = laatste_event(t.pk)
    assert (e.door, e.van_status, e.naar_status) == (door, "bezig", "vervroegd-stopgezet")


def test_it_refuses_stopping_without_a_reason(door):
    t = f.traject_bezig()
    with geweigerd(t, bericht="Een stopreden is verplicht bij een vervroegde stopzetting."):
        stap(t, door, "stopzetten", datum=date(2024, 9, 1))


def test_it_refuses_stopping_a_closed_trajectory(door):
    t = f.traject_afgesloten()
    with geweigerd(t, code="stap-niet-toegelaten", bericht="Vervroegd stopzetten"):
        stap(t, door, "stopzetten", datum=date(2025, 4, 1), stopreden_id="andere")


def test_it_refuses_closing_a_stopped_trajectory(door):
    t = f.traject_stopgezet()
    f.stage(t)
    with geweigerd(t, code="stap-niet-toegelaten", bericht="Afsluiten met eindadvies"):
        stap(t, door, "afsluiten", datum=date(2025, 1, 1), eindadvies_id="REC")


def test_the_rules_refuse_both_afgesloten_and_stopgezet():
    t = Activeringstraject(
        geinitieerd_op=date(2024, 1, 1),
        aanvaard_op=date(2024, 1, 2),
        bezig_op=date(2024, 1, 3),
        afgesloten_op=date(2024, 5, 1),
        eindadvies_id="REC",
        stopgezet_op=date(2024, 5, 1),
        stopreden_id="andere",
    )
    berichten = [x.bericht for x in rules.activering_fouten(t, eindadviezen={"REC"})]
    assert "Een traject is afgesloten óf vervroegd stopgezet, niet beide." in berichten


# --- closing with an eindadvies ---------------------------------------------------------------


def test_it_closes_a_trajectory_with_an_eindadvies_of_the_activering_set(door):
    t = f.traject_bezig()
    f.stage(t)
    t = stap(
        t, door, "afsluiten", datum=date(2025, 2, 1), eindadvies_id="AMA_SE", motivering="klaar"
    )
    t.refresh_from_db()
    assert (t.afgesloten_op, t.eindadvies_id, t.eindadvies_motivering) == (
        date(2025, 2, 1),
        "AMA_SE",
        "klaar",
    )
    e = laatste_event(t.pk)
    assert (e.door, e.actie, e.van_status, e.naar_status) == (
        door,
        "afsluiten",
        "bezig",
        "afgesloten",
    )


def test_it_refuses_closing_without_eindadvies(door):
    t = f.traject_bezig()
    f.stage(t)
    with geweigerd(t, bericht="Een eindadvies is verplicht bij het afsluiten."):
        stap(t, door, "afsluiten", datum=date(2025, 2, 1))


def test_it_refuses_an_eindadvies_outside_the_activering_set(door):
    t = f.traject_bezig()
    f.stage(t)
    with geweigerd(t, bericht="Eindadvies AB is niet toegelaten voor een activeringstraject."):
        stap(t, door, "afsluiten", datum=date(2025, 2, 1), eindadvies_id="AB")


def test_it_refuses_closing_before_the_plan_started(door):
    t = f.traject_aanvaard()
    with geweigerd(t, code="stap-niet-toegelaten"):
        stap(t, door, "afsluiten", datum=date(2025, 2, 1), eindadvies_id="REC")


# --- one extension of at most 6 months --------------------------------------------------------

# bezig_op 1/03/2024: the 18 months end on 1/09/2025, the extension on 1/03/2026 at the latest.


@pytest.mark.parametrize(
    "verlengd_tot",
    [date(2025, 9, 1), date(2026, 3, 2), date(2025, 6, 1)],
    ids=["exactly-18-months", "24-months-plus-a-day", "before-the-18-months"],
)
def test_it_refuses_an_extension_outside_the_window(door, verlengd_tot):
    t = f.traject_bezig(date(2024, 3, 1))
    with geweigerd(t, bericht="De verlenging moet na 1/09/2025 (18 maanden)"):
        stap(t, door, "verlengen", verlengd_tot=verlengd_tot)


@pytest.mark.parametrize(
    "verlengd_tot", [date(2026, 3, 1), date(2025, 9, 2)], ids=["24-months", "18-months-plus-a-day"]
)
def test_it_accepts_an_extension_within_the_window(door, verlengd_tot):
    t = stap(f.traject_bezig(date(2024, 3, 1)), door, "verlengen", verlengd_tot=verlengd_tot)
    t.refresh_from_db()
    assert t.verlengd_tot == verlengd_tot
    e = laatste_event(t.pk)
    assert (e.door, e.actie, e.van_status, e.naar_status) == (door, "verlengen", "bezig", "bezig")


def test_it_refuses_a_second_extension(door):
    t = f.traject_bezig(date(2024, 3, 1), verlengd_tot=date(2025, 12, 1))
    with geweigerd(t, bericht="er is maar één verlenging mogelijk"):
        stap(t, door, "verlengen", verlengd_tot=date(2026, 1, 1))


def test_it_refuses_an_extension_without_its_date(door):
    t = f.traject_bezig(date(2024, 3, 1))
    with geweigerd(t, bericht="Geef de datum tot wanneer het traject verlengd wordt."):
        stap(t, door, "verlengen")


# --- the 18-month limit is a warning, not an error ----------------------------------------------


def test_a_trajectory_past_its_18_months_is_overdue_but_valid(vandaag):
    t = f.traject_bezig(date(2023, 10, 1))  # ends 1/04/2025, today is 15/06/2025
    assert rules.activering_is_overdue(t, vandaag)
    assert rules.activering_fouten(t) == []
    assert not rules.activering_is_overdue(t, date(2025, 4, 1))


def test_an_overdue_trajectory_can_still_be_closed(door):
    t = f.traject_bezig(date(2023, 10, 1))
    f.stage(t, start=date(2024, 1, 1), einde=date(2024, 3, 1))
    t = stap(t, door, "afsluiten", datum=date(2025, 6, 1), eindadvies_id="WELZIJN")
    assert rules.activering_status(t) == rules.Status.AFGESLOTEN


def test_an_extended_trajectory_is_overdue_only_after_its_extension(vandaag):
    t = f.traject_bezig(date(2023, 10, 1), verlengd_tot=date(2025, 7, 1))
    assert not rules.activering_is_overdue(t, vandaag)
    assert rules.activering_is_overdue(t, date(2025, 7, 2))


# --- the buttons: steps the rules allow now ------------------------------------------------------


def namen(stappen: list[rules.Stap]) -> list[str]:
    return [s.naam for s in stappen]


def test_it_offers_interview_or_withdrawal_to_a_new_referral(vandaag):
    t = f.traject_geinitieerd()
    assert namen(services.toegelaten_activering_stappen(t, op=vandaag)) == [
        "aanvaarden",
        "intrekken",
    ]


def test_it_offers_closing_only_once_the_plan_has_a_stage(vandaag):
    t = f.traject_bezig()
    assert namen(services.toegelaten_activering_stappen(t, op=vandaag)) == [
        "verlengen",
        "stopzetten",
    ]
    f.stage(t)
    assert namen(services.toegelaten_activering_stappen(t, op=vandaag)) == [
        "verlengen",
        "afsluiten",
        "stopzetten",
    ]


def test_it_offers_no_second_extension_and_nothing_after_closing(vandaag):
    verlengd = f.traject_bezig(date(2024, 3, 1), verlengd_tot=date(2025, 12, 1))
    assert "verlengen" not in namen(services.toegelaten_activering_stappen(verlengd, op=vandaag))
    assert services.toegelaten_activering_stappen(f.traject_afgesloten(), op=vandaag) == []
    assert services.toegelaten_activering_stappen(f.traject_ingetrokken(), op=vandaag) == []


def test_it_offers_the_steps_of_the_status_on_the_date(vandaag):
    t = f.traject_aanvaard(aanvaard_op=date(2024, 2, 1))
    assert namen(services.toegelaten_activering_stappen(t, op=date(2024, 1, 20))) == []
    assert namen(services.toegelaten_activering_stappen(t, op=vandaag)) == [
        "starten",
        "stopzetten",
    ]


# --- optimistic versie: two sessions ------------------------------------------------------------


def test_a_second_session_with_a_stale_versie_is_refused_and_changes_nothing(door):
    t = f.traject_geinitieerd(date(2025, 5, 1))
    collega = f.gebruiker(wachtwoord=None)
    sessie_a = Activeringstraject.objects.get(pk=t.pk)
    sessie_b = Activeringstraject.objects.get(pk=t.pk)
    stap(sessie_a, door, "aanvaarden", datum=date(2025, 5, 10), versie=sessie_a.versie)
    with geweigerd(t, code="versie-verouderd", bericht="Iemand anders heeft dit dossier"):
        stap(sessie_b, collega, "intrekken", datum=date(2025, 5, 11), versie=sessie_b.versie)
    t.refresh_from_db()
    assert (t.aanvaard_op, t.ingetrokken_op, t.versie) == (date(2025, 5, 10), None, 2)
    assert TrajectEvent.objects.filter(traject_id=t.pk, door=collega).count() == 0


def test_a_session_with_the_current_versie_is_accepted(door):
    t = f.traject_bezig(versie=7)
    t = stap(t, door, "stopzetten", datum=date(2024, 5, 1), stopreden_id="andere", versie=7)
    assert t.versie == 8


# --- side effects after commit ------------------------------------------------------------------


def test_it_logs_the_step_after_commit_without_personal_data(
    door, caplog, django_capture_on_commit_callbacks
):
    t = f.traject_geinitieerd(date(2025, 5, 1), deelnemer=f.deelnemer(voornaam="Zoë"))
    with caplog.at_level(logging.INFO, logger="trajectories.services"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            stap(t, door, "aanvaarden", datum=date(2025, 5, 2))
        assert caplog.records == []  # nothing before the commit
        for callback in callbacks:
            callback()
    assert len(caplog.records) == 1
    tekst = caplog.records[0].getMessage()
    assert t.pk in tekst and "geinitieerd -> aanvaard" in tekst
    assert "Zoë" not in tekst and t.deelnemer.achternaam not in tekst


def test_memberships_are_not_touched_by_steps(door):
    # A guard for the factories: the step services never write organisation data.
    t = f.traject_geinitieerd(date(2025, 5, 1))
    voor = Lidmaatschap.objects.count()
    stap(t, door, "aanvaarden", datum=date(2025, 5, 2))
    assert Lidmaatschap.objects.count() == voor

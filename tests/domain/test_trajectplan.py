"""The trajectplan: doelstellingen, acties of the region's network, werkervaringsstages."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories as f
from tests.domain.asserts import geweigerd, laatste_event
from trajectories import services
from trajectories.models import Actie, Doelstelling, Stage

pytestmark = pytest.mark.django_db


def doelstelling(t, soort: str = "werk") -> Doelstelling:
    return Doelstelling.objects.create(traject=t, soort=soort, omschrijving="Werkritme opbouwen")


# --- doelstellingen -----------------------------------------------------------------------------


def test_it_adds_a_goal_to_the_plan_of_an_accepted_trajectory(door):
    t = f.traject_aanvaard()
    d = services.voeg_doelstelling_toe(
        door=door, traject_id=t.pk, soort="zorg", omschrijving=" Schulden regelen "
    )
    assert (d.traject_id, d.soort, d.omschrijving) == (t.pk, "zorg", "Schulden regelen")
    e = laatste_event(t.pk)
    assert (e.door, e.actie, e.notitie) == (
        door,
        "doelstelling-toegevoegd",
        "zorg: Schulden regelen",
    )


def test_it_refuses_a_goal_before_the_first_interview(door):
    t = f.traject_geinitieerd()
    with geweigerd(t, code="stap-niet-toegelaten", bericht="aanvaard of bezig"):
        services.voeg_doelstelling_toe(door=door, traject_id=t.pk, soort="werk", omschrijving="x")


def test_it_refuses_a_goal_on_a_closed_trajectory(door):
    t = f.traject_afgesloten()
    with geweigerd(t, code="stap-niet-toegelaten", bericht="(status: Afgesloten)"):
        services.voeg_doelstelling_toe(door=door, traject_id=t.pk, soort="werk", omschrijving="x")


def test_it_refuses_a_goal_that_is_neither_werk_nor_zorg(door):
    t = f.traject_bezig()
    with geweigerd(t, bericht="van soort werk of zorg"):
        services.voeg_doelstelling_toe(
            door=door, traject_id=t.pk, soort="vrije-tijd", omschrijving="x"
        )


# --- acties: a dienstverlener of the region's network -------------------------------------------


def test_it_gives_an_action_to_a_partner_of_the_regions_network(door):
    t = f.traject_bezig()
    d = doelstelling(t)
    partner = f.netwerkpartner(f.NETWERK, van=date(2024, 1, 1))
    a = services.voeg_actie_toe(
        door=door,
        doelstelling_id=d.pk,
        dienstverlener_id=partner.pk,
        omschrijving="Arbeidszorg",
        gepland_op=date(2025, 7, 1),
    )
    assert (a.dienstverlener_id, a.status, a.gepland_op) == (
        partner.pk,
        "gepland",
        date(2025, 7, 1),
    )
    e = laatste_event(t.pk)
    assert (e.door, e.actie, e.notitie) == (door, "actie-toegevoegd", "Arbeidszorg")


def test_it_refuses_an_action_by_a_dienstverlener_outside_the_regions_network(door):
    t = f.traject_bezig()
    d = doelstelling(t)
    buitenstaander = f.netwerkpartner(f.ANDERE_NETWERK)
    with geweigerd(t, d, bericht="geen partner van het netwerk van dienstverleners"):
        services.voeg_actie_toe(
            door=door, doelstelling_id=d.pk, dienstverlener_id=buitenstaander.pk, omschrijving="x"
        )


def test_it_refuses_an_action_planned_after_the_partnership_ended(door):
    t = f.traject_bezig()
    d = doelstelling(t)
    ex_partner = f.netwerkpartner(f.NETWERK, van=date(2020, 1, 1), tot=date(2025, 6, 30))
    with geweigerd(t, d, bericht="is op 1/07/2025 geen partner"):
        services.voeg_actie_toe(
            door=door,
            doelstelling_id=d.pk,
            dienstverlener_id=ex_partner.pk,
            omschrijving="x",
            gepland_op=date(2025, 7, 1),
        )


def test_the_partnership_is_checked_today_when_no_date_is_planned(door):
    t = f.traject_bezig()
    d = doelstelling(t)
    partner = f.netwerkpartner(f.NETWERK, van=date(2020, 1, 1), tot=date(2025, 6, 15))
    a = services.voeg_actie_toe(
        door=door, doelstelling_id=d.pk, dienstverlener_id=partner.pk, omschrijving="x"
    )
    assert a.gepland_op is None


def actie(t) -> Actie:
    return Actie.objects.create(
        doelstelling=doelstelling(t),
        dienstverlener=f.netwerkpartner(),
        omschrijving="Sollicitatietraining",
    )


def test_an_action_goes_gepland_gestart_afgerond_with_its_dates(door):
    t = f.traject_bezig()
    a = actie(t)
    a = services.wijzig_actie(door=door, actie_id=a.pk, status="gestart", datum=date(2025, 5, 1))
    assert (a.status, a.gestart_op) == ("gestart", date(2025, 5, 1))
    a = services.wijzig_actie(door=door, actie_id=a.pk, status="afgerond", datum=date(2025, 6, 1))
    a.refresh_from_db()
    assert (a.status, a.gestart_op, a.afgerond_op) == (
        "afgerond",
        date(2025, 5, 1),
        date(2025, 6, 1),
    )
    e = laatste_event(t.pk)
    assert (e.door, e.actie) == (door, "actie-afgerond")


def test_it_refuses_skipping_the_start_of_an_action(door):
    t = f.traject_bezig()
    a = actie(t)
    with geweigerd(t, a, code="stap-niet-toegelaten", bericht="kan niet naar status afgerond"):
        services.wijzig_actie(door=door, actie_id=a.pk, status="afgerond")


def test_it_refuses_finishing_an_action_before_it_started(door):
    t = f.traject_bezig()
    a = actie(t)
    services.wijzig_actie(door=door, actie_id=a.pk, status="gestart", datum=date(2025, 5, 1))
    a.refresh_from_db()
    with geweigerd(t, a, bericht="Afgerond op ligt vóór gestart op."):
        services.wijzig_actie(door=door, actie_id=a.pk, status="afgerond", datum=date(2025, 4, 1))


# --- werkervaringsstages of at most 6 months ----------------------------------------------------


def test_it_accepts_a_stage_of_exactly_6_months(door):
    t = f.traject_bezig()
    s = services.voeg_stage_toe(
        door=door,
        traject_id=t.pk,
        werkplek="Kringwinkel Geel",
        start=date(2024, 8, 31),
        einde=date(2025, 2, 28),  # 6 months, clamped to the end of February
    )
    assert (s.traject_id, s.werkplek) == (t.pk, "Kringwinkel Geel")
    e = laatste_event(t.pk)
    assert (e.door, e.actie) == (door, "stage-toegevoegd")


def test_it_refuses_a_stage_longer_than_6_months(door):
    t = f.traject_bezig()
    with geweigerd(t, bericht="Een werkervaringsstage duurt ten hoogste 6 maanden."):
        services.voeg_stage_toe(
            door=door,
            traject_id=t.pk,
            werkplek="Kringwinkel",
            start=date(2024, 8, 31),
            einde=date(2025, 3, 1),
        )


def test_it_refuses_a_stage_ending_before_it_starts(door):
    t = f.traject_bezig()
    with geweigerd(t, bericht="Het einde van de stage ligt vóór de start."):
        services.voeg_stage_toe(
            door=door,
            traject_id=t.pk,
            werkplek="Kringwinkel",
            start=date(2024, 8, 31),
            einde=date(2024, 8, 30),
        )


# --- closing needs a stage ------------------------------------------------------------------------


def test_it_refuses_closing_without_a_stage_in_the_plan(door):
    t = f.traject_bezig()
    doelstelling(t)
    with geweigerd(t, bericht="Het trajectplan bevat nog geen werkervaringsstage"):
        services.activering_stap(
            door=door,
            traject_id=t.pk,
            stap="afsluiten",
            datum=date(2025, 2, 1),
            eindadvies_id="REC",
        )


def test_removing_the_only_stage_blocks_closing_again(door):
    t = f.traject_bezig()
    s = f.stage(t)
    services.verwijder_planitem(door=door, soort="stage", item_id=s.pk)
    assert not Stage.objects.filter(pk=s.pk).exists()
    e = laatste_event(t.pk)
    assert (e.door, e.actie, e.notitie) == (door, "stage-verwijderd", "Kringwinkel")
    with geweigerd(t, bericht="nog geen werkervaringsstage"):
        services.activering_stap(
            door=door,
            traject_id=t.pk,
            stap="afsluiten",
            datum=date(2025, 2, 1),
            eindadvies_id="REC",
        )


def test_it_removes_a_goal_with_its_actions(door):
    t = f.traject_bezig()
    a = actie(t)
    services.verwijder_planitem(door=door, soort="doelstelling", item_id=a.doelstelling_id)
    assert not Actie.objects.filter(pk=a.pk).exists()


def test_it_refuses_removing_a_stage_of_a_closed_trajectory(door):
    t = f.traject_afgesloten()
    s = f.stage(t)
    with geweigerd(t, s, code="stap-niet-toegelaten"):
        services.verwijder_planitem(door=door, soort="stage", item_id=s.pk)

"""AMA SE trajecten (matching, moments, closing) and AMA WVG overeenkomsten."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories as f
from tests.domain.asserts import geweigerd, laatste_event
from trajectories import rules, services
from trajectories.models import AmaSeMoment, AmaSeTraject, AmaWvgOvereenkomst

pytestmark = pytest.mark.django_db


# --- AMA SE: matching -----------------------------------------------------------------------------


def test_it_matches_a_deelnemer_with_a_recognised_begeleider(door):
    d = f.deelnemer()
    begeleider = f.begeleider_ama_se(van=date(2023, 1, 1))
    t = services.nieuw_ama_se_traject(
        door=door, deelnemer_id=d.pk, begeleider_id=begeleider.pk, gematcht_op=date(2025, 6, 1)
    )
    assert t.id.startswith("SEW")
    assert rules.ama_se_status(t) == rules.Status.BEZIG
    e = laatste_event(t.pk)
    assert (e.soort, e.door, e.actie, e.van_status, e.naar_status) == (
        "ama-se",
        door,
        "matching",
        "",
        "bezig",
    )


def test_it_refuses_a_begeleider_whose_recognition_ended_before_the_match(door):
    d = f.deelnemer()
    begeleider = f.begeleider_ama_se(van=date(2020, 1, 1), tot=date(2025, 5, 31))
    with geweigerd(d, begeleider, bericht="is op 1/06/2025 niet erkend begeleider AMA SE"):
        services.nieuw_ama_se_traject(
            door=door, deelnemer_id=d.pk, begeleider_id=begeleider.pk, gematcht_op=date(2025, 6, 1)
        )


def test_it_refuses_a_begeleider_recognised_only_for_ama_wvg(door):
    d = f.deelnemer()
    wvg = f.begeleider_ama_wvg()
    with geweigerd(d, bericht="niet erkend begeleider AMA SE"):
        services.nieuw_ama_se_traject(
            door=door, deelnemer_id=d.pk, begeleider_id=wvg.pk, gematcht_op=date(2025, 6, 1)
        )


# --- AMA SE: closing and stopping -----------------------------------------------------------------


def test_it_closes_an_ama_se_traject_with_an_eindadvies_of_the_ama_se_set(door):
    t = f.ama_se_bezig()
    t = services.ama_se_stap(
        door=door, traject_id=t.pk, stap="afsluiten", datum=date(2025, 3, 1), eindadvies_id="AB"
    )
    t.refresh_from_db()
    assert (t.afgesloten_op, t.eindadvies_id, t.versie) == (date(2025, 3, 1), "AB", 2)
    e = laatste_event(t.pk)
    assert (e.door, e.van_status, e.naar_status) == (door, "bezig", "afgesloten")


def test_it_refuses_an_eindadvies_outside_the_ama_se_set(door):
    t = f.ama_se_bezig()
    with geweigerd(t, bericht="Eindadvies AMA_SE is niet toegelaten voor een AMA SE-traject."):
        services.ama_se_stap(
            door=door,
            traject_id=t.pk,
            stap="afsluiten",
            datum=date(2025, 3, 1),
            eindadvies_id="AMA_SE",
        )


def test_it_refuses_closing_an_ama_se_traject_without_eindadvies(door):
    t = f.ama_se_bezig()
    with geweigerd(t, bericht="Een eindadvies is verplicht bij het afsluiten."):
        services.ama_se_stap(door=door, traject_id=t.pk, stap="afsluiten", datum=date(2025, 3, 1))


def test_it_stops_an_ama_se_traject_and_then_refuses_closing_it(door):
    t = f.ama_se_bezig()
    t = services.ama_se_stap(
        door=door,
        traject_id=t.pk,
        stap="stopzetten",
        datum=date(2025, 3, 1),
        stopreden_id="langdurige-ziekte",
    )
    e = laatste_event(t.pk)
    assert (e.van_status, e.naar_status) == ("bezig", "vervroegd-stopgezet")
    with geweigerd(t, code="stap-niet-toegelaten", bericht="Afsluiten met eindadvies"):
        services.ama_se_stap(
            door=door,
            traject_id=t.pk,
            stap="afsluiten",
            datum=date(2025, 4, 1),
            eindadvies_id="REC",
        )


def test_it_refuses_a_stale_versie_on_an_ama_se_traject(door):
    t = f.ama_se_bezig()
    sessie = AmaSeTraject.objects.get(pk=t.pk)
    services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="opvolging", datum=date(2024, 2, 20)
    )  # a moment does not change the versie
    services.ama_se_stap(
        door=door,
        traject_id=t.pk,
        stap="stopzetten",
        datum=date(2025, 3, 1),
        stopreden_id="andere",
        versie=sessie.versie,
    )
    with geweigerd(t, code="versie-verouderd"):
        services.ama_se_stap(
            door=door,
            traject_id=t.pk,
            stap="afsluiten",
            datum=date(2025, 3, 1),
            eindadvies_id="REC",
            versie=sessie.versie,
        )


# --- AMA SE: follow-up and decision moments -------------------------------------------------------


def test_it_records_a_follow_up_moment(door):
    t = f.ama_se_bezig(date(2025, 1, 10))
    m = services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="opvolging", datum=date(2025, 2, 5), verslag="ok"
    )
    assert (m.soort, m.datum, m.door) == ("opvolging", date(2025, 2, 5), door)
    e = laatste_event(t.pk)
    assert (e.door, e.actie) == (door, "opvolging")


def test_it_refuses_a_moment_before_the_match(door):
    t = f.ama_se_bezig(date(2025, 1, 10))
    with geweigerd(t, bericht="Het moment ligt vóór de matching."):
        services.registreer_ama_se_moment(
            door=door, traject_id=t.pk, soort="opvolging", datum=date(2025, 1, 9)
        )


def test_it_refuses_a_moment_after_the_traject_ended(door):
    t = f.ama_se_afgesloten(date(2025, 1, 15))
    with geweigerd(t, bericht="Het traject liep af op 15/01/2025"):
        services.registreer_ama_se_moment(
            door=door, traject_id=t.pk, soort="opvolging", datum=date(2025, 2, 1)
        )


def test_it_refuses_a_decision_moment_without_its_decision(door):
    t = f.ama_se_bezig(date(2024, 6, 1))
    with geweigerd(t, bericht="Dit veld is verplicht."):
        services.registreer_ama_se_moment(
            door=door, traject_id=t.pk, soort="beslissing", datum=date(2025, 6, 1)
        )
    m = services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="beslissing", datum=date(2025, 6, 1), beslissing="verder"
    )
    assert m.beslissing == "verder"
    assert AmaSeMoment.objects.filter(traject=t).count() == 1


def test_the_first_follow_up_is_due_a_month_after_the_match_then_every_3_months():
    match = date(2025, 1, 31)
    assert rules.ama_se_volgende_opvolging(match, []) == date(2025, 2, 28)
    assert rules.ama_se_volgende_opvolging(match, [date(2025, 2, 20)]) == date(2025, 5, 20)
    assert rules.ama_se_volgende_beslissing(match, []) == date(2026, 1, 31)


# --- AMA WVG: new agreement -----------------------------------------------------------------------


def nieuwe_wvg(door, d, begeleider, start, werkpost: str = "Bibliotheek") -> AmaWvgOvereenkomst:
    return services.nieuwe_wvg_overeenkomst(
        door=door, deelnemer_id=d.pk, begeleider_id=begeleider.pk, werkpost=werkpost, start=start
    )


def test_it_starts_an_agreement_with_a_recognised_begeleider(door):
    d = f.deelnemer()
    o = nieuwe_wvg(door, d, f.begeleider_ama_wvg(van=date(2024, 1, 1)), date(2025, 3, 1))
    assert o.id.startswith("WVGW") and o.einde is None
    e = laatste_event(o.pk)
    assert (e.soort, e.door, e.van_status, e.naar_status) == ("ama-wvg", door, "", "lopend")


def test_it_refuses_a_begeleider_not_recognised_on_the_start_date(door):
    d = f.deelnemer()
    begeleider = f.begeleider_ama_wvg(van=date(2025, 4, 1))
    with geweigerd(d, bericht="is op 1/03/2025 niet erkend begeleider AMA WVG"):
        nieuwe_wvg(door, d, begeleider, date(2025, 3, 1))


def test_it_refuses_an_onderwijsinstelling_after_its_recognition_ended_in_2023(door):
    d = f.deelnemer()
    school = f.begeleider_ama_wvg(
        "onderwijsinstelling", van=date(2019, 1, 1), tot=date(2023, 12, 31)
    )
    with geweigerd(d, bericht="niet erkend begeleider AMA WVG"):
        nieuwe_wvg(door, d, school, date(2024, 2, 1))
    assert nieuwe_wvg(door, d, school, date(2023, 6, 1)).begeleider_id == school.pk


# --- AMA WVG: one begeleider at a time since 2024-01-01 -------------------------------------------


def test_it_refuses_a_second_begeleider_with_an_overlapping_agreement_since_2024(door):
    d = f.deelnemer()
    eerste = f.wvg_lopend(date(2023, 5, 1), deelnemer=d)
    tweede = f.begeleider_ama_wvg()
    with geweigerd(d, eerste, bericht="sinds 1/01/2024 begeleidt één erkende begeleider"):
        nieuwe_wvg(door, d, tweede, date(2024, 2, 1))


def test_it_accepts_a_second_werkpost_with_the_same_begeleider(door):
    d = f.deelnemer()
    eerste = f.wvg_lopend(date(2023, 5, 1), deelnemer=d)
    o = nieuwe_wvg(door, d, eerste.begeleider, date(2024, 2, 1), werkpost="Stadspark")
    assert o.begeleider_id == eerste.begeleider_id


def test_it_accepts_two_begeleiders_at_once_before_2024(door):
    d = f.deelnemer()
    f.wvg_lopend(date(2022, 5, 1), einde=date(2024, 6, 30), deelnemer=d)
    o = nieuwe_wvg(door, d, f.begeleider_ama_wvg(), date(2023, 6, 1))
    assert o.start == date(2023, 6, 1)


def test_it_accepts_another_begeleider_after_the_first_agreement_ended(door):
    d = f.deelnemer()
    f.wvg_beeindigd(start=date(2023, 5, 1), einde=date(2024, 12, 31), deelnemer=d)
    o = nieuwe_wvg(door, d, f.begeleider_ama_wvg(), date(2025, 1, 1))
    assert o.deelnemer_id == d.pk


# --- AMA WVG: end and yearly evaluation -------------------------------------------------------------


def test_it_ends_a_running_agreement(door):
    o = f.wvg_lopend(date(2024, 3, 1))
    o = services.beeindig_wvg_overeenkomst(
        door=door, overeenkomst_id=o.pk, einde=date(2025, 5, 31), versie=1
    )
    o.refresh_from_db()
    assert (o.einde, o.versie) == (date(2025, 5, 31), 2)
    e = laatste_event(o.pk)
    assert (e.door, e.actie, e.van_status, e.naar_status) == (
        door,
        "beeindigen",
        "lopend",
        "beeindigd",
    )


def test_it_refuses_ending_an_agreement_before_its_start(door):
    o = f.wvg_lopend(date(2024, 3, 1))
    with geweigerd(o, bericht="Het einde van de overeenkomst ligt vóór de start."):
        services.beeindig_wvg_overeenkomst(door=door, overeenkomst_id=o.pk, einde=date(2024, 2, 1))


def test_it_refuses_ending_an_agreement_twice(door):
    o = f.wvg_beeindigd(einde=date(2024, 12, 31))
    with geweigerd(o, code="stap-niet-toegelaten", bericht="al beëindigd op 31/12/2024"):
        services.beeindig_wvg_overeenkomst(door=door, overeenkomst_id=o.pk, einde=date(2025, 1, 31))


def test_it_refuses_ending_with_a_stale_versie(door):
    o = f.wvg_lopend(date(2024, 3, 1), versie=3)
    with geweigerd(o, code="versie-verouderd"):
        services.beeindig_wvg_overeenkomst(
            door=door, overeenkomst_id=o.pk, einde=date(2025, 1, 31), versie=2
        )


def test_it_records_the_yearly_evaluation(door):
    o = f.wvg_lopend(date(2024, 3, 1))
    ev = services.registreer_wvg_evaluatie(
        door=door, overeenkomst_id=o.pk, datum=date(2025, 3, 1), verslag="goed"
    )
    assert (ev.datum, ev.verderzetten, ev.door) == (date(2025, 3, 1), True, door)
    o.refresh_from_db()
    assert o.einde is None
    assert laatste_event(o.pk).actie == "evaluatie"


def test_an_evaluation_that_stops_the_agreement_ends_it_that_day(door):
    o = f.wvg_lopend(date(2024, 3, 1))
    services.registreer_wvg_evaluatie(
        door=door,
        overeenkomst_id=o.pk,
        datum=date(2025, 3, 1),
        verslag="De werkpost past niet meer.",
        verderzetten=False,
    )
    o.refresh_from_db()
    assert o.einde == date(2025, 3, 1)
    e = laatste_event(o.pk)
    assert (e.actie, e.van_status, e.naar_status) == ("beeindigen", "lopend", "beeindigd")


def test_it_refuses_an_evaluation_without_a_verslag(door):
    o = f.wvg_lopend(date(2024, 3, 1))
    with geweigerd(o, bericht="Het verslag van de evaluatie is verplicht"):
        services.registreer_wvg_evaluatie(
            door=door, overeenkomst_id=o.pk, datum=date(2025, 3, 1), verslag="  "
        )


def test_it_refuses_an_evaluation_outside_the_agreement(door):
    o = f.wvg_beeindigd(start=date(2024, 3, 1), einde=date(2024, 12, 31))
    with geweigerd(o, bericht="De overeenkomst eindigde op 31/12/2024"):
        services.registreer_wvg_evaluatie(door=door, overeenkomst_id=o.pk, datum=date(2025, 3, 1))
    with geweigerd(o, bericht="De evaluatie ligt vóór de start"):
        services.registreer_wvg_evaluatie(door=door, overeenkomst_id=o.pk, datum=date(2024, 2, 1))

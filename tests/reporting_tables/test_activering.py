from datetime import date

import pytest

from reporting.tables import (
    activering_geinitieerd_op_jaareinde,
    activering_kenmerken,
    activering_status_per_regio,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

P = date(2025, 3, 31)
NUL = {"aanvaard": 0, "bezig": 0, "vervroegd_stopgezet": 0, "afgesloten": 0}


def _kempen(peildatum: date = P) -> dict:
    rij = activering_status_per_regio(2024, peildatum)["kempen"]
    return {k: rij[k] for k in NUL}


def test_a_trajectory_belongs_to_the_year_in_which_it_was_accepted():
    f.activeringstraject(aanvaard_op=date(2023, 12, 31))
    f.activeringstraject(aanvaard_op=date(2025, 1, 1))
    f.activeringstraject(geinitieerd_op=date(2023, 12, 1), aanvaard_op=date(2024, 1, 1))
    f.activeringstraject(aanvaard_op=date(2024, 12, 31))
    assert _kempen() == {**NUL, "aanvaard": 2}


@pytest.mark.parametrize(
    ("mijlpalen", "status"),
    [
        ({"bezig_op": date(2025, 3, 31)}, "bezig"),
        ({"bezig_op": date(2025, 4, 1)}, "aanvaard"),
        ({"stopgezet_op": date(2025, 3, 31)}, "vervroegd_stopgezet"),
        ({"bezig_op": date(2024, 5, 1), "stopgezet_op": date(2025, 4, 1)}, "bezig"),
        ({"bezig_op": date(2024, 5, 1), "afgesloten_op": date(2025, 3, 31)}, "afgesloten"),
        ({"bezig_op": date(2024, 5, 1), "afgesloten_op": date(2025, 4, 1)}, "bezig"),
    ],
)
def test_the_status_is_the_last_milestone_on_or_before_the_peildatum(mijlpalen, status):
    f.activeringstraject(aanvaard_op=date(2024, 3, 1), **mijlpalen)
    assert _kempen() == {**NUL, status: 1}


def test_the_peildatum_is_a_parameter():
    f.activeringstraject(aanvaard_op=date(2024, 3, 1), bezig_op=date(2025, 3, 31))
    assert _kempen(date(2025, 3, 30)) == {**NUL, "aanvaard": 1}


def test_trajectories_count_in_their_own_region_not_the_residence_region():
    d = f.deelnemer(provincie="oost-vlaanderen", regio="regio-gent")
    f.activeringstraject(d, regio="kempen", aanvaard_op=date(2024, 3, 1))
    tabel = activering_status_per_regio(2024, P)
    assert tabel["kempen"]["aanvaard"] == 1
    assert tabel["regio-gent"]["aanvaard"] == 0


def test_the_objectief_share_and_the_total_are_computed_from_the_sums():
    f.objectief("kempen", 2024, 80)
    f.objectief("regio-gent", 2024, 3)
    f.objectief("kempen", 2023, 1)
    for _ in range(109):
        f.activeringstraject(aanvaard_op=date(2024, 3, 1), bezig_op=date(2024, 4, 1))
    f.activeringstraject(regio="regio-gent", aanvaard_op=date(2024, 3, 1))
    tabel = activering_status_per_regio(2024, P)
    assert tabel["kempen"]["definitief_toegeleid"] == 109
    assert tabel["kempen"]["objectief"] == 80
    assert tabel["kempen"]["pct_objectief"] == 136.3  # 136.25 rounded half up
    assert tabel["regio-gent"]["pct_objectief"] == 33.3
    assert tabel["totaal"] == {
        "aanvaard": 1,
        "bezig": 109,
        "vervroegd_stopgezet": 0,
        "afgesloten": 0,
        "definitief_toegeleid": 110,
        "pct_objectief": 132.5,
        "objectief": 83,
    }


def test_a_region_without_objectief_has_an_empty_share():
    f.activeringstraject(aanvaard_op=date(2024, 3, 1))
    rij = activering_status_per_regio(2024, P)["kempen"]
    assert rij["objectief"] == 0
    assert rij["pct_objectief"] is None


def test_geinitieerd_at_year_end_counts_any_year_of_referral_still_waiting_on_31_december():
    f.activeringstraject(geinitieerd_op=date(2024, 12, 31))  # counts
    f.activeringstraject(geinitieerd_op=date(2021, 3, 1))  # never accepted: counts
    f.activeringstraject(geinitieerd_op=date(2024, 6, 1), aanvaard_op=date(2025, 4, 2))  # counts
    f.activeringstraject(geinitieerd_op=date(2025, 1, 1))
    f.activeringstraject(geinitieerd_op=date(2024, 12, 31), aanvaard_op=date(2024, 12, 31))
    f.activeringstraject(geinitieerd_op=date(2024, 6, 1), ingetrokken_op=date(2024, 12, 31))
    f.activeringstraject(geinitieerd_op=date(2024, 6, 1), ingetrokken_op=date(2025, 1, 1))  # counts
    assert activering_geinitieerd_op_jaareinde(2024, P) == 4


def test_kenmerken_are_shares_of_trajectories_not_of_persons():
    arm = f.deelnemer(armoede=True)
    f.activeringstraject(arm, aanvaard_op=date(2024, 2, 1))
    f.activeringstraject(arm, aanvaard_op=date(2024, 9, 1))
    f.activeringstraject(aanvaard_op=date(2024, 2, 1))
    f.activeringstraject(f.deelnemer(armoede=True), aanvaard_op=date(2023, 2, 1))
    assert activering_kenmerken(2024, P)["armoede"] == {"pct": 66.7}


@pytest.mark.parametrize(
    ("aanvaard_op", "werkzoekend_sinds", "langdurig"),
    [
        (date(2024, 6, 15), date(2022, 6, 15), False),  # exactly 24 months: not more
        (date(2024, 6, 15), date(2022, 6, 14), True),
        (date(2024, 2, 29), date(2022, 2, 28), False),  # 29 Feb - 24 months clamps to 28 Feb
        (date(2024, 2, 29), date(2022, 2, 27), True),
    ],
)
def test_werkzoekend_more_than_two_years_is_measured_from_the_trajectory_acceptance(
    aanvaard_op, werkzoekend_sinds, langdurig
):
    f.activeringstraject(f.deelnemer(werkzoekend_sinds=werkzoekend_sinds), aanvaard_op=aanvaard_op)
    pct = activering_kenmerken(2024, P)["langer_dan_2_jaar_werkzoekend"]["pct"]
    assert pct == (100.0 if langdurig else 0.0)


def test_kenmerken_of_a_year_without_trajectories_are_empty():
    assert activering_kenmerken(2024, P)["armoede"] == {"pct": None}

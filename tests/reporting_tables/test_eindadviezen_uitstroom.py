from datetime import date

import pytest

from reporting.tables import (
    activering_eindadviezen,
    activering_uitstroom,
    ama_se_eindadviezen,
    ama_se_uitstroom,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

P = date(2025, 3, 31)
BEZIG = date(2022, 1, 1)


def _afgesloten(op: date, eindadvies: str = "REC", d=None):
    return f.activeringstraject(
        d, aanvaard_op=BEZIG, bezig_op=BEZIG, afgesloten_op=op, eindadvies_id=eindadvies
    )


def test_the_eindadvies_population_is_the_toeleidingsperiode_up_to_31_december():
    _afgesloten(date(2023, 6, 30))
    _afgesloten(date(2023, 7, 1), "WELZIJN")
    _afgesloten(date(2024, 12, 31))
    _afgesloten(date(2025, 1, 1))
    f.activeringstraject(aanvaard_op=BEZIG, bezig_op=BEZIG, stopgezet_op=date(2024, 5, 1))
    tabel = activering_eindadviezen(2024, P)
    assert tabel["REC"] == {"aantal": 1, "pct": 50.0}
    assert tabel["WELZIJN"] == {"aantal": 1, "pct": 50.0}
    assert tabel["IMW"] == {"aantal": 0, "pct": 0.0}
    assert tabel["totaal"] == {"aantal": 2, "pct": 100.0}
    assert "AB" not in tabel  # not an eindadvies of an activeringstraject


def test_eindadviezen_without_closed_trajectories_have_empty_shares():
    tabel = activering_eindadviezen(2024, P)
    assert tabel["totaal"] == {"aantal": 0, "pct": None}
    assert tabel["REC"] == {"aantal": 0, "pct": None}


def test_uitstroom_on_closing_counts_positions_other_than_werkzoekend_and_onbekend():
    op = date(2024, 5, 10)
    for positie in (
        "werkzoekend",
        "werk-regulier",
        "werk-sociale-economie",
        "niet-werkzoekend-andere",
    ):
        d = f.deelnemer()
        f.positie(d, positie, date(2024, 1, 1), op)  # a period ending that day still counts
        _afgesloten(op, d=d)
    gat = f.deelnemer()  # a one-day gap on the closing day: onbekend
    f.positie(gat, "werk-regulier", date(2024, 1, 1), date(2024, 5, 9))
    f.positie(gat, "werk-regulier", date(2024, 5, 11))
    _afgesloten(op, d=gat)
    tabel = activering_uitstroom(2024, P)
    assert tabel["afgesloten"] == 5
    assert tabel["uit_werkloosheid_0m"] == {"aantal": 3, "pct": 60.0}
    assert tabel["naar_werk_0m"] == {"aantal": 2, "pct": 40.0}


def test_six_months_count_only_closings_whose_six_months_have_passed_on_the_peildatum():
    for op in (date(2024, 9, 30), date(2024, 10, 1)):  # +6 months = P / P + 1 day
        d = f.deelnemer()
        f.positie(d, "werk-regulier", date(2024, 1, 1))
        _afgesloten(op, d=d)
    tabel = activering_uitstroom(2024, P)
    assert tabel["afgesloten"] == 2
    assert tabel["afgesloten_min_6m"] == 1
    assert tabel["naar_werk_6m"] == {"aantal": 1, "pct": 100.0}


def test_six_months_after_31_august_is_the_last_day_of_february():
    d = f.deelnemer()
    f.positie(d, "werkzoekend", date(2024, 1, 1), date(2025, 2, 28))
    f.positie(d, "werk-regulier", date(2025, 3, 1))
    _afgesloten(date(2024, 8, 31), d=d)
    anders = f.deelnemer()
    f.positie(anders, "werk-regulier", date(2024, 1, 1), date(2025, 2, 28))
    f.positie(anders, "werkzoekend", date(2025, 3, 1))
    _afgesloten(date(2024, 8, 31), d=anders)
    tabel = activering_uitstroom(2024, date(2025, 2, 28))
    assert tabel["afgesloten_min_6m"] == 2
    assert tabel["naar_werk_6m"] == {"aantal": 1, "pct": 50.0}


def test_six_month_shares_without_closings_old_enough_are_empty():
    _afgesloten(date(2024, 12, 1))
    tabel = activering_uitstroom(2024, P)
    assert tabel["afgesloten_min_6m"] == 0
    assert tabel["uit_werkloosheid_6m"] == {"aantal": 0, "pct": None}


def _se(op: date, d=None, eindadvies: str = "REC", begeleider=None):
    begeleider = begeleider or f.organisatie("maatwerkbedrijf")
    return f.ama_se(
        d,
        begeleider=begeleider,
        gematcht_op=date(2022, 1, 1),
        afgesloten_op=op,
        eindadvies_id=eindadvies,
    )


def test_the_ama_se_measurement_starts_on_1_may_2023_and_excludes_stopped_trajectories():
    _se(date(2023, 4, 30))
    _se(date(2023, 5, 1), eindadvies="AB")
    _se(date(2024, 12, 31), eindadvies="AB")
    _se(date(2025, 1, 1))
    f.ama_se(
        begeleider=f.organisatie("maatwerkbedrijf"),
        gematcht_op=date(2023, 1, 1),
        stopgezet_op=date(2024, 1, 1),
    )
    tabel = ama_se_eindadviezen(2024, P)
    assert tabel["AB"] == {"aantal": 2, "pct": 100.0}
    assert tabel["REC"] == {"aantal": 0, "pct": 0.0}
    assert "AMA_SE" not in tabel  # not an eindadvies of an AMA SE trajectory
    assert ama_se_uitstroom(2024, P)["afgesloten"] == 2


def test_ama_se_twelve_months_after_29_february_is_28_february():
    d = f.deelnemer()
    f.positie(d, "werk-sociale-economie", date(2025, 2, 28))
    _se(date(2024, 2, 29), d=d)
    later = f.deelnemer()
    f.positie(later, "werk-sociale-economie", date(2024, 1, 1))
    _se(date(2024, 3, 1), d=later)  # + 12 months = 1 March 2025, after the peildatum
    tabel = ama_se_uitstroom(2024, date(2025, 2, 28))
    assert tabel["afgesloten_min_12m"] == 1
    assert tabel["naar_werk_se_12m"] == {"aantal": 1, "pct": 100.0}
    assert tabel["naar_werk_12m"] == {"aantal": 1, "pct": 100.0}
    assert tabel["uit_werkloosheid_12m"] == {"aantal": 1, "pct": 100.0}
    assert tabel["afgesloten_min_6m"] == 2


def test_ama_se_uitstroom_keeps_social_economy_work_apart():
    for positie in ("werk-regulier", "werk-sociale-economie", "werkzoekend", None):
        d = f.deelnemer()
        if positie:
            f.positie(d, positie, date(2024, 1, 1))
        _se(date(2024, 6, 1), d=d)
    tabel = ama_se_uitstroom(2024, P)
    assert tabel["naar_werk_0m"] == {"aantal": 2, "pct": 50.0}
    assert tabel["naar_werk_se_0m"] == {"aantal": 1, "pct": 25.0}
    assert tabel["uit_werkloosheid_0m"] == {"aantal": 2, "pct": 50.0}
    assert list(tabel) == [
        "afgesloten",
        "uit_werkloosheid_0m",
        "naar_werk_0m",
        "naar_werk_se_0m",
        "afgesloten_min_6m",
        "uit_werkloosheid_6m",
        "naar_werk_6m",
        "naar_werk_se_6m",
        "afgesloten_min_12m",
        "uit_werkloosheid_12m",
        "naar_werk_12m",
        "naar_werk_se_12m",
    ]

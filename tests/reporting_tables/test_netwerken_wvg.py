from datetime import date

import pytest

from reporting.tables import (
    ama_wvg_per_organisatietype,
    ama_wvg_per_provincie,
    ama_wvg_totalen,
    netwerk_samenstelling,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

P = date(2025, 3, 31)


def test_a_network_membership_counts_when_active_on_31_december():
    for van, tot in [
        (date(2020, 1, 1), date(2024, 12, 30)),
        (date(2020, 1, 1), date(2024, 12, 31)),  # counts
        (date(2024, 12, 31), None),  # counts
        (date(2025, 1, 1), None),
    ]:
        f.lidmaatschap(f.organisatie("caw"), van=van, tot=tot)
    tabel = netwerk_samenstelling(2024, P)
    assert tabel["caw"]["antwerpen"] == 2
    assert tabel["totaal"]["totaal"] == 2


def test_an_organisation_counts_under_each_type_it_is_counted_as():
    org = f.organisatie("ocmw")
    f.lidmaatschap(org, als_type_id="caw")
    f.lidmaatschap(org, als_type_id="cgg")
    tabel = netwerk_samenstelling(2024, P)
    assert tabel["caw"]["antwerpen"] == 1
    assert tabel["cgg"]["antwerpen"] == 1
    assert tabel["ocmw"]["antwerpen"] == 0
    assert tabel["totaal"]["antwerpen"] == 2


def test_an_organisation_in_two_networks_counts_in_both_and_twice_in_the_row_total():
    org = f.organisatie("vaph")
    f.lidmaatschap(org, netwerk_id="antwerpen")
    f.lidmaatschap(org, netwerk_id="limburg")
    assert netwerk_samenstelling(2024, P)["vaph"] == {
        "antwerpen": 1,
        "limburg": 1,
        "oost-vlaanderen": 0,
        "vlaams-brabant": 0,
        "west-vlaanderen-noord": 0,
        "zuid-west-vlaanderen": 0,
        "totaal": 2,
    }


def test_overlapping_rows_of_one_organisation_count_once_and_other_roles_never():
    org = f.organisatie("gob")
    f.lidmaatschap(org, van=date(2019, 1, 1))
    f.lidmaatschap(org, van=date(2023, 1, 1))
    f.lidmaatschap(org, rol="netwerkcoordinator")
    f.lidmaatschap(f.organisatie("caw"), rol="samenwerkingsverband-zorg", regio_id="kempen")
    tabel = netwerk_samenstelling(2024, P)
    assert tabel["gob"]["antwerpen"] == 1
    assert tabel["totaal"]["totaal"] == 1


def test_wvg_agreements_count_from_2018_while_running_after_31_december():
    b = f.organisatie("vaph")
    for start, einde in [
        (date(2017, 12, 31), None),
        (date(2018, 1, 1), None),  # counts
        (date(2019, 1, 1), date(2024, 12, 31)),
        (date(2019, 1, 1), date(2025, 1, 1)),  # counts
        (date(2024, 12, 31), None),  # counts
        (date(2025, 1, 1), None),
    ]:
        f.wvg(begeleider=b, start=start, einde=einde)
    assert ama_wvg_totalen(2024, P) == {"overeenkomsten": 3, "deelnemers": 3, "begeleiders": 1}


def test_wvg_totals_count_distinct_participants_and_begeleiders_over_all_agreements():
    antwerpen = f.organisatie("vaph", provincie="antwerpen")
    brussel = f.organisatie("ocmw", provincie="brussel")
    d = f.deelnemer()
    f.wvg(d, begeleider=antwerpen, start=date(2019, 1, 1))
    f.wvg(d, begeleider=antwerpen, start=date(2020, 1, 1))  # a second werkpost
    f.wvg(d, begeleider=brussel, start=date(2021, 1, 1))
    f.wvg(begeleider=brussel, start=date(2021, 1, 1))
    tabel = ama_wvg_per_provincie(2024, P)
    assert tabel["antwerpen"] == {"begeleiders": 1, "overeenkomsten": 2, "deelnemers": 1}
    assert tabel["brussel"] == {"begeleiders": 1, "overeenkomsten": 2, "deelnemers": 2}
    assert tabel["limburg"] == {"begeleiders": 0, "overeenkomsten": 0, "deelnemers": 0}
    assert tabel["totaal"] == {"begeleiders": 2, "overeenkomsten": 4, "deelnemers": 2}
    per_type = ama_wvg_per_organisatietype(2024, P)
    assert per_type["vaph"] == {"begeleiders": 1, "overeenkomsten": 2, "deelnemers": 1}
    assert per_type["ocmw"] == {"begeleiders": 1, "overeenkomsten": 2, "deelnemers": 2}
    assert per_type["totaal"] == tabel["totaal"]


def test_wvg_counts_the_begeleiders_own_type_not_a_membership_type():
    b = f.organisatie("beschut-wonen")
    f.lidmaatschap(b, als_type_id="cgg")
    f.wvg(begeleider=b, start=date(2022, 1, 1))
    per_type = ama_wvg_per_organisatietype(2024, P)
    assert per_type["beschut-wonen"]["overeenkomsten"] == 1
    assert per_type["cgg"]["overeenkomsten"] == 0

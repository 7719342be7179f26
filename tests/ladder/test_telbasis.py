"""Each werkvorm counts by its own telbasis_code, exactly at the date boundaries."""

from datetime import date

import pytest

from ladder.report import ladder_stand_provincie, ladder_stand_wvl

Y = 2019


def cel(jaar: int, row: str, col: str = "west-vlaanderen") -> int:
    return ladder_stand_wvl(jaar)[row][col]


@pytest.mark.django_db
def test_stand_31_12_counts_placements_active_on_31_december(deelnemer, plaats):
    # rsz-54plus: stand on 31 December
    plaats(deelnemer(), "rsz-54plus", date(2015, 3, 1), date(Y, 12, 31))  # ends that day
    plaats(deelnemer(), "rsz-54plus", date(Y, 12, 31))  # starts that day
    plaats(deelnemer(), "rsz-54plus", date(2016, 1, 1), date(Y, 12, 30))  # a day short
    plaats(deelnemer(), "rsz-54plus", date(Y, 2, 1), date(Y, 6, 30))  # mid-year
    plaats(deelnemer(), "rsz-54plus", date(Y + 1, 1, 1))  # next year
    assert cel(Y, "rsz-54plus") == 2


@pytest.mark.django_db
def test_actief_in_jaar_counts_one_day_of_the_year(deelnemer, plaats):
    # vop: active during the year
    plaats(deelnemer(), "vop", date(2017, 1, 1), date(Y, 1, 1))  # one day in Y
    plaats(deelnemer(), "vop", date(Y, 12, 31))  # the last day
    plaats(deelnemer(), "vop", date(2017, 1, 1))  # runs through
    plaats(deelnemer(), "vop", date(2017, 1, 1), date(Y - 1, 12, 31))  # ended the day before
    plaats(deelnemer(), "vop", date(Y + 1, 1, 1))  # starts after
    assert cel(Y, "vop") == 3


@pytest.mark.django_db
def test_gestart_in_jaar_ignores_a_start_in_december_of_the_year_before(deelnemer, plaats):
    # bvs: started in the year
    plaats(deelnemer(), "bvs", date(Y - 1, 12, 20), date(Y, 1, 10))  # running in Y
    plaats(deelnemer(), "bvs", date(Y, 1, 1), date(Y, 1, 20))
    plaats(deelnemer(), "bvs", date(Y, 12, 31))
    plaats(deelnemer(), "bvs", date(Y + 1, 1, 1))
    assert cel(Y, "bvs") == 2


@pytest.mark.django_db
def test_telling_1_februari_counts_who_is_there_on_1_february(deelnemer, plaats):
    # brugprojecten: census on 1 February
    plaats(deelnemer(), "brugprojecten", date(Y - 1, 9, 1), date(Y, 1, 31))  # left the day before
    plaats(deelnemer(), "brugprojecten", date(Y, 2, 2), date(Y, 6, 30))  # came the day after
    plaats(deelnemer(), "brugprojecten", date(Y - 1, 9, 1), date(Y, 2, 1))  # left that day
    plaats(deelnemer(), "brugprojecten", date(Y, 2, 1), date(Y, 6, 30))  # came that day
    assert cel(Y, "brugprojecten") == 2


@pytest.mark.django_db
def test_jaargemiddelde_counts_person_days_not_placement_days(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "sine", date(2018, 1, 1))  # the whole year
    plaats(d, "sine", date(Y, 3, 1), date(Y, 10, 31))  # overlapping second placement
    assert cel(Y, "sine") == 1


@pytest.mark.django_db
def test_jaargemiddelde_rounds_the_daily_mean_half_up(deelnemer, plaats):
    # 2020 has 366 days: 183 person-days is a mean of exactly 0.5
    plaats(deelnemer(), "sine", date(2020, 1, 1), date(2020, 7, 1))  # 183 days
    assert cel(2020, "sine") == 1
    plaats(deelnemer(), "sine", date(2021, 1, 1), date(2021, 7, 1))  # 182 of 365 days
    assert cel(2021, "sine") == 0


@pytest.mark.django_db
def test_jaargemiddelde_clips_placements_to_the_year(deelnemer, plaats):
    # two persons, each present half of 2019 inside the year: together one on average
    plaats(deelnemer(), "sine", date(2010, 1, 1), date(Y, 7, 2))  # 183 days in Y
    plaats(deelnemer(), "sine", date(Y, 7, 3), date(2025, 1, 1))  # 182 days in Y
    assert cel(Y, "sine") == 1


@pytest.mark.django_db
def test_a_person_counts_once_per_werkvorm_and_in_each_werkvorm(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "vop", date(Y, 1, 1), date(Y, 3, 31))
    plaats(d, "vop", date(Y, 6, 1))  # the same person again: once
    plaats(d, "rsz-54plus", date(Y, 1, 1))  # also in another werkvorm: counted there too
    tabel = ladder_stand_wvl(Y)
    assert tabel["vop"]["west-vlaanderen"] == 1
    assert tabel["rsz-54plus"]["west-vlaanderen"] == 1
    assert tabel["vlaams-doelgroepenbeleid"]["west-vlaanderen"] == 2


@pytest.mark.django_db
def test_sine_counts_at_forty_percent_in_trede_5_rounded_once(deelnemer, plaats):
    for _ in range(4):
        plaats(deelnemer(), "sine", date(2018, 1, 1))
    plaats(deelnemer(), "vop", date(Y, 5, 1))
    tabel = ladder_stand_wvl(Y)
    assert tabel["sine"]["west-vlaanderen"] == 4
    assert tabel["individuele-inschakeling"]["west-vlaanderen"] == 5  # SINE in full
    assert tabel["trede5"]["west-vlaanderen"] == 3  # 1 + 0.4 × 4 = 2.6
    assert tabel["totaal-kansengroepen"]["west-vlaanderen"] == 3


@pytest.mark.django_db
def test_the_province_cell_is_rounded_once_not_summed_from_regions(deelnemer, plaats):
    for regio in ("brugge", "oostende", "westhoek"):
        plaats(deelnemer(), "sine", date(2018, 1, 1), regio_wvl=regio)
    tabel = ladder_stand_wvl(Y)
    assert [tabel["trede5"][r] for r in ("brugge", "oostende", "westhoek")] == [0, 0, 0]
    assert tabel["trede5"]["west-vlaanderen"] == 1  # 0.4 × 3 = 1.2


@pytest.mark.django_db
def test_an_empty_region_is_niet_toe_te_wijzen(deelnemer, plaats):
    plaats(deelnemer(), "ama", date(Y, 3, 1), regio_wvl=None)
    tabel = ladder_stand_wvl(Y)
    assert tabel["ama"]["niet-toe-te-wijzen"] == 1
    assert tabel["trede3"]["niet-toe-te-wijzen"] == 1


@pytest.mark.django_db
def test_werkvormen_without_a_row_are_kept_but_not_counted(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "t6-loontrekkende-zonder-ondersteuning", date(Y, 1, 1))
    plaats(d, "t4-twe-vdab", date(Y, 1, 1))
    tabel = ladder_stand_wvl(Y)
    assert "t6-loontrekkende-zonder-ondersteuning" not in tabel
    assert tabel["totaal-kansengroepen"]["west-vlaanderen"] == 0


@pytest.mark.django_db
def test_rows_follow_the_years_of_their_werkvormen():
    # BW/SW became collectief maatwerk on 1 January 2019
    assert "mwb-bw" in ladder_stand_provincie(2018)
    assert "mwb-bw" not in ladder_stand_provincie(2019)
    assert "cmw-mwb" in ladder_stand_provincie(2019)
    assert "cmw-mwb-mwa" in ladder_stand_wvl(2019)


@pytest.mark.django_db
def test_the_flemish_region_leaves_brussels_out(deelnemer, plaats):
    plaats(deelnemer(), "vop", date(Y, 1, 1), regio_wvl=None, provincie="antwerpen")
    plaats(deelnemer(), "vop", date(Y, 1, 1), regio_wvl=None, provincie="brussel")
    tabel = ladder_stand_provincie(Y)
    assert tabel["vop"]["antwerpen"] == 1
    assert tabel["vop"]["brussel"] == 1
    assert tabel["vop"]["vlaams-gewest"] == 1


@pytest.mark.django_db
def test_the_report_takes_a_fixed_number_of_queries(
    deelnemer, plaats, django_assert_max_num_queries
):
    from ladder.report import ladder_rapport

    for w in ("vop", "sine", "bvs", "ama", "rsz-54plus"):
        plaats(deelnemer(), w, date(Y, 2, 1))
    with django_assert_max_num_queries(30):
        ladder_rapport(Y)

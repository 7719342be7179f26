"""Flows of year Y: transitions between consecutive placements, instroom and uitstroom."""

from datetime import date

import pytest

from ladder.report import ladder_stromen

Y = 2019


@pytest.mark.django_db
def test_it_counts_up_down_and_sideways_moves_in_the_matrix(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "os", date(Y - 1, 11, 1), date(Y, 2, 28))  # trede 4
    plaats(d, "rsz-jongeren", date(Y, 3, 1), date(Y, 6, 30))  # 4 -> 5: opstroom
    plaats(d, "ama", date(Y, 7, 1), date(Y, 8, 31))  # 5 -> 3: neerwaarts
    plaats(d, "arbeidszorg-buiten-ama", date(Y, 9, 1))  # 3 -> 3: zijstroom
    s = ladder_stromen(Y)
    assert (s["opstroom"], s["neerwaartse_stroom"], s["zijstroom"]) == (1, 1, 1)
    assert s["matrix"]["4"]["5"] == 1
    assert s["matrix"]["5"]["3"] == 1
    assert s["matrix"]["3"]["3"] == 1
    assert sum(sum(r.values()) for r in s["matrix"].values()) == 3
    assert sorted(s["matrix"]) == ["1", "2", "3", "4", "5", "6"]
    assert all(sorted(r) == ["1", "2", "3", "4", "5", "6"] for r in s["matrix"].values())


@pytest.mark.django_db
def test_a_next_placement_in_the_same_werkvorm_is_no_transition(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "vop", date(Y - 1, 1, 1), date(Y, 3, 31))
    plaats(d, "vop", date(Y, 9, 1))  # the same werkvorm after a gap
    s = ladder_stromen(Y)
    assert (s["opstroom"], s["neerwaartse_stroom"], s["zijstroom"]) == (0, 0, 0)


@pytest.mark.django_db
def test_a_return_after_a_gap_is_a_transition(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "t6-zelfstandige", date(2015, 1, 1), date(2017, 12, 31))  # trede 6
    plaats(d, "wijkwerken", date(Y, 5, 1), date(Y, 10, 31))  # after a gap of a year: 6 -> 4
    s = ladder_stromen(Y)
    assert s["neerwaartse_stroom"] == 1
    assert s["matrix"]["6"]["4"] == 1
    assert s["instroom"] == 0  # not the first placement


@pytest.mark.django_db
def test_transitions_count_only_when_the_next_placement_starts_in_the_year(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "os", date(Y - 1, 1, 1), date(Y - 1, 5, 31))
    plaats(d, "lde", date(Y - 1, 6, 1), date(Y + 1, 2, 28))  # moved up in Y-1
    plaats(d, "t6-zelfstandige", date(Y + 1, 3, 1))  # moves up again in Y+1
    s = ladder_stromen(Y)
    assert s["opstroom"] == 0


@pytest.mark.django_db
def test_instroom_counts_participants_whose_first_placement_starts_in_the_year(deelnemer, plaats):
    plaats(deelnemer(), "vop", date(Y, 1, 1))
    plaats(deelnemer(), "vop", date(Y, 12, 31))
    plaats(deelnemer(), "vop", date(Y - 1, 12, 31))
    later = deelnemer()
    plaats(later, "bvs", date(Y + 1, 1, 1), date(Y + 1, 1, 10))
    s = ladder_stromen(Y)
    assert s["instroom"] == 2
    assert s["per_regio"]["brugge"]["instroom"] == 2


@pytest.mark.django_db
def test_uitstroom_needs_three_empty_months_after_the_end(deelnemer, plaats):
    weg = deelnemer()  # ends 31 January: the window runs to 30 April
    plaats(weg, "os", date(Y - 1, 11, 1), date(Y, 1, 31))
    plaats(weg, "wijkwerken", date(Y, 5, 1), date(Y, 10, 31))  # 1 May: too late to count
    terug = deelnemer()
    plaats(terug, "os", date(Y - 1, 11, 1), date(Y, 1, 31))
    plaats(terug, "wijkwerken", date(Y, 4, 30), date(Y, 10, 31))  # 30 April: inside the window
    doorlopend = deelnemer()  # another placement keeps running after the end
    plaats(doorlopend, "vop", date(2015, 1, 1))
    plaats(doorlopend, "bvs", date(Y, 6, 1), date(Y, 6, 20))
    vorig_jaar = deelnemer()
    plaats(vorig_jaar, "bvs", date(Y - 1, 12, 1), date(Y - 1, 12, 31))
    s = ladder_stromen(Y)
    # weg: after 31 January and after 31 October; terug: only after 31 October
    assert s["uitstroom"] == 2
    assert s["per_regio"]["brugge"]["uitstroom"] == 2


@pytest.mark.django_db
def test_uitstroom_ends_at_the_same_day_three_months_later(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "os", date(Y - 1, 10, 1), date(Y, 3, 15))
    plaats(d, "wijkwerken", date(Y, 6, 15), date(Y + 1, 3, 31))  # 15 June: still inside
    e = deelnemer()
    plaats(e, "os", date(Y - 1, 10, 1), date(Y, 3, 15))
    plaats(e, "wijkwerken", date(Y, 6, 16), date(Y + 1, 3, 31))  # 16 June: outside
    assert ladder_stromen(Y)["uitstroom"] == 1


@pytest.mark.django_db
def test_flows_split_per_region_of_the_placement_that_starts(deelnemer, plaats):
    d = deelnemer()
    plaats(d, "os", date(Y - 1, 1, 1), date(Y, 1, 31), regio_wvl="oostende")
    plaats(d, "lde", date(Y, 2, 1), regio_wvl="westhoek")
    s = ladder_stromen(Y)
    assert s["per_regio"]["westhoek"]["opstroom"] == 1
    assert s["per_regio"]["oostende"]["opstroom"] == 0
    assert s["per_regio"]["westhoek"]["matrix"]["4"]["5"] == 1

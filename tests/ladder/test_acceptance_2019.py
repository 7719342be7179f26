"""ACCEPTANCE: the ladder-2019 bundle reproduces Tabel 40 (errata applied), cell for cell."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from ladder.report import ladder_rapport
from tests.support.compare import assert_reproduceert, laad

PUBLISHED = (
    Path(__file__).resolve().parents[2] / "data" / "fixtures" / "ladder-2019" / "published.json"
)


@pytest.fixture(scope="module")
def rapport_2019(db_ladder_2019, django_db_blocker):
    with django_db_blocker.unblock():
        return ladder_rapport(2019)


@pytest.mark.django_db
def test_the_2019_report_reproduces_the_published_tabel_40(rapport_2019):
    assert_reproduceert(rapport_2019, laad(PUBLISHED))


@pytest.mark.django_db
def test_the_province_table_agrees_with_the_regional_table_for_west_vlaanderen(rapport_2019):
    wvl = rapport_2019["tables"]["ladder_stand_wvl"]
    prov = rapport_2019["tables"]["ladder_stand_provincie"]
    for row in ("trede5", "trede4", "trede3", "totaal-kansengroepen", "sine", "wijkwerken"):
        assert prov[row]["west-vlaanderen"] == wvl[row]["west-vlaanderen"]


@pytest.mark.django_db
def test_the_flows_add_up(rapport_2019):
    s = rapport_2019["tables"]["ladder_stromen"]
    in_matrix = sum(sum(r.values()) for r in s["matrix"].values())
    assert in_matrix == s["opstroom"] + s["neerwaartse_stroom"] + s["zijstroom"] > 0
    boven = sum(s["matrix"][str(a)][str(b)] for a in range(1, 7) for b in range(a + 1, 7))
    assert boven == s["opstroom"]
    for soort in ("instroom", "uitstroom"):
        assert s[soort] > 0
    for soort in ("instroom", "opstroom", "neerwaartse_stroom", "zijstroom"):
        assert sum(r[soort] for r in s["per_regio"].values()) == s[soort]


@pytest.mark.django_db
def test_the_command_writes_the_same_report_as_json(db_ladder_2019, tmp_path):
    out = tmp_path / "ladder.json"
    call_command("ladder", jaar=2019, format="json", output=str(out))
    assert_reproduceert(json.loads(out.read_text(encoding="utf-8")), laad(PUBLISHED))

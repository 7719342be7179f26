"""The import calls the rule functions of the apps: a broken rule refuses the bundle."""

from __future__ import annotations

import pytest

from bundle.importer import BundleFouten, import_bundle
from deelnemers.models import Deelnemer
from organisaties.models import Lidmaatschap
from tests.bundle.builder import kleine_bundel, leeg, schrijf

pytestmark = pytest.mark.django_db


def _fouten(bundel, map_) -> list[str]:  # noqa: ANN001
    with pytest.raises(BundleFouten) as exc:
        import_bundle(schrijf(bundel, map_))
    assert not Deelnemer.objects.exists() or Deelnemer.objects.count() == 3
    return exc.value.fouten


def _enkel(fouten: list[str], prefix: str) -> None:
    assert len(fouten) == 1 and fouten[0].startswith(prefix), fouten


def test_it_refuses_milestones_out_of_order(tmp_path):
    bundel = kleine_bundel()
    bundel["activeringstrajecten.csv"][0]["bezig_op"] = "2024-01-20"  # before aanvaard_op
    _enkel(_fouten(bundel, tmp_path), "activeringstrajecten.csv:2: bezig_op: ")


def test_it_refuses_closing_without_eindadvies(tmp_path):
    bundel = kleine_bundel()
    bundel["activeringstrajecten.csv"][0]["afgesloten_op"] = "2024-09-01"
    _enkel(_fouten(bundel, tmp_path), "activeringstrajecten.csv:2: eindadvies: ")


def test_it_refuses_an_eindadvies_not_allowed_for_ama_se(tmp_path):
    bundel = kleine_bundel()
    bundel["ama_se_trajecten.csv"][0].update(afgesloten_op="2024-09-01", eindadvies="AMA_SE")
    _enkel(_fouten(bundel, tmp_path), "ama_se_trajecten.csv:2: eindadvies: ")


def test_it_refuses_a_second_wvg_begeleider_since_2024(tmp_path):
    bundel = kleine_bundel()
    eerste = bundel["ama_wvg_overeenkomsten.csv"][0]
    bundel["ama_wvg_overeenkomsten.csv"].append(
        dict(eerste, id="WVG2", begeleider_id="O1", werkpost="Keuken", start="2024-06-01")
    )
    fouten = _fouten(bundel, tmp_path)
    assert {f.split(" ")[0] for f in fouten} == {
        "ama_wvg_overeenkomsten.csv:2:",
        "ama_wvg_overeenkomsten.csv:3:",
    }
    assert all(" begeleider_id: " in f for f in fouten)


def test_it_refuses_a_second_wvg_begeleider_against_the_database(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = leeg()
    bundel["ama_wvg_overeenkomsten.csv"] = [
        {
            "id": "WVG2",
            "deelnemer_id": "D3",
            "begeleider_id": "O1",
            "werkpost": "Keuken",
            "start": "2024-06-01",
            "einde": "",
        }
    ]
    _enkel(_fouten(bundel, tmp_path / "feed"), "ama_wvg_overeenkomsten.csv:2: begeleider_id: ")


def test_it_refuses_a_second_running_activeringstraject(tmp_path):
    bundel = kleine_bundel()
    eerste = bundel["activeringstrajecten.csv"][0]
    bundel["activeringstrajecten.csv"] += [
        dict(kleine_bundel()["activeringstrajecten.csv"][0], id="AT2", deelnemer_id="D2"),
        dict(eerste, id="AT3", geinitieerd_op="2024-05-01", aanvaard_op="", bezig_op=""),
    ]
    _enkel(
        _fouten(bundel, tmp_path),
        "activeringstrajecten.csv:4: geinitieerd_op: De deelnemer heeft al een lopend "
        "activeringstraject (AT1, toegeleid op 15/01/2024)",
    )


def test_it_refuses_a_second_running_activeringstraject_against_the_database(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = leeg()
    bundel["activeringstrajecten.csv"] = [
        dict(
            kleine_bundel()["activeringstrajecten.csv"][0],
            id="AT2",
            geinitieerd_op="2024-05-01",
            aanvaard_op="",
            bezig_op="",
        )
    ]
    _enkel(
        _fouten(bundel, tmp_path / "feed"),
        "activeringstrajecten.csv:2: geinitieerd_op: De deelnemer heeft al een lopend "
        "activeringstraject (AT1, toegeleid op 15/01/2024)",
    )


def test_it_allows_two_werkposten_with_the_same_wvg_begeleider(tmp_path):
    bundel = kleine_bundel()
    eerste = bundel["ama_wvg_overeenkomsten.csv"][0]
    bundel["ama_wvg_overeenkomsten.csv"].append(dict(eerste, id="WVG2", werkpost="Keuken"))
    import_bundle(schrijf(bundel, tmp_path))


def test_it_refuses_overlapping_labour_market_positions(tmp_path):
    bundel = kleine_bundel()
    bundel["arbeidsmarktposities.csv"][1]["van"] = "2024-06-30"
    _enkel(_fouten(bundel, tmp_path), "arbeidsmarktposities.csv:3: van: ")


def test_it_refuses_a_recognition_of_a_type_that_cannot_have_it(tmp_path):
    bundel = kleine_bundel()
    bundel["lidmaatschappen.csv"][1]["rol"] = "begeleider-ama-se"  # O1 is a CAW
    fouten = _fouten(bundel, tmp_path)
    assert fouten[0].startswith("lidmaatschappen.csv:3: rol: "), fouten


def test_it_counts_a_recognition_under_its_als_type(tmp_path):
    bundel = kleine_bundel()
    bundel["lidmaatschappen.csv"][1].update(rol="begeleider-ama-se", als_type="maatwerkbedrijf")
    import_bundle(schrijf(bundel, tmp_path))
    assert Lidmaatschap.objects.filter(organisatie_id="O1", rol="begeleider-ama-se").exists()


def test_it_refuses_a_samenwerkingsverband_without_a_vaph_member(tmp_path):
    bundel = kleine_bundel()
    bundel["lidmaatschappen.csv"][2]["tot"] = "2023-12-31"  # O2, the only VAPH member, leaves
    _enkel(_fouten(bundel, tmp_path), "lidmaatschappen.csv:2: regio: kempen: ")


def test_it_checks_the_samenwerkingsverband_with_the_members_already_in_the_database(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    o1 = kleine_bundel()["lidmaatschappen.csv"][0]
    bundel = leeg()
    bundel["organisaties.csv"] = [dict(kleine_bundel()["organisaties.csv"][0], id="O6")]
    bundel["lidmaatschappen.csv"] = [dict(o1, organisatie_id="O6")]  # VAPH, CGG: in the DB
    import_bundle(schrijf(bundel, tmp_path / "feed"))

    bundel = leeg()
    bundel["lidmaatschappen.csv"] = [dict(o1, tot="2024-12-31")]
    bundel["lidmaatschappen.csv"].append(dict(o1, organisatie_id="O6", tot="2025-06-30"))
    _enkel(_fouten(bundel, tmp_path / "feed2"), "lidmaatschappen.csv:2: regio: kempen: ")


def test_it_refuses_a_placement_before_its_werkvorm_exists(tmp_path):
    bundel = kleine_bundel()
    bundel["ladderplaatsingen.csv"][0].update(
        werkvorm="t5-individueel-maatwerk", start="2022-06-01"
    )
    _enkel(_fouten(bundel, tmp_path), "ladderplaatsingen.csv:2: start: ")


def test_it_refuses_a_placement_longer_than_its_werkvorm_allows(tmp_path):
    bundel = kleine_bundel()
    bundel["ladderplaatsingen.csv"][0].update(
        werkvorm="bvs", start="2024-01-01", einde="2024-03-01"
    )
    _enkel(_fouten(bundel, tmp_path), "ladderplaatsingen.csv:2: einde: ")


def test_it_refuses_a_contingent_of_an_organisation_that_is_no_ama_se_begeleider(tmp_path):
    bundel = kleine_bundel()
    bundel["contingenten.csv"][0]["organisatie_id"] = "O5"
    _enkel(_fouten(bundel, tmp_path), "contingenten.csv:2: organisatie_id: ")


def test_it_refuses_an_ama_se_begeleider_without_recognition(tmp_path):
    bundel = kleine_bundel()
    bundel["ama_se_trajecten.csv"][0]["begeleider_id"] = "O1"
    _enkel(_fouten(bundel, tmp_path), "ama_se_trajecten.csv:2: begeleider_id: ")


def test_it_refuses_an_ama_wvg_begeleider_without_recognition(tmp_path):
    bundel = kleine_bundel()
    bundel["ama_wvg_overeenkomsten.csv"][0]["begeleider_id"] = "O5"
    _enkel(_fouten(bundel, tmp_path), "ama_wvg_overeenkomsten.csv:2: begeleider_id: ")


def test_it_finds_the_recognition_of_a_begeleider_in_the_database(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = leeg()
    bundel["ama_se_trajecten.csv"] = [dict(kleine_bundel()["ama_se_trajecten.csv"][0], id="SE2")]
    import_bundle(schrijf(bundel, tmp_path / "feed"))

"""Bad input is refused as a whole, every error reported as `file:line: column: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bundle.exporter import export_bundle
from bundle.importer import BundleFouten, import_bundle
from bundle.spec import BESTANDEN
from deelnemers.models import Advies, Deelnemer
from organisaties.models import Organisatie
from tests.bundle.builder import insz, kleine_bundel, leeg, schrijf

pytestmark = pytest.mark.django_db


def _inhoud(map_: Path) -> dict[str, str]:
    export_bundle(map_)
    return {b.naam: (map_ / b.naam).read_text(encoding="utf-8") for b in BESTANDEN}


def _geweigerd(bundel, tmp_path: Path, **kwargs) -> list[str]:  # noqa: ANN001
    """Import a bundle that must be refused; the database must not change."""
    voor = _inhoud(tmp_path / "voor")
    with pytest.raises(BundleFouten) as exc:
        import_bundle(schrijf(bundel, tmp_path / "bundel", **kwargs))
    assert _inhoud(tmp_path / "na") == voor
    return exc.value.fouten


def _een_fout(fouten: list[str], prefix: str) -> None:
    assert [f for f in fouten if f.startswith(prefix)], fouten
    assert len(fouten) == 1, fouten


def test_the_small_bundle_is_valid(tmp_path):
    result = import_bundle(schrijf(kleine_bundel(), tmp_path))
    assert result.rijen["deelnemers.csv"] == 3
    assert Deelnemer.objects.count() == 3
    assert Organisatie.objects.get(id="O4").ondernemingsnummer.count(".") == 2


@pytest.mark.parametrize(
    ("bestand", "rij", "kolom", "waarde"),
    [
        pytest.param("deelnemers.csv", 1, "geboortedatum", "2024-13-01", id="bad-date"),
        pytest.param("adviezen.csv", 0, "van", "10/01/2024", id="date-not-iso"),
        pytest.param("deelnemers.csv", 2, "regio", "atlantis", id="unknown-code"),
        pytest.param("lidmaatschappen.csv", 6, "rol", "voorzitter", id="unknown-role"),
        pytest.param("organisaties.csv", 3, "naam", "", id="missing-value"),
        pytest.param("adviezen.csv", 0, "deelnemer_id", "D999", id="unknown-reference"),
        pytest.param("activeringstrajecten.csv", 0, "casemanager_werk_org", "O9", id="unknown-org"),
        pytest.param("deelnemers.csv", 0, "armoede", "ja", id="bad-boolean"),
        pytest.param("contingenten.csv", 0, "plaatsen", "tien", id="bad-integer"),
        pytest.param("objectieven.csv", 0, "objectief", "-5", id="negative-integer"),
        pytest.param("deelnemers.csv", 1, "insz", "85061500299", id="bad-insz"),
        pytest.param("organisaties.csv", 0, "ondernemingsnummer", "0123.456.789", id="bad-kbo"),
        pytest.param("adviezen.csv", 0, "tot", "2023-01-01", id="end-before-start"),
    ],
)
def test_it_refuses_a_bad_cell_with_its_place(tmp_path, bestand, rij, kolom, waarde):
    bundel = kleine_bundel()
    bundel[bestand][rij][kolom] = waarde
    fouten = _geweigerd(bundel, tmp_path)
    _een_fout(fouten, f"{bestand}:{rij + 2}: {kolom}: ")


def test_it_refuses_an_id_twice_in_a_file(tmp_path):
    bundel = kleine_bundel()
    bundel["adviezen.csv"].append(dict(bundel["adviezen.csv"][0], advies="WELZIJN"))
    _een_fout(_geweigerd(bundel, tmp_path), "adviezen.csv:3: id: ")


def test_it_refuses_a_bad_row_after_good_rows_of_other_files(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = kleine_bundel()
    bundel["organisaties.csv"][0]["naam"] = "CAW Kempen (nieuw)"
    bundel["ladderplaatsingen.csv"][0]["start"] = "2024-02-30"
    fouten = _geweigerd(bundel, tmp_path)
    _een_fout(fouten, "ladderplaatsingen.csv:2: start: ")
    assert Organisatie.objects.get(id="O1").naam == "CAW Kempen"


def test_it_reports_every_error_not_only_the_first(tmp_path):
    bundel = kleine_bundel()
    bundel["deelnemers.csv"][0]["geboortedatum"] = "gisteren"
    bundel["deelnemers.csv"][2]["kortgeschoold"] = "2"
    bundel["adviezen.csv"][0]["advies"] = "XX"
    fouten = _geweigerd(bundel, tmp_path)
    assert [f.split(" ")[0] + " " + f.split(" ")[1] for f in fouten] == [
        "deelnemers.csv:2: geboortedatum:",
        "deelnemers.csv:4: kortgeschoold:",
        "adviezen.csv:2: advies:",
    ]


def test_it_refuses_a_header_without_a_required_column(tmp_path):
    kop = ["id", "deelnemer_id", "van", "tot"]
    fouten = _geweigerd(kleine_bundel(), tmp_path, kopregels={"adviezen.csv": kop})
    _een_fout(fouten, "adviezen.csv:1: advies: ")


def test_it_refuses_a_header_with_an_unknown_column(tmp_path):
    kop = ["id", "deelnemer_id", "advies", "van", "tot", "opmerking"]
    fouten = _geweigerd(kleine_bundel(), tmp_path, kopregels={"adviezen.csv": kop})
    _een_fout(fouten, "adviezen.csv:1: opmerking: ")


def test_it_accepts_a_header_without_optional_columns_and_leaves_them_empty(tmp_path):
    kop = [
        "id",
        "geboortedatum",
        "provincie",
        "regio",
        "armoede",
        "arbeidsbeperking",
        "kortgeschoold",
    ]
    import_bundle(schrijf(kleine_bundel(), tmp_path, kopregels={"deelnemers.csv": kop}))
    d = Deelnemer.objects.get(id="D1")
    assert (d.insz, d.voornaam, d.werkzoekend_sinds) == (None, "", None)


def test_it_refuses_a_missing_file(tmp_path):
    map_ = schrijf(kleine_bundel(), tmp_path / "bundel")
    (map_ / "objectieven.csv").unlink()
    with pytest.raises(BundleFouten) as exc:
        import_bundle(map_)
    assert exc.value.fouten[0].startswith("objectieven.csv:")
    assert not Deelnemer.objects.exists()


def test_it_refuses_an_insz_twice_in_the_bundle(tmp_path):
    bundel = kleine_bundel()
    eerste, derde = bundel["deelnemers.csv"][0], bundel["deelnemers.csv"][2]
    # The same birth date too: otherwise the number also contradicts it (decision 181).
    derde.update(insz=eerste["insz"], geboortedatum=eerste["geboortedatum"])
    _een_fout(_geweigerd(bundel, tmp_path), "deelnemers.csv:4: insz: ")


def test_it_refuses_an_insz_that_belongs_to_another_deelnemer_in_the_database(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = leeg()
    nieuw = dict(kleine_bundel()["deelnemers.csv"][0], id="D9")
    bundel["deelnemers.csv"] = [nieuw]
    _een_fout(_geweigerd(bundel, tmp_path), "deelnemers.csv:2: insz: ")


def test_it_accepts_an_insz_moved_between_deelnemers_of_the_bundle(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = kleine_bundel()
    d1, d2 = bundel["deelnemers.csv"][0], bundel["deelnemers.csv"][1]
    d1["insz"], d2["insz"] = insz("1990-01-01", 7), d1["insz"]
    d2["geboortedatum"] = "1990-01-01"
    import_bundle(schrijf(bundel, tmp_path / "tweede"))
    assert Deelnemer.objects.get(id="D2").insz == insz("1990-01-01", 1)


def test_it_accepts_references_to_ids_already_in_the_database(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "eerst"))
    bundel = leeg()
    bundel["adviezen.csv"] = [
        {"id": "A2", "deelnemer_id": "D2", "advies": "WELZIJN", "van": "2024-05-01", "tot": ""}
    ]
    import_bundle(schrijf(bundel, tmp_path / "feed"))
    assert Advies.objects.get(id="A2").deelnemer_id == "D2"

"""The bundle export is formula-safe (decision 121): a text that a spreadsheet would read as a
formula goes out with one leading apostrophe, the import takes exactly that apostrophe off,
so names never grow apostrophes and export → import → export gives the same files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bundle.exporter import export_bundle
from bundle.importer import flush_domain_tables, import_bundle
from bundle.spec import BESTANDEN
from organisaties.models import Organisatie
from tests.bundle.builder import kleine_bundel, schrijf
from trajectories.models import AmaWvgOvereenkomst

pytestmark = pytest.mark.django_db

NAMEN = {
    "O1": '=HYPERLINK("https://voorbeeld.test","klik")',
    "O2": "+32 VAPH",
    "O3": "-CGG-",
    "O4": "@Maatwerk",
    "O5": "'=al met apostrof",
}


def _bundel_met_formules():
    bundel = kleine_bundel()
    for rij in bundel["organisaties.csv"]:
        rij["naam"] = NAMEN[rij["id"]]
    # In a bundle file an apostrophe before a formula character is the export's: one is
    # taken off, so a stored `'=…` is written `''=…`.
    bundel["organisaties.csv"][4]["naam"] = "''=al met apostrof"
    bundel["ama_wvg_overeenkomsten.csv"][0]["werkpost"] = "\tTab vooraan"
    return bundel


def _cellen(pad: Path) -> dict[str, str]:
    with pad.open(newline="", encoding="utf-8") as fh:
        return {r["id"]: r["naam"] for r in csv.DictReader(fh)}


def _bestanden(map_: Path) -> dict[str, bytes]:
    return {b.naam: (map_ / b.naam).read_bytes() for b in BESTANDEN}


def test_the_export_neutralises_every_text_a_spreadsheet_would_run(tmp_path):
    import_bundle(schrijf(_bundel_met_formules(), tmp_path / "in"))
    export_bundle(tmp_path / "uit")
    namen = _cellen(tmp_path / "uit" / "organisaties.csv")
    assert namen["O1"] == "'" + NAMEN["O1"]
    assert namen["O2"] == "'+32 VAPH"
    assert namen["O3"] == "'-CGG-"
    assert namen["O4"] == "'@Maatwerk"
    # Apostrophes before a formula character get one more, so the import gives them back.
    assert namen["O5"] == "''=al met apostrof"
    assert not any(naam.startswith(("=", "+", "-", "@", "\t")) for naam in namen.values())


def test_an_exported_bundle_imports_back_without_extra_apostrophes_and_round_trips(tmp_path):
    import_bundle(schrijf(_bundel_met_formules(), tmp_path / "in"))
    export_bundle(tmp_path / "eerste")
    flush_domain_tables()
    import_bundle(tmp_path / "eerste")
    assert dict(Organisatie.objects.values_list("id", "naam")) == NAMEN
    assert AmaWvgOvereenkomst.objects.get().werkpost == "\tTab vooraan"
    export_bundle(tmp_path / "tweede")
    assert _bestanden(tmp_path / "tweede") == _bestanden(tmp_path / "eerste")
    # Imported again into the same data: nothing changes.
    assert sum(import_bundle(tmp_path / "tweede").geschreven.values()) == 0


def test_a_plain_apostrophe_in_a_name_is_kept_as_it_is(tmp_path):
    bundel = kleine_bundel()
    bundel["organisaties.csv"][0]["naam"] = "'t Kempens Huis"
    import_bundle(schrijf(bundel, tmp_path / "in"))
    assert Organisatie.objects.get(id="O1").naam == "'t Kempens Huis"
    export_bundle(tmp_path / "uit")
    assert _cellen(tmp_path / "uit" / "organisaties.csv")["O1"] == "'t Kempens Huis"

"""The research extract: no direct identifiers, pseudonyms per purpose, refusals, CSV form."""

import hashlib
import hmac
import json
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from privacy.extract import BESTANDEN, ExtractFout, schrijf_extract
from privacy.models import ExtractLevering
from privacy.pseudoniem import sleutel_voor_doel
from referentie.models import Stopreden
from tests import factories as f
from tests.privacy.builders import volledig_dossier
from tests.privacy.conftest import lees_csv, maak_doel
from tests.security.test_canary import ACHTERNAAM, INSZ, VOORNAAM

pytestmark = pytest.mark.django_db

VANDAAG = date(2025, 6, 2)
GEBOREN = date(1985, 7, 31)


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(VANDAAG, tick=False):
        yield


@pytest.fixture
def canary(db):
    return volledig_dossier(
        voornaam=VOORNAAM, achternaam=ACHTERNAAM, insz=INSZ, geboortedatum=GEBOREN
    )


def _extract(tmp_path: Path, doel: str, naam: str = "uit", jaar: int = 2024) -> Path:
    uit = tmp_path / naam
    call_command(
        "onderzoeksextract",
        "--doel",
        doel,
        "--jaar",
        str(jaar),
        "--out",
        str(uit),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return uit


def _alles(map: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8") for p in sorted(map.iterdir()))


def _pseudoniem(doel: str, deelnemer_id: str) -> str:
    return hmac.new(sleutel_voor_doel(doel), deelnemer_id.encode(), hashlib.sha256).hexdigest()


def test_the_canary_name_insz_birth_date_ids_and_notes_never_appear_in_the_extract(
    canary, doel, tmp_path
):
    uit = _extract(tmp_path, doel.code)
    tekst = _alles(uit)
    # The canary is really in it, under its pseudonym, in every file it belongs to.
    pseudoniem = _pseudoniem(doel.code, canary.deelnemer.pk)
    for naam in (
        "deelnemers.csv",
        "adviezen.csv",
        "activeringstrajecten.csv",
        "ama_se_trajecten.csv",
        "ama_wvg_overeenkomsten.csv",
        "ladderplaatsingen.csv",
    ):
        assert pseudoniem in (uit / naam).read_text(encoding="utf-8-sig"), naam
    verboden = [
        VOORNAAM,
        ACHTERNAAM,
        INSZ,
        GEBOREN.isoformat(),
        GEBOREN.strftime("%d/%m/%Y"),
        GEBOREN.strftime("%d-%m-%Y"),
        canary.deelnemer.pk,
        canary.activering.pk,
        canary.ama_se.pk,
        canary.wvg.pk,
        # the free text of the dossier (each also holds the name)
        "Diagnose van",
        "Therapie ",
        "Motivering voor",
        "Gesprek met",
        "Notitie over",
        "Werkpost bij",
        "Bakkerij",
    ]
    assert [v for v in verboden if v.lower() in tekst.lower()] == []


def test_no_date_in_the_extract_is_finer_than_a_month(canary, doel, tmp_path):
    uit = _extract(tmp_path, doel.code)
    for bestand in BESTANDEN:
        rijen = lees_csv(uit / bestand.naam)
        for rij in rijen:
            for kolom, waarde in rij.items():
                assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", waarde), kolom
                if kolom.endswith("_maand"):
                    assert waarde == "" or re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", waarde), kolom
    d = lees_csv(uit / "deelnemers.csv")[0]
    assert d["leeftijdsklasse_31_12"] == "35-39"  # 2024 - 1985 = 39 on 31 December


def test_the_columns_are_those_documented_and_hold_no_identifier(canary, doel, tmp_path):
    uit = _extract(tmp_path, doel.code)
    verboden = {"id", "naam", "voornaam", "achternaam", "insz", "geboortedatum", "adres"}
    for bestand in BESTANDEN:
        kop = (uit / bestand.naam).read_bytes().decode("utf-8-sig").split("\r\n", 1)[0]
        kolommen = kop.split(";")
        assert kolommen == [k for k, _uitleg in bestand.kolommen]
        assert not verboden & set(kolommen), bestand.naam


def test_the_pseudonym_differs_per_purpose_and_is_stable_per_purpose(canary, tmp_path):
    a, b = maak_doel("onderzoek-a"), maak_doel("onderzoek-b")
    anderen = [f.deelnemer() for _ in range(3)]
    for d in anderen:
        volledig_dossier(voornaam="Ander", achternaam=d.pk)

    eerste = _extract(tmp_path, a.code, "a1")
    tweede = _extract(tmp_path, a.code, "a2")
    ander_doel = _extract(tmp_path, b.code, "b")

    pa = {r["pseudoniem"] for r in lees_csv(eerste / "deelnemers.csv")}
    pb = {r["pseudoniem"] for r in lees_csv(ander_doel / "deelnemers.csv")}
    assert len(pa) == len(pb) == 4  # the canary and three more with a dossier
    assert pa.isdisjoint(pb)  # two recipients cannot link their extracts
    assert _pseudoniem(a.code, canary.deelnemer.pk) in pa
    assert _pseudoniem(b.code, canary.deelnemer.pk) in pb
    for bestand in BESTANDEN:  # the same purpose again: byte for byte the same files
        assert (eerste / bestand.naam).read_bytes() == (tweede / bestand.naam).read_bytes()


def test_the_pseudonym_depends_on_the_secret_which_is_in_no_file(canary, doel, tmp_path, settings):
    settings.WERKZORG_PSEUDONIEM_SLEUTEL = "een-geheim-van-minstens-tweeëndertig-tekens-1"
    met_eerste = _extract(tmp_path, doel.code, "1")
    settings.WERKZORG_PSEUDONIEM_SLEUTEL = "een-geheim-van-minstens-tweeëndertig-tekens-2"
    met_tweede = _extract(tmp_path, doel.code, "2")
    p1 = lees_csv(met_eerste / "deelnemers.csv")[0]["pseudoniem"]
    p2 = lees_csv(met_tweede / "deelnemers.csv")[0]["pseudoniem"]
    assert p1 != p2
    tekst = _alles(met_tweede)
    assert "een-geheim" not in tekst
    assert sleutel_voor_doel(doel.code).hex() not in tekst
    manifest = json.loads((met_tweede / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ontwikkelsleutel"] is False


def test_without_a_secret_the_development_key_is_used_with_a_warning(
    canary, doel, tmp_path, settings
):
    settings.WERKZORG_PSEUDONIEM_SLEUTEL = ""
    fout = StringIO()
    uit = tmp_path / "uit"
    call_command(
        "onderzoeksextract",
        "--doel",
        doel.code,
        "--jaar",
        "2024",
        "--out",
        str(uit),
        stdout=StringIO(),
        stderr=fout,
    )
    assert "ontwikkelsleutel" in fout.getvalue()
    manifest = json.loads((uit / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ontwikkelsleutel"] is True


def test_every_row_is_sorted_by_pseudonym(doel, tmp_path):
    for i in range(12):
        volledig_dossier(voornaam=f"Persoon{i}")
    uit = _extract(tmp_path, doel.code)
    for bestand in BESTANDEN:
        rijen = lees_csv(uit / bestand.naam)
        eerste = [r[bestand.kolommen[0][0]] for r in rijen]
        assert eerste == sorted(eerste), bestand.naam
    assert len(lees_csv(uit / "deelnemers.csv")) == 12


def test_a_cell_a_spreadsheet_would_read_as_a_formula_is_neutralised(doel, tmp_path):
    Stopreden.objects.create(code="-kwaad", naam="Gevaarlijke code")
    d = f.deelnemer()
    f.activeringstraject(
        d,
        geinitieerd_op=date(2024, 1, 2),
        aanvaard_op=date(2024, 1, 3),
        stopgezet_op=date(2024, 5, 1),
        stopreden_id="-kwaad",
    )
    uit = _extract(tmp_path, doel.code)
    (rij,) = lees_csv(uit / "activeringstrajecten.csv")
    assert rij["stopreden"] == "'-kwaad"


def test_a_milestone_after_the_peildatum_is_left_out(doel, tmp_path):
    d = f.deelnemer()
    f.activeringstraject(
        d,
        geinitieerd_op=date(2024, 10, 1),
        aanvaard_op=date(2024, 11, 4),
        bezig_op=date(2025, 1, 6),
        afgesloten_op=date(2025, 5, 2),  # after the peildatum 2025-03-31
        eindadvies_id="REC",
    )
    uit = _extract(tmp_path, doel.code)
    (rij,) = lees_csv(uit / "activeringstrajecten.csv")
    assert (rij["bezig_maand"], rij["afgesloten_maand"], rij["eindadvies"]) == ("2025-01", "", "")
    assert rij["status_peildatum"] == "bezig"


def test_the_command_refuses_an_unknown_purpose_in_dutch_and_writes_nothing(canary, tmp_path):
    uit = tmp_path / "uit"
    with pytest.raises(CommandError, match="Onbekend onderzoeksdoel ‘geheim-project’"):
        call_command(
            "onderzoeksextract", "--doel", "geheim-project", "--jaar", "2024", "--out", str(uit)
        )
    assert not uit.exists()
    assert not ExtractLevering.objects.exists()


def test_an_inactive_purpose_and_an_impossible_year_are_refused(canary, tmp_path):
    maak_doel("gestopt", actief=False)
    actief = maak_doel("actief")
    with pytest.raises(ExtractFout, match="niet actief"):
        schrijf_extract(doel_code="gestopt", jaar=2024, map=tmp_path / "a")
    for jaar in (1999, VANDAAG.year + 1):
        with pytest.raises(ExtractFout, match="Ongeldig jaar"):
            schrijf_extract(doel_code=actief.code, jaar=jaar, map=tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert not ExtractLevering.objects.exists()


def test_the_command_refuses_a_directory_that_is_not_empty(doel, tmp_path):
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x")
    with pytest.raises(CommandError, match="niet leeg"):
        call_command(
            "onderzoeksextract",
            "--doel",
            doel.code,
            "--jaar",
            "2024",
            "--out",
            str(tmp_path / "vol"),
        )


def test_each_extract_is_recorded_and_logged_without_personal_data(canary, doel, tmp_path, caplog):
    beheerder = f.gebruiker("admin", username="beheerder-privacy")
    caplog.set_level("INFO")
    call_command(
        "onderzoeksextract",
        "--doel",
        doel.code,
        "--jaar",
        "2024",
        "--out",
        str(tmp_path / "u"),
        "--gebruiker",
        beheerder.username,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    levering = ExtractLevering.objects.get()
    assert (levering.doel_id, levering.jaar, levering.door, levering.kanaal) == (
        doel.code,
        2024,
        beheerder,
        "commando",
    )
    assert levering.rijen["deelnemers.csv"] == 1
    regels = [r.getMessage() for r in caplog.records if r.name == "privacy.extract"]
    assert len(regels) == 1 and doel.code in regels[0]
    assert not any(x in regels[0] for x in (VOORNAAM, ACHTERNAAM, INSZ, canary.deelnemer.pk))

"""The research extract of 2024 on the fixture bundle: the main figures of the Mededeling,
recomputed from the extract's files alone with the counting rules, equal the report's."""

from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
from django.db import transaction

from privacy.extract import schrijf_extract
from privacy.pseudoniem import Pseudonimiseerder
from referentie.models import Eindadvies, Provincie
from reporting.mededeling import build_report
from reporting.tables.common import TOTAAL, WERK, WERK_SE, WERKZOEKEND, pct
from tests.privacy.conftest import lees_csv, maak_doel
from trajectories.models import Contingent

JAAR = 2024
DOEL = "totalen-2024"
P = "2025-03"  # month of the peildatum 2025-03-31
JAAREINDE = "2024-12"

pytestmark = pytest.mark.usefixtures("db_2024", "db")


@pytest.fixture(scope="module")
def extract(db_2024, django_db_blocker, tmp_path_factory) -> dict[str, list[dict[str, str]]]:
    """The extract written once for the module; its database rows are rolled back."""
    map = tmp_path_factory.mktemp("extract") / "uit"
    with django_db_blocker.unblock(), transaction.atomic():
        maak_doel(DOEL)
        resultaat = schrijf_extract(doel_code=DOEL, jaar=JAAR, map=map)
        transaction.set_rollback(True)
    bestanden = {p.name: lees_csv(p) for p in resultaat.bestanden if p.suffix == ".csv"}
    bestanden["_map"] = map  # type: ignore[assignment]
    return bestanden


@pytest.fixture(scope="module")
def rapport(db_2024, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return build_report(JAAR)["tables"]


@pytest.fixture
def deelnemers(extract) -> dict[str, dict[str, str]]:
    rijen = extract["deelnemers.csv"]
    per_pseudoniem = {r["pseudoniem"]: r for r in rijen}
    assert len(per_pseudoniem) == len(rijen), "a participant appears twice in deelnemers.csv"
    return per_pseudoniem


def _tussen(maand: str, van: str, tot: str) -> bool:
    return bool(maand) and van <= maand <= tot


def _status(r: dict[str, str], op: str) -> str | None:
    """The counting rules' status on the last day of month `op`, from the months alone."""
    for kolom, status in (
        ("afgesloten_maand", "afgesloten"),
        ("stopgezet_maand", "vervroegd-stopgezet"),
        ("ingetrokken_maand", "ingetrokken"),
        ("bezig_maand", "bezig"),
        ("aanvaard_maand", "aanvaard"),
        ("geinitieerd_maand", "geinitieerd"),
    ):
        if r.get(kolom) and r[kolom] <= op:
            return status
    return None


def _uitstroom(rijen: list[dict[str, str]], maanden: tuple[int, ...], met_se: bool) -> dict:
    tabel: dict = {"afgesloten": len(rijen)}
    for n in maanden:
        gemeten = [r for r in rijen if r[f"positie_{n}m"] != ""]
        noemer = len(gemeten) if n else len(rijen)
        if n:
            tabel[f"afgesloten_min_{n}m"] = noemer
        soorten = {
            "uit_werkloosheid": lambda p: p not in (WERKZOEKEND, "onbekend"),
            "naar_werk": lambda p: p in WERK,
        }
        if met_se:
            soorten["naar_werk_se"] = lambda p: p in WERK_SE
        for naam, telt in soorten.items():
            aantal = sum(1 for r in gemeten if telt(r[f"positie_{n}m"]))
            tabel[f"{naam}_{n}m"] = {"aantal": aantal, "pct": pct(aantal, noemer)}
    return tabel


def _eindadviezen(rijen: list[dict[str, str]], codes: list[str]) -> dict:
    telling = Counter(r["eindadvies"] for r in rijen)
    totaal = sum(telling.values())
    tabel = {c: {"aantal": telling.get(c, 0), "pct": pct(telling.get(c, 0), totaal)} for c in codes}
    for c in telling:
        tabel.setdefault(c, {"aantal": telling[c], "pct": pct(telling[c], totaal)})
    tabel[TOTAAL] = {"aantal": totaal, "pct": pct(totaal, totaal)}
    return tabel


def test_the_extract_is_not_empty_and_each_file_has_its_population(extract):
    for naam in (
        "deelnemers.csv",
        "adviezen.csv",
        "activeringstrajecten.csv",
        "ama_se_trajecten.csv",
        "ama_wvg_overeenkomsten.csv",
        "ama_se_contingenten.csv",
    ):
        assert extract[naam], f"{naam} is empty"


def test_new_activeringstrajecten_per_region_and_status_equal_the_report(extract, rapport):
    gunningsjaar = [
        r for r in extract["activeringstrajecten.csv"] if r["aanvaard_maand"].startswith("2024")
    ]
    tellers: dict[str, Counter] = defaultdict(Counter)
    for r in gunningsjaar:
        status = _status(r, P)
        assert status == r["status_peildatum"]  # the column agrees with the months
        tellers[r["regio"]][status.replace("-", "_")] += 1
        tellers[TOTAAL][status.replace("-", "_")] += 1
    verwacht = rapport["activering_status_per_regio"]
    assert verwacht[TOTAAL]["definitief_toegeleid"] > 0
    for regio, rij in verwacht.items():
        for kolom in ("aanvaard", "bezig", "vervroegd_stopgezet", "afgesloten"):
            assert tellers[regio][kolom] == rij[kolom], (regio, kolom)
        assert sum(tellers[regio].values()) == rij["definitief_toegeleid"], regio


def test_trajectories_still_geinitieerd_at_year_end_equal_the_report(extract, rapport):
    n = sum(
        1 for r in extract["activeringstrajecten.csv"] if _status(r, JAAREINDE) == "geinitieerd"
    )
    assert n == rapport["activering_geinitieerd_op_jaareinde"]


def test_kenmerken_of_the_new_activeringstrajecten_equal_the_report(extract, rapport, deelnemers):
    gunningsjaar = [
        r for r in extract["activeringstrajecten.csv"] if r["aanvaard_maand"].startswith("2024")
    ]
    n = len(gunningsjaar)
    verwacht = rapport["activering_kenmerken"]
    for kenmerk in ("armoede", "arbeidsbeperking", "kortgeschoold"):
        aantal = sum(1 for r in gunningsjaar if deelnemers[r["pseudoniem"]][kenmerk] == "1")
        assert {"pct": pct(aantal, n)} == verwacht[kenmerk], kenmerk
    langdurig = sum(1 for r in gunningsjaar if r["langdurig_werkzoekend_bij_aanvaarding"] == "1")
    assert {"pct": pct(langdurig, n)} == verwacht["langer_dan_2_jaar_werkzoekend"]


def test_vdab_advices_per_province_equal_the_report(extract, rapport, deelnemers):
    vlaams = set(Provincie.objects.filter(vlaams=True).values_list("code", flat=True))
    tellers: dict[str, Counter] = defaultdict(Counter)
    geldend_per_deelnemer = Counter()
    for r in extract["adviezen.csv"]:
        if r["geldend_31_12"] != "1":
            continue
        geldend_per_deelnemer[r["pseudoniem"]] += 1
        provincie = deelnemers[r["pseudoniem"]]["provincie"]
        if provincie in vlaams:
            for rij in (provincie, TOTAAL):
                tellers[rij][r["advies"]] += 1
                tellers[rij][TOTAAL] += 1
    assert set(geldend_per_deelnemer.values()) == {1}  # one counted advice per person
    verwacht = rapport["vdab_adviezen_per_provincie"]
    assert verwacht[TOTAAL][TOTAAL] > 0
    for provincie, rij in verwacht.items():
        for advies, aantal in rij.items():
            assert tellers[provincie][advies] == aantal, (provincie, advies)


def test_kenmerken_of_those_given_an_advice_equal_the_report(extract, rapport, deelnemers):
    gegeven = {
        r["pseudoniem"] for r in extract["adviezen.csv"] if r["van_maand"].startswith("2024")
    }
    n = len(gegeven)
    assert n > 0
    rijen = [deelnemers[p] for p in gegeven]
    klassen_25_59 = {"25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59"}
    verwacht = rapport["vdab_adviezen_kenmerken"]
    tellingen = {
        "langer_dan_2_jaar_werkzoekend": sum(
            1 for r in rijen if r["langdurig_werkzoekend_31_12"] == "1"
        ),
        "kortgeschoold": sum(1 for r in rijen if r["kortgeschoold"] == "1"),
        "arbeidsbeperking": sum(1 for r in rijen if r["arbeidsbeperking"] == "1"),
        "leeftijd_25_59": sum(1 for r in rijen if r["leeftijdsklasse_31_12"] in klassen_25_59),
    }
    for kenmerk, aantal in tellingen.items():
        assert {"pct": pct(aantal, n)} == verwacht[kenmerk], kenmerk


def test_eindadviezen_and_uitstroom_of_activeringstrajecten_equal_the_report(extract, rapport):
    afgesloten = [
        r
        for r in extract["activeringstrajecten.csv"]
        if _tussen(r["afgesloten_maand"], "2023-07", JAAREINDE)
    ]
    codes = list(Eindadvies.objects.filter(voor_activering=True).values_list("code", flat=True))
    assert rapport["activering_eindadviezen"][TOTAAL]["aantal"] > 0
    assert _eindadviezen(afgesloten, codes) == rapport["activering_eindadviezen"]
    assert _uitstroom(afgesloten, (0, 6), met_se=False) == rapport["activering_uitstroom"]


def test_ama_se_trajectories_eindadviezen_uitstroom_and_kenmerken_equal_the_report(
    extract, rapport, deelnemers
):
    se = extract["ama_se_trajecten.csv"]
    afgesloten = [r for r in se if _tussen(r["afgesloten_maand"], "2023-05", JAAREINDE)]
    codes = list(Eindadvies.objects.filter(voor_ama_se=True).values_list("code", flat=True))
    assert rapport["ama_se_eindadviezen"][TOTAAL]["aantal"] > 0
    assert _eindadviezen(afgesloten, codes) == rapport["ama_se_eindadviezen"]
    assert _uitstroom(afgesloten, (0, 6, 12), met_se=True) == rapport["ama_se_uitstroom"]

    gematcht = [r for r in se if r["gematcht_maand"].startswith("2024")]
    n = len(gematcht)
    verwacht = rapport["ama_se_kenmerken"]
    for kenmerk in ("arbeidsbeperking", "kortgeschoold"):
        aantal = sum(1 for r in gematcht if deelnemers[r["pseudoniem"]][kenmerk] == "1")
        assert {"pct": pct(aantal, n)} == verwacht[kenmerk], kenmerk
    langdurig = sum(1 for r in gematcht if r["langdurig_werkzoekend_bij_match"] == "1")
    assert {"pct": pct(langdurig, n)} == verwacht["langer_dan_2_jaar_werkzoekend"]


def test_ama_se_fill_rates_follow_from_place_days_and_contingents(extract, rapport):
    plaatsen = {r["begeleider"]: int(r["plaatsen"]) for r in extract["ama_se_contingenten.csv"]}
    provincie = {
        r["begeleider"]: r["begeleider_provincie"] for r in extract["ama_se_contingenten.csv"]
    }
    bezet = Counter()
    for r in extract["ama_se_trajecten.csv"]:
        bezet[r["begeleider"]] += int(r["plaatsdagen_jaar"])
    dagen = 366
    sommen: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for b, n in plaatsen.items():
        for rij in (provincie[b], TOTAAL):
            sommen[rij][0] += 1
            sommen[rij][1] += n
            sommen[rij][2] += bezet[b]
    verwacht = rapport["ama_se_per_provincie"]
    assert verwacht[TOTAAL]["begeleiders"] > 0
    for rij, cel in verwacht.items():
        n, som_plaatsen, som_bezet = sommen[rij]
        assert cel == {
            "begeleiders": n,
            "contingent": som_plaatsen,
            "pct_invulling": pct(som_bezet, som_plaatsen * dagen),
        }, rij
    graden = [Fraction(bezet[b], n * dagen) for b, n in plaatsen.items() if n]
    assert rapport["ama_se_invulling_spreiding"] == {
        "min_80": sum(1 for g in graden if g >= Fraction(8, 10)),
        "onder_60": sum(1 for g in graden if g < Fraction(6, 10)),
    }


def test_the_begeleider_pseudonym_is_that_of_the_purpose(extract):
    # The contingents (organisation data) name each begeleider by the purpose's pseudonym.
    ps = Pseudonimiseerder(DOEL)
    verwacht = {
        ps.organisatie(o)
        for o in Contingent.objects.filter(jaar=JAAR).values_list("organisatie_id", flat=True)
    }
    assert {r["begeleider"] for r in extract["ama_se_contingenten.csv"]} == verwacht


def test_ama_wvg_agreements_participants_and_begeleiders_equal_the_report(extract, rapport):
    lopend = [
        r
        for r in extract["ama_wvg_overeenkomsten.csv"]
        if r["start_maand"] <= JAAREINDE and (not r["einde_maand"] or r["einde_maand"] > JAAREINDE)
    ]

    def tel(rijen: list[dict[str, str]]) -> dict[str, int]:
        return {
            "overeenkomsten": len(rijen),
            "deelnemers": len({r["pseudoniem"] for r in rijen}),
            "begeleiders": len({r["begeleider"] for r in rijen}),
        }

    assert rapport["ama_wvg_totalen"]["overeenkomsten"] > 0
    assert tel(lopend) == rapport["ama_wvg_totalen"]
    for groep, tabel in (
        ("begeleider_provincie", "ama_wvg_per_provincie"),
        ("begeleider_type", "ama_wvg_per_organisatietype"),
    ):
        for code, cel in rapport[tabel].items():
            rijen = lopend if code == TOTAAL else [r for r in lopend if r[groep] == code]
            assert tel(rijen) == cel, (tabel, code)


def test_the_manifest_counts_the_rows_of_each_file(extract):
    import json

    map: Path = extract["_map"]  # type: ignore[assignment]
    manifest = json.loads((map / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["doel"] == DOEL
    assert manifest["jaar"] == JAAR
    assert manifest["regels_versie"]
    for naam, info in manifest["bestanden"].items():
        assert info["rijen"] == len(extract[naam]), naam
    leesmij = (map / "LEESMIJ.txt").read_text(encoding="utf-8")
    assert DOEL in leesmij and "2024" in leesmij
    for naam, rijen in extract.items():
        if naam != "_map":
            assert f"{naam} ({len(rijen)} " in leesmij

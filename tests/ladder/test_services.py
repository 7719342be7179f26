"""Recording placements: only in a werkvorm that exists, never longer than its maximum."""

from datetime import date

import pytest

from ladder.models import Ladderplaatsing, Werkvorm
from ladder.rules import plaatsing_fouten
from ladder.services import registreer_plaatsing
from werkzorg.domein.fouten import Geweigerd


def registreer(d, **kwargs):
    args = {"door": None, "deelnemer_id": d.pk, "provincie_id": "west-vlaanderen"}
    args.update(kwargs)
    return registreer_plaatsing(**args)


@pytest.mark.django_db
def test_it_records_a_placement_with_its_region(deelnemer):
    d = deelnemer()
    p = registreer(d, werkvorm_id="lde", start=date(2024, 3, 1), regio_wvl_id="westhoek")
    p.refresh_from_db()
    assert (p.werkvorm_id, p.regio_wvl_id, p.start) == ("lde", "westhoek", date(2024, 3, 1))


@pytest.mark.django_db
def test_it_refuses_a_werkvorm_that_does_not_exist_yet_on_the_start_date(deelnemer):
    d = deelnemer()
    with pytest.raises(Geweigerd) as e:
        registreer(d, werkvorm_id="cmw-mwb", start=date(2018, 12, 31))
    assert e.value.fouten[0].veld == "start"
    assert "bestaat pas vanaf 1/01/2019" in e.value.fouten[0].bericht
    assert not Ladderplaatsing.objects.exists()


@pytest.mark.django_db
def test_it_refuses_new_placements_once_inflow_has_closed(deelnemer):
    with pytest.raises(Geweigerd) as e:
        registreer(deelnemer(), werkvorm_id="tiw", start=date(2018, 1, 1))
    assert "geen nieuwe plaatsingen meer vanaf 1/01/2018" in str(e.value)


@pytest.mark.django_db
def test_it_refuses_a_placement_longer_than_the_maximum_duration(deelnemer):
    d = deelnemer()
    with pytest.raises(Geweigerd) as e:
        registreer(d, werkvorm_id="bvs", start=date(2024, 3, 1), einde=date(2024, 3, 31))
    assert e.value.fouten[0].veld == "einde"
    assert "ten hoogste 30 dagen: einde ten laatste op 30/03/2024" in e.value.fouten[0].bericht
    assert registreer(d, werkvorm_id="bvs", start=date(2024, 3, 1), einde=date(2024, 3, 30))


@pytest.mark.django_db
def test_the_month_limit_clamps_to_the_end_of_the_month():
    wes = Werkvorm.objects.get(pk="wes")  # at most 6 months
    assert plaatsing_fouten(wes, date(2024, 8, 31), date(2025, 2, 27)) == []
    assert plaatsing_fouten(wes, date(2024, 8, 31), date(2025, 2, 28))


@pytest.mark.django_db
def test_it_refuses_a_west_flemish_region_in_another_province(deelnemer):
    with pytest.raises(Geweigerd) as e:
        registreer(
            deelnemer(),
            werkvorm_id="vop",
            start=date(2024, 1, 1),
            provincie_id="antwerpen",
            regio_wvl_id="brugge",
        )
    assert e.value.fouten[0].veld == "regio_wvl"


@pytest.mark.django_db
def test_it_refuses_an_unknown_werkvorm(deelnemer):
    with pytest.raises(Geweigerd) as e:
        registreer(deelnemer(), werkvorm_id="bestaat-niet", start=date(2024, 1, 1))
    assert e.value.fouten[0].veld == "werkvorm"


@pytest.mark.django_db
def test_an_admin_added_werkvorm_is_counted_without_code_changes(deelnemer, plaats):
    from ladder.models import GroepLid, TabelRij
    from ladder.report import ladder_stand_wvl

    nieuw = Werkvorm.objects.create(
        code="proef-werkvorm",
        naam="Proefwerkvorm",
        trede_id=4,
        telbasis_code="actief_in_jaar",
        geldig_van=date(2024, 1, 1),
    )
    GroepLid.objects.create(groep_id="trede4", tabel="tabel40", lid_werkvorm=nieuw, volgorde=99)
    TabelRij.objects.create(
        tabel="tabel40", volgorde=999, werkvorm=nieuw, label="Proef", letter="c'"
    )
    p = registreer(deelnemer(), werkvorm_id="proef-werkvorm", start=date(2024, 2, 1))
    assert p.pk
    tabel = ladder_stand_wvl(2024)
    assert tabel["proef-werkvorm"]["brugge"] == 0
    assert tabel["proef-werkvorm"]["niet-toe-te-wijzen"] == 1
    assert tabel["trede4"]["west-vlaanderen"] == 1

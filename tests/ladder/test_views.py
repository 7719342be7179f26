"""Pages: the report for coordinators and admins, the placement form for dossier users."""

import io
import json
import re
import zipfile
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ladder.models import Ladderplaatsing
from tests import factories as f


@pytest.fixture
def beheerder(db):
    return f.gebruiker("admin", username="beheerder", wachtwoord=None)


@pytest.fixture
def coordinator(db):
    return f.gebruiker("coordinator", username="coordinator", wachtwoord=None)


@pytest.fixture
def buitenstaander(db):
    return f.gebruiker("casemanager-werk", username="buiten", wachtwoord=None)


@pytest.mark.django_db
def test_the_report_page_is_for_coordinators_and_admins(
    client, coordinator, buitenstaander, deelnemer, plaats
):
    d = deelnemer()
    plaats(d, "os", date(2023, 1, 1), date(2023, 3, 31))
    plaats(d, "lde", date(2023, 4, 1))
    client.force_login(buitenstaander)
    assert client.get(reverse("ladder:rapport"), {"jaar": 2023}).status_code == 403
    client.force_login(coordinator)
    r = client.get(reverse("ladder:rapport"), {"jaar": 2023})
    assert r.status_code == 200
    html = r.content.decode()
    assert "<svg" in html and "trede 4 → trede 5: 1" in html
    assert 'data-tabel="ladder_stand_wvl"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("formaat", "mime", "magic"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "application/zip", b"PK"),
        ("json", "application/json", b"{"),
    ],
)
@time_machine.travel(date(2024, 5, 2))
def test_the_report_downloads_in_every_format(client, coordinator, formaat, mime, magic):
    client.force_login(coordinator)
    r = client.get(reverse("ladder:rapport"), {"jaar": "2019", "format": formaat})
    assert r.status_code == 200
    assert r["Content-Type"] == mime
    assert r.content.startswith(magic)
    assert (
        f'filename="ladder-2019.{"zip" if formaat == "csv" else formaat}"'
        in (r["Content-Disposition"])
    )


@pytest.mark.django_db
@time_machine.travel(date(2024, 5, 2))
def test_the_pdf_is_built_by_the_worker_for_the_year_on_screen(
    client, coordinator, django_capture_on_commit_callbacks
):
    from reporting.models import Exportbestand

    client.force_login(coordinator)
    assert (
        client.get(reverse("ladder:rapport"), {"jaar": "2019", "format": "pdf"}).status_code == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("reporting:ladder_export"), {"jaar": "2019", "format": "pdf"})
    bestand = Exportbestand.objects.get()
    assert r["Location"] == reverse("reporting:bestand", args=[bestand.pk])
    pdf = client.get(reverse("reporting:bestand_download", args=[bestand.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="ladder-2019.pdf"' in pdf["Content-Disposition"]
    refused = client.post(reverse("reporting:ladder_export"), {"jaar": "2.019", "format": "pdf"})
    assert refused.status_code == 400 and Exportbestand.objects.count() == 1


@pytest.mark.django_db
@time_machine.travel(date(2026, 5, 2))
def test_years_are_never_localised_and_a_bad_year_is_a_dutch_error(
    client, coordinator, deelnemer, plaats
):
    plaats(deelnemer(), "os", date(2024, 1, 1), date(2024, 3, 31))
    client.force_login(coordinator)
    r = client.get(reverse("ladder:rapport"))
    html = r.content.decode()
    assert r.context["keuze"].jaar == 2024  # the latest year with placements
    assert '<option value="2024" selected>2024</option>' in html
    assert "?jaar=2024&amp;format=xlsx" in html
    assert not re.search(r"\b2\.0\d\d\b", html)  # no 2.024, 2.026 anywhere

    for slecht in ("2.024", "abc", "1990"):
        fout = client.get(reverse("ladder:rapport"), {"jaar": slecht})
        assert fout.status_code == 400
        assert (
            "geen geldig jaar" in fout.content.decode() or "geen rapport" in fout.content.decode()
        )
        assert "bladen" not in fout.context
        download = client.get(reverse("ladder:rapport"), {"jaar": slecht, "format": "xlsx"})
        assert download.status_code == 400 and "Content-Disposition" not in download


@pytest.mark.django_db
def test_the_csv_zip_is_semicolon_separated_utf8_with_bom(client, coordinator, deelnemer, plaats):
    plaats(deelnemer(), "activiteitencooperatie", date(2019, 5, 1), date(2019, 8, 1))
    client.force_login(coordinator)
    r = client.get(reverse("ladder:rapport"), {"jaar": 2019, "format": "csv"})
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert "ladder_stand_wvl_2019.csv" in zf.namelist()
        raw = zf.read("ladder_stand_wvl_2019.csv")
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith(";Werkvorm;Regio Brugge")
    assert any(
        line.startswith("r;Activiteitencoöperatie;") and line.endswith(";1") for line in lines
    )


@pytest.mark.django_db
def test_the_xlsx_keeps_formula_like_labels_as_text(coordinator, deelnemer):
    from openpyxl import load_workbook

    from ladder.exports import als_xlsx
    from ladder.models import TabelRij
    from ladder.report import ladder_rapport

    TabelRij.objects.filter(tabel="tabel40", werkvorm_id="vop").update(label="=1+1")
    wb = load_workbook(io.BytesIO(als_xlsx(ladder_rapport(2019))))
    labels = [c.value for c in wb["ladder_stand_wvl"]["B"]]
    assert "'=1+1" in labels  # neutralised by the one writer (werkzorg.domein.tabelbestanden)
    assert wb["ladder_stand_wvl"]["B"][labels.index("'=1+1")].data_type == "s"


@pytest.mark.django_db
@time_machine.travel(date(2024, 5, 2))
def test_an_admin_records_a_placement_and_sees_it_in_the_timeline(client, beheerder, deelnemer):
    d = deelnemer()
    client.force_login(beheerder)
    url = reverse("ladder:plaatsing_nieuw", kwargs={"pk": d.pk})
    assert client.get(url).status_code == 200
    r = client.post(
        url,
        {
            "werkvorm": "wijkwerken",
            "start": "2024-05-01",
            "einde": "2024-10-31",
            "provincie": "west-vlaanderen",
            "regio_wvl": "oostende",
        },
    )
    assert r.status_code == 302
    p = Ladderplaatsing.objects.get(deelnemer=d)
    assert (p.werkvorm_id, p.regio_wvl_id) == ("wijkwerken", "oostende")
    page = client.get(r["Location"]).content.decode()
    assert "Wijk-werken" in page and 'data-trede="4"' in page


@pytest.mark.django_db
def test_the_form_shows_the_rule_when_a_placement_is_too_long(client, beheerder, deelnemer):
    d = deelnemer()
    client.force_login(beheerder)
    r = client.post(
        reverse("ladder:plaatsing_nieuw", kwargs={"pk": d.pk}),
        {
            "werkvorm": "wijkwerken",
            "start": "2024-01-01",
            "einde": "2025-01-01",
            "provincie": "west-vlaanderen",
        },
    )
    assert r.status_code == 400
    assert "duurt ten hoogste 12 maanden" in r.content.decode()
    assert not Ladderplaatsing.objects.exists()


@pytest.mark.django_db
def test_users_outside_the_dossier_cannot_record_placements(
    client, coordinator, buitenstaander, deelnemer
):
    d = deelnemer()
    url = reverse("ladder:plaatsing_nieuw", kwargs={"pk": d.pk})
    client.force_login(buitenstaander)
    assert client.get(url).status_code == 404
    # A role without dossiers is refused like an outsider: 404 on every route naming a dossier.
    client.force_login(coordinator)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@time_machine.travel(date(2024, 6, 1))
def test_huidige_trede_gives_the_trede_of_the_latest_active_placement(deelnemer, plaats):
    from deelnemers.models import Deelnemer
    from ladder.selectors import huidige_trede

    a, b, c = deelnemer(), deelnemer(), deelnemer()
    plaats(a, "os", date(2024, 1, 1), date(2024, 3, 31))
    plaats(a, "lde", date(2024, 4, 1))
    plaats(b, "vop", date(2020, 1, 1), date(2023, 12, 31))  # nothing active now
    trede = dict(
        huidige_trede(Deelnemer.objects.filter(pk__in=[a.pk, b.pk, c.pk])).values_list(
            "pk", "huidige_trede"
        )
    )
    assert trede == {a.pk: 5, b.pk: None, c.pk: None}


@pytest.mark.django_db
def test_the_command_writes_xlsx_csv_and_pdf_files(tmp_path):
    from django.core.management import call_command

    for formaat, magic in (("xlsx", b"PK"), ("csv", b"PK"), ("pdf", b"%PDF")):
        out = tmp_path / f"l.{formaat}"
        call_command("ladder", jaar=2019, format=formaat, output=str(out))
        assert out.read_bytes().startswith(magic)
    out = tmp_path / "l.json"
    call_command("ladder", jaar=2019, format="json", output=str(out), reeks_vanaf=2017)
    reeks = json.loads(out.read_text(encoding="utf-8"))["tables"]["ladder_reeks"]
    assert reeks["jaren"] == [2017, 2018, 2019]
    assert "mwb-bw" in reeks["rijen"] and "cmw-mwb" in reeks["rijen"]

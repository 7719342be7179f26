"""The Jaarrapport page: who may see it, generating with progress, downloads, submitting, diff."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.models import Rol
from reporting.mededeling import build_report
from reporting.models import Exportbestand, GegenereerdRapport, IngediendRapport
from tests import factories

pytestmark = pytest.mark.django_db

PAGINAS = [
    ("reporting:jaarrapport", []),
    ("reporting:contingenten", []),
]


def trajecten_2024() -> None:
    factories.objectief("kempen", 2024, 4)
    factories.activeringstraject(
        geinitieerd_op=date(2024, 1, 5), aanvaard_op=date(2024, 2, 1), bezig_op=date(2024, 3, 1)
    )
    factories.activeringstraject(geinitieerd_op=date(2024, 4, 5), aanvaard_op=date(2024, 5, 1))


def genereer(client, django_capture_on_commit_callbacks, jaar: int = 2024) -> GegenereerdRapport:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:genereer"), {"jaar": jaar, "peildatum": ""})
    assert response.status_code == 302
    return GegenereerdRapport.objects.latest("id")


@pytest.mark.parametrize(("naam", "args"), PAGINAS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, naam, args) -> None:
    response = client.get(reverse(naam, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize(("naam", "args"), PAGINAS)
@pytest.mark.parametrize("rol", [Rol.CASEMANAGER_WERK, Rol.COORDINATOR, Rol.BEGELEIDER_AMA_SE])
def test_only_an_admin_opens_the_yearly_report_and_the_contingents(client, naam, args, rol) -> None:
    client.force_login(factories.gebruiker(rol))
    assert client.get(reverse(naam, args=args)).status_code == 403


def test_it_refuses_generating_for_a_non_admin(client) -> None:
    client.force_login(factories.gebruiker(Rol.COORDINATOR))
    assert client.post(reverse("reporting:genereer"), {"jaar": 2024}).status_code == 403
    assert not GegenereerdRapport.objects.exists()


def test_the_index_sends_each_role_to_its_page(client) -> None:
    client.force_login(factories.admin())
    assert client.get(reverse("reporting:index"))["Location"] == reverse("reporting:jaarrapport")
    client.force_login(factories.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="limburg"))
    assert client.get(reverse("reporting:index"))["Location"] == reverse("reporting:dashboard")
    client.force_login(factories.gebruiker(Rol.CASEMANAGER_ZORG))
    assert client.get(reverse("reporting:index")).status_code == 403


def test_an_admin_generates_the_report_and_sees_every_table(
    client, django_capture_on_commit_callbacks
) -> None:
    trajecten_2024()
    admin = factories.admin()
    client.force_login(admin)

    rapport = genereer(client, django_capture_on_commit_callbacks)

    assert rapport.status == GegenereerdRapport.Status.KLAAR
    assert rapport.voortgang == 100 and rapport.aangemaakt_door == admin
    assert rapport.peildatum == date(2025, 3, 31)
    assert rapport.resultaat == build_report(2024, date(2025, 3, 31))
    response = client.get(reverse("reporting:jaarrapport"), {"rapport": rapport.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trajectstatus per werk- en zorgregio" in html
    assert "Contingent AMA SE voor 2025 per begeleider" in html
    assert html.count('class="rapport-tabel') == len(rapport.resultaat["tables"])
    assert "50,0%" in html  # kempen: 2 definitief toegeleid of an objectief of 4


def test_the_page_shows_the_latest_report_of_the_chosen_year_and_peildatum(client) -> None:
    admin = factories.admin()
    client.force_login(admin)
    report = {
        "jaar": 2023,
        "peildatum": "2024-06-30",
        "tables": {"activering_geinitieerd_op_jaareinde": 7},
    }
    GegenereerdRapport.objects.create(
        jaar=2023,
        peildatum=date(2024, 6, 30),
        status="klaar",
        resultaat=report,
        aangemaakt_door=admin,
    )
    response = client.get(
        reverse("reporting:jaarrapport"), {"jaar": 2023, "peildatum": "2024-06-30"}
    )
    assert "Trajecten met status Geïnitieerd op 31/12/2023" in response.content.decode()
    leeg = client.get(reverse("reporting:jaarrapport"), {"jaar": 2023})
    assert "nog geen rapport gegenereerd" in leeg.content.decode()


def test_the_progress_fragment_polls_until_the_report_is_ready(client) -> None:
    admin = factories.admin()
    client.force_login(admin)
    rapport = GegenereerdRapport.objects.create(
        jaar=2024, peildatum=date(2025, 3, 31), status="bezig", voortgang=40, aangemaakt_door=admin
    )
    url = reverse("reporting:voortgang", args=[rapport.pk])

    bezig = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in bezig.content.decode()
    assert 'value="40"' in bezig.content.decode()
    assert "HX-Redirect" not in bezig

    GegenereerdRapport.objects.filter(pk=rapport.pk).update(
        status="klaar", voortgang=100, resultaat={"jaar": 2024, "tables": {}}
    )
    klaar = client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in klaar.content.decode()
    assert klaar["HX-Redirect"] == f"{reverse('reporting:jaarrapport')}?rapport={rapport.pk}"


@pytest.mark.parametrize(
    ("fmt", "content_type", "begin"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "application/zip", b"PK"),
        ("json", "application/json", b"{"),
    ],
)
def test_an_admin_downloads_the_report_in_every_format(
    client, published_report, fmt, content_type, begin
) -> None:
    admin = factories.admin()
    client.force_login(admin)
    rapport = GegenereerdRapport.objects.create(
        jaar=2024,
        peildatum=date(2025, 3, 31),
        status="klaar",
        resultaat=published_report,
        aangemaakt_door=admin,
    )
    response = client.get(reverse("reporting:download", args=[rapport.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(begin)
    assert "mededeling-2024-peildatum-2025-03-31." in response["Content-Disposition"]


def test_a_regenerated_report_shows_what_changed_since_it_was_submitted(
    client, django_capture_on_commit_callbacks
) -> None:
    trajecten_2024()
    client.force_login(factories.admin())
    eerste = genereer(client, django_capture_on_commit_callbacks)
    client.post(reverse("reporting:indienen", args=[eerste.pk]))
    assert IngediendRapport.objects.filter(bron=eerste).exists()

    # A late registration: one more trajectory of 2024 in Kempen.
    factories.activeringstraject(geinitieerd_op=date(2024, 6, 1), aanvaard_op=date(2024, 6, 3))
    tweede = genereer(client, django_capture_on_commit_callbacks)
    html = client.get(reverse("reporting:jaarrapport"), {"rapport": tweede.pk}).content.decode()

    assert "Gewijzigd sinds de indiening" in html
    assert (
        '<td>Kempen</td><td>Aanvaard</td><td class="num">1</td><td class="num"><mark>2</mark></td>'
        in html
    )
    assert '<td class="num gewijzigd"><mark>2</mark></td>' in html
    assert "Dit rapport is ingediend" not in html


def test_the_pdf_is_built_by_the_worker_and_the_page_shows_its_progress(
    client, published_report, django_capture_on_commit_callbacks
) -> None:
    admin = factories.admin()
    client.force_login(admin)
    rapport = GegenereerdRapport.objects.create(
        jaar=2024,
        peildatum=date(2025, 3, 31),
        status="klaar",
        resultaat=published_report,
        aangemaakt_door=admin,
    )
    url = reverse("reporting:download", args=[rapport.pk, "pdf"])
    with django_capture_on_commit_callbacks(execute=False) as taken:
        response = client.get(url)
    bestand = Exportbestand.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:bestand", args=[bestand.pk])
    assert len(taken) == 1  # queued after the commit, not rendered in the request
    wachtend = client.get(reverse("reporting:bestand", args=[bestand.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Redirect" not in wachtend and 'hx-trigger="every 1s"' in wachtend.content.decode()

    taken[0]()  # the worker runs the task
    klaar = client.get(reverse("reporting:bestand", args=[bestand.pk]), HTTP_HX_REQUEST="true")
    download_url = reverse("reporting:bestand_download", args=[bestand.pk])
    assert klaar["HX-Redirect"] == download_url
    pdf = client.get(download_url)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "mededeling-2024-peildatum-2025-03-31.pdf" in pdf["Content-Disposition"]
    # asked again: the finished file is handed out, nothing is rendered twice
    assert client.get(url)["Location"] == reverse("reporting:bestand", args=[bestand.pk])
    assert Exportbestand.objects.count() == 1


def test_a_coordinator_cannot_fetch_a_mededeling_file(client, published_report) -> None:
    admin = factories.admin()
    rapport = GegenereerdRapport.objects.create(
        jaar=2024, peildatum=date(2025, 3, 31), status="klaar", resultaat=published_report
    )
    bestand = Exportbestand.objects.create(bron="mededeling", bron_id=rapport.pk, formaat="pdf")
    client.force_login(factories.gebruiker(Rol.COORDINATOR))
    assert client.get(reverse("reporting:bestand", args=[bestand.pk])).status_code == 403
    assert client.get(reverse("reporting:bestand_download", args=[bestand.pk])).status_code == 403
    assert admin


@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=UTC), tick=False)
def test_the_page_opens_on_the_latest_year_with_data_and_its_standard_peildatum(client) -> None:
    trajecten_2024()
    client.force_login(factories.admin())
    response = client.get(reverse("reporting:jaarrapport"))
    assert response.context["keuze"].jaar == 2024
    assert response.context["keuze"].peildatum == date(2025, 3, 31)
    html = response.content.decode()
    assert '<option value="2024" selected>2024</option>' in html
    assert "2.024" not in html and "2.026" not in html


@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=UTC), tick=False)
def test_changing_the_year_resets_a_peildatum_that_was_not_chosen(client) -> None:
    client.force_login(factories.admin())
    url = reverse("reporting:jaarrapport")
    # the 2025 page's standard peildatum, carried along while choosing 2024
    keuze = client.get(url, {"jaar": "2024", "peildatum": "2026-03-31", "vorig_jaar": "2025"})
    assert keuze.context["keuze"].peildatum == date(2025, 3, 31)
    assert not keuze.context["keuze"].afwijkende_peildatum

    # typed in on purpose: it stays, flagged as not the standard one
    bewust = client.get(url, {"jaar": "2024", "peildatum": "2025-06-30", "vorig_jaar": "2024"})
    assert bewust.context["keuze"].peildatum == date(2025, 6, 30)
    assert "niet de standaard peildatum" in bewust.content.decode()


@pytest.mark.parametrize("jaar", ["2.024", "twintig", "2024x", "1999"])
def test_a_year_that_is_not_offered_is_a_dutch_error_not_another_year(client, jaar) -> None:
    client.force_login(factories.admin())
    for naam in ("reporting:jaarrapport", "reporting:dashboard", "reporting:contingenten"):
        response = client.get(reverse(naam), {"jaar": jaar})
        assert response.status_code == 400, naam
        assert response.context["keuze"].jaar is None
        html = response.content.decode()
        assert "geen geldig jaar" in html or "geen rapport" in html
        assert "tabellen" not in response.context and "dashboard" not in response.context


def test_submitting_again_asks_for_a_reason_and_records_a_new_version(
    client, published_report
) -> None:
    admin = factories.admin()
    client.force_login(admin)
    eerste, tweede = (
        GegenereerdRapport.objects.create(
            jaar=2024, peildatum=date(2025, 3, 31), status="klaar", resultaat=published_report
        )
        for _ in range(2)
    )
    client.post(reverse("reporting:indienen", args=[eerste.pk]))
    pagina = client.get(reverse("reporting:jaarrapport"), {"rapport": tweede.pk}).content.decode()
    assert 'name="reden"' in pagina and "versie 2" in pagina

    client.post(reverse("reporting:indienen", args=[tweede.pk]))  # without a reason
    assert IngediendRapport.objects.count() == 1
    client.post(reverse("reporting:indienen", args=[tweede.pk]), {"reden": "Correctie."})
    assert sorted(IngediendRapport.objects.values_list("versie", "reden")) == [
        (1, ""),
        (2, "Correctie."),
    ]

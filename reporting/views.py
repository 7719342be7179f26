"""Reporting pages: the yearly Mededeling (admins), the coordinators' dashboard, AMA SE contingents.

Thin views: authorise, read a form, call one service or selector, render. No figures are
computed here.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import RAPPORTERING_ROLLEN, heeft_rol, toegang
from accounts.verzoek import Verzoek
from ladder.report import rapport_jaren
from reporting import exports, permissions, services
from reporting.contingenten import contingenten as contingenten_van
from reporting.dashboard import dashboard as dashboard_van
from reporting.forms import RapportKeuzeForm, jaar_keuzes
from reporting.jaarkeuze import standaard_jaar
from reporting.labels import tabelnummer
from reporting.mededeling import kies_peildatum, standaard_peildatum
from reporting.models import Exportbestand, GegenereerdRapport, IngediendRapport
from werkzorg.domein.jaren import Jaarkeuze, jaar_tekst, lees_jaar


def _vandaag() -> date:
    return timezone.localdate()


@toegang(permissions.mag_dashboard)
@require_GET
def index(request: Verzoek) -> HttpResponse:
    if permissions.mag_jaarrapport(request.user):
        return redirect("reporting:jaarrapport")
    if permissions.mag_dashboard(request.user):
        return redirect("reporting:dashboard")
    raise PermissionDenied


# --- Jaarrapport ------------------------------------------------------------------------------


def _jaren(vandaag: date) -> tuple[int, ...]:
    return tuple(j for j, _label in jaar_keuzes(vandaag))


def _keuze(request: Verzoek, vandaag: date) -> Jaarkeuze:
    """Year and peildatum of the Jaarrapport page; the peildatum follows the year."""
    jaren = _jaren(vandaag)
    standaard = standaard_jaar(vandaag, afgesloten=True)
    jaar, fout = lees_jaar(request.GET.get("jaar"), jaren=jaren, standaard=standaard)
    if jaar is None:
        return Jaarkeuze(None, jaren, fout)
    vorig, _fout = lees_jaar(request.GET.get("vorig_jaar"), jaren=jaren, standaard=jaar)
    gevraagd = None
    if request.GET.get("peildatum"):
        try:
            gevraagd = date.fromisoformat(request.GET["peildatum"])
        except ValueError:
            return Jaarkeuze(
                None, jaren, _("Geef de peildatum als datum, bijvoorbeeld 31/03/2025.")
            )
    peildatum = kies_peildatum(jaar, gevraagd, vorig)
    if peildatum < date(jaar, 1, 1):
        return Jaarkeuze(None, jaren, _("De peildatum valt niet vóór het rapportjaar."))
    return Jaarkeuze(
        jaar, jaren, peildatum=peildatum, standaard_peildatum=standaard_peildatum(jaar)
    )


@toegang(permissions.mag_jaarrapport)
@require_GET
def jaarrapport(request: Verzoek) -> HttpResponse:
    vandaag = _vandaag()
    rapport: GegenereerdRapport | None = None
    if request.GET.get("rapport", "").isdigit():
        rapport = get_object_or_404(GegenereerdRapport, pk=int(request.GET["rapport"]))
        keuze = Jaarkeuze(
            rapport.jaar,
            _jaren(vandaag),
            peildatum=rapport.peildatum,
            standaard_peildatum=standaard_peildatum(rapport.jaar),
        )
    else:
        keuze = _keuze(request, vandaag)
        if keuze.jaar is not None:
            rapport = GegenereerdRapport.objects.filter(
                jaar=keuze.jaar,
                peildatum=keuze.peildatum,  # type: ignore[misc]  # a chosen year has its peildatum
            ).first()
    jaar, peildatum = keuze.jaar, keuze.peildatum

    context: dict[str, Any] = {
        "keuze": keuze,
        "jaar": jaar_tekst(jaar) if jaar is not None else "",
        "peildatum": peildatum,
        "rapport": rapport,
        "ingediend": IngediendRapport.objects.filter(jaar=jaar).select_related("ingediend_door")
        if jaar is not None
        else [],
        "formaten": list(exports.FORMATEN),
    }
    if rapport and rapport.status == GegenereerdRapport.Status.KLAAR:
        resultaat = cast("dict[str, Any]", rapport.resultaat)  # KLAAR: the result is there
        vorige = services.laatst_ingediend(rapport.jaar)
        verschillen = services.verschillen(vorige.rapport, resultaat) if vorige else []
        tabellen = exports.markeer(exports.tabellen(resultaat), verschillen)
        context.update(
            tabellen=tabellen,
            grafieken=exports.grafieken(tabellen),
            vorige=vorige,
            verschillen=exports.beschrijf_verschillen(verschillen, resultaat),
            al_ingediend=rapport.indieningen.exists(),
        )
    return render(request, "reporting/jaarrapport.html", context, status=400 if keuze.fout else 200)


@toegang(permissions.mag_jaarrapport)
@require_POST
def genereer(request: Verzoek) -> HttpResponse:
    form = RapportKeuzeForm(request.POST, vandaag=_vandaag())
    if not form.is_valid():
        messages.error(request, _("Kies een geldig rapportjaar en een geldige peildatum."))
        return redirect("reporting:jaarrapport")
    jaar = form.cleaned_data["jaar"]
    peildatum = form.cleaned_data["peildatum"] or standaard_peildatum(jaar)
    rapport = services.start_generatie(jaar=jaar, peildatum=peildatum, door=request.user)
    return redirect(f"{reverse('reporting:jaarrapport')}?rapport={rapport.pk}")


@toegang(permissions.mag_jaarrapport)
@require_GET
def voortgang(request: Verzoek, pk: int) -> HttpResponse:
    """The progress fragment, polled by htmx until the run is over; then the page reloads."""
    rapport = get_object_or_404(GegenereerdRapport, pk=pk)
    response = render(request, "reporting/_voortgang.html", {"rapport": rapport})
    if rapport.is_afgelopen and request.htmx:
        response["HX-Redirect"] = f"{reverse('reporting:jaarrapport')}?rapport={rapport.pk}"
    return response


def _download(
    request: Verzoek, report: dict[str, Any], fmt: str, bron: str, bron_id: int
) -> HttpResponse:
    if fmt in services.TRAGE_FORMATEN:
        # A PDF takes seconds: the worker builds it; the page shows its progress.
        bestand = services.start_export(bron=bron, bron_id=bron_id, formaat=fmt, door=request.user)
        return redirect("reporting:bestand", pk=bestand.pk)
    content_type = exports.FORMATEN[fmt][0]
    response = HttpResponse(exports.render(report, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.bestandsnaam(report, fmt)}"'
    return response


@toegang(permissions.mag_jaarrapport)
@require_GET
def download(request: Verzoek, pk: int, fmt: str) -> HttpResponse:
    rapport = get_object_or_404(
        GegenereerdRapport.objects.defer("resultaat")
        if fmt in services.TRAGE_FORMATEN
        else GegenereerdRapport.objects.all(),
        pk=pk,
        status=GegenereerdRapport.Status.KLAAR,
    )
    report = {} if fmt in services.TRAGE_FORMATEN else cast("dict[str, Any]", rapport.resultaat)
    return _download(request, report, fmt, Exportbestand.Bron.MEDEDELING, rapport.pk)


@toegang(permissions.mag_jaarrapport)
@require_GET
def download_ingediend(request: Verzoek, pk: int, fmt: str) -> HttpResponse:
    ingediend = get_object_or_404(IngediendRapport, pk=pk)
    if not services.is_ongewijzigd(ingediend):
        # The frozen JSON no longer matches its checksum: never hand it out as the submitted one.
        raise PermissionDenied
    return _download(request, ingediend.rapport, fmt, Exportbestand.Bron.INGEDIEND, ingediend.pk)


# --- downloads built by the worker -------------------------------------------------------------


def _mag_bestand(user: Any, bestand: Exportbestand) -> bool:
    if bestand.bron == Exportbestand.Bron.LADDER:
        return heeft_rol(user, *RAPPORTERING_ROLLEN)
    return permissions.mag_jaarrapport(user)


def _bestand_van(request: Verzoek, pk: int) -> Exportbestand:
    bestand = get_object_or_404(Exportbestand.objects.defer("inhoud"), pk=pk)
    if not _mag_bestand(request.user, bestand):
        raise PermissionDenied
    return bestand


@toegang(RAPPORTERING_ROLLEN)
@require_GET
def bestand(request: Verzoek, pk: int) -> HttpResponse:
    """The progress of a download the worker builds; polled by htmx, then the file is offered."""
    exportbestand = _bestand_van(request, pk)
    context = {"bestand": exportbestand}
    if request.htmx:
        response = render(request, "reporting/_bestand_voortgang.html", context)
        if exportbestand.status == GegenereerdRapport.Status.KLAAR:
            response["HX-Redirect"] = reverse("reporting:bestand_download", args=[pk])
        return response
    return render(request, "reporting/bestand.html", context)


@toegang(RAPPORTERING_ROLLEN)
@require_GET
def bestand_download(request: Verzoek, pk: int) -> HttpResponse:
    exportbestand = _bestand_van(request, pk)
    if exportbestand.status != GegenereerdRapport.Status.KLAAR:
        return redirect("reporting:bestand", pk=pk)
    inhoud = Exportbestand.objects.values_list("inhoud", flat=True).get(pk=pk)
    content_type = exports.FORMATEN.get(exportbestand.formaat, ("application/octet-stream",))[0]
    response = HttpResponse(bytes(cast("bytes | memoryview", inhoud)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exportbestand.bestandsnaam}"'
    return response


@toegang(RAPPORTERING_ROLLEN)
@require_POST
def ladder_export(request: Verzoek) -> HttpResponse:
    """Queue a ladder report download (PDF) for the worker; the year as on the page."""
    jaren = rapport_jaren(_vandaag())
    jaar, fout = lees_jaar(request.POST.get("jaar"), jaren=jaren, standaard=max(jaren))
    formaat = request.POST.get("format", "")
    if jaar is None or not request.POST.get("jaar") or formaat not in services.TRAGE_FORMATEN:
        return HttpResponse(
            fout or _("Kies een jaar en een formaat."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    exportbestand = services.start_export(
        bron=Exportbestand.Bron.LADDER, bron_id=jaar, formaat=formaat, door=request.user
    )
    return redirect("reporting:bestand", pk=exportbestand.pk)


@toegang(permissions.mag_jaarrapport)
@require_POST
def indienen(request: Verzoek, pk: int) -> HttpResponse:
    rapport = get_object_or_404(GegenereerdRapport, pk=pk)
    try:
        services.dien_in(
            rapport=rapport,
            door=request.user,
            reden=request.POST.get("reden", ""),
            bevestig_peildatum=request.POST.get("bevestig_peildatum") == "ja",
        )
    except services.RapportFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("Het rapport is ingediend en bevroren."))
    return redirect(f"{reverse('reporting:jaarrapport')}?rapport={rapport.pk}")


# --- Dashboard and contingents ------------------------------------------------------------------


@toegang(permissions.mag_dashboard)
@require_GET
def dashboard(request: Verzoek) -> HttpResponse:
    vandaag = _vandaag()
    jaren = _jaren(vandaag)
    jaar, fout = lees_jaar(
        request.GET.get("jaar"), jaren=jaren, standaard=standaard_jaar(vandaag, afgesloten=False)
    )
    keuze = Jaarkeuze(jaar, jaren, fout)
    context: dict[str, Any] = {
        "keuze": keuze,
        "tabel": tabelnummer("activering_status_per_regio"),
        "grafiek_labels": {
            "aanvaard": _("Aanvaard"),
            "bezig": _("Bezig"),
            "vervroegd_stopgezet": _("Vervroegd stopgezet"),
            "afgesloten": _("Afgesloten"),
            "objectief": _("Objectief"),
            "pro_rata": _("Verwacht pro rata op de peildatum"),
            "projectie": _("Projectie op 31 december"),
        },
    }
    if jaar is not None:
        regios = permissions.zichtbare_regios(request.user)
        # As table 3 of the Mededeling: a finished year on its standard peildatum, the
        # running year on today.
        peildatum = min(standaard_peildatum(jaar), vandaag)
        overzicht = dashboard_van(jaar=jaar, peildatum=peildatum, regios=regios)
        totaal = [overzicht.totaal] if overzicht.totaal else []
        context.update(
            dashboard=overzicht,
            jaar=jaar_tekst(jaar),
            secties=[
                (_("Per werk- en zorgregio"), [*overzicht.regios, *totaal], "regio"),
                (_("Per netwerk"), [*overzicht.netwerken, *totaal], "netwerk"),
            ],
            grafiekdata=overzicht.grafiekdata(),
        )
    return render(request, "reporting/dashboard.html", context, status=400 if fout else 200)


@toegang(permissions.mag_contingenten)
@require_GET
def contingenten(request: Verzoek) -> HttpResponse:
    vandaag = _vandaag()
    jaren = _jaren(vandaag)
    jaar, fout = lees_jaar(
        request.GET.get("jaar"), jaren=jaren, standaard=standaard_jaar(vandaag, afgesloten=False)
    )
    context: dict[str, Any] = {"keuze": Jaarkeuze(jaar, jaren, fout)}
    if jaar is not None:
        # As in the report (31 March of the next year); for a running year: today.
        peildatum = min(standaard_peildatum(jaar), vandaag)
        context.update(
            overzicht=contingenten_van(jaar=jaar, peildatum=peildatum),
            lopend_jaar=jaar == vandaag.year,
        )
    return render(request, "reporting/contingenten.html", context, status=400 if fout else 200)

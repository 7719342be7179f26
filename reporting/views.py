"""Reporting pages: the yearly Mededeling (admins), the coordinators' dashboard, AMA SE contingents.

Thin views: authorise, read a form, call one service or selector, render. No figures are
computed here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import toegang
from reporting import exports, permissions, services
from reporting.contingenten import contingenten as contingenten_van
from reporting.dashboard import dashboard as dashboard_van
from reporting.forms import JaarForm, RapportKeuzeForm
from reporting.mededeling import standaard_peildatum
from reporting.models import GegenereerdRapport, IngediendRapport


def _vandaag() -> date:
    return timezone.localdate()


@toegang(permissions.mag_dashboard)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if permissions.mag_jaarrapport(request.user):
        return redirect("reporting:jaarrapport")
    if permissions.mag_dashboard(request.user):
        return redirect("reporting:dashboard")
    raise PermissionDenied


# --- Jaarrapport ------------------------------------------------------------------------------


def _keuze(request: HttpRequest, vandaag: date) -> tuple[RapportKeuzeForm, int, date]:
    standaard_jaar = vandaag.year - 1
    form = RapportKeuzeForm(
        request.GET if "jaar" in request.GET else None,
        vandaag=vandaag,
        initial={"jaar": standaard_jaar},
    )
    if form.is_bound and form.is_valid():
        jaar = form.cleaned_data["jaar"]
        peildatum = form.cleaned_data["peildatum"] or standaard_peildatum(jaar)
    else:
        jaar, peildatum = standaard_jaar, standaard_peildatum(standaard_jaar)
    return form, jaar, peildatum


@toegang(permissions.mag_jaarrapport)
@require_GET
def jaarrapport(request: HttpRequest) -> HttpResponse:
    vandaag = _vandaag()
    rapport: GegenereerdRapport | None = None
    if request.GET.get("rapport", "").isdigit():
        rapport = get_object_or_404(GegenereerdRapport, pk=int(request.GET["rapport"]))
        form = RapportKeuzeForm(
            vandaag=vandaag, initial={"jaar": rapport.jaar, "peildatum": rapport.peildatum}
        )
        jaar, peildatum = rapport.jaar, rapport.peildatum
    else:
        form, jaar, peildatum = _keuze(request, vandaag)
        rapport = GegenereerdRapport.objects.filter(jaar=jaar, peildatum=peildatum).first()
        if not form.is_bound:
            form = RapportKeuzeForm(vandaag=vandaag, initial={"jaar": jaar, "peildatum": peildatum})

    context: dict[str, Any] = {
        "form": form,
        "jaar": jaar,
        "peildatum": peildatum,
        "rapport": rapport,
        "ingediend": IngediendRapport.objects.filter(jaar=jaar).select_related("ingediend_door"),
        "formaten": list(exports.FORMATEN),
    }
    if rapport and rapport.status == GegenereerdRapport.Status.KLAAR:
        vorige = services.laatst_ingediend(jaar)
        verschillen = services.verschillen(vorige.rapport, rapport.resultaat) if vorige else []
        tabellen = exports.markeer(exports.tabellen(rapport.resultaat), verschillen)
        context.update(
            tabellen=tabellen,
            grafieken=exports.grafieken(tabellen),
            vorige=vorige,
            verschillen=exports.beschrijf_verschillen(verschillen, rapport.resultaat),
            al_ingediend=rapport.indieningen.exists(),
        )
    return render(request, "reporting/jaarrapport.html", context)


@toegang(permissions.mag_jaarrapport)
@require_POST
def genereer(request: HttpRequest) -> HttpResponse:
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
def voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment, polled by htmx until the run is over; then the page reloads."""
    rapport = get_object_or_404(GegenereerdRapport, pk=pk)
    response = render(request, "reporting/_voortgang.html", {"rapport": rapport})
    if rapport.is_afgelopen and request.htmx:
        response["HX-Redirect"] = f"{reverse('reporting:jaarrapport')}?rapport={rapport.pk}"
    return response


def _download(report: dict[str, Any], fmt: str) -> HttpResponse:
    content_type = exports.FORMATEN[fmt][0]
    response = HttpResponse(exports.render(report, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.bestandsnaam(report, fmt)}"'
    return response


@toegang(permissions.mag_jaarrapport)
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rapport = get_object_or_404(GegenereerdRapport, pk=pk, status=GegenereerdRapport.Status.KLAAR)
    return _download(rapport.resultaat, fmt)


@toegang(permissions.mag_jaarrapport)
@require_GET
def download_ingediend(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    ingediend = get_object_or_404(IngediendRapport, pk=pk)
    if not services.is_ongewijzigd(ingediend):
        # The frozen JSON no longer matches its checksum: never hand it out as the submitted one.
        raise PermissionDenied
    return _download(ingediend.rapport, fmt)


@toegang(permissions.mag_jaarrapport)
@require_POST
def indienen(request: HttpRequest, pk: int) -> HttpResponse:
    rapport = get_object_or_404(GegenereerdRapport, pk=pk)
    try:
        services.dien_in(rapport=rapport, door=request.user)
    except services.RapportFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("Het rapport is ingediend en bevroren."))
    return redirect(f"{reverse('reporting:jaarrapport')}?rapport={rapport.pk}")


# --- Dashboard and contingents ------------------------------------------------------------------


@toegang(permissions.mag_dashboard)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    regios = permissions.zichtbare_regios(request.user)
    overzicht = dashboard_van(vandaag=_vandaag(), regios=regios)
    totaal = [overzicht.totaal] if overzicht.totaal else []
    return render(
        request,
        "reporting/dashboard.html",
        {
            "dashboard": overzicht,
            "secties": [
                (_("Per werk- en zorgregio"), [*overzicht.regios, *totaal], "regio"),
                (_("Per netwerk"), [*overzicht.netwerken, *totaal], "netwerk"),
            ],
            "grafiekdata": overzicht.grafiekdata(),
            "grafiek_labels": {
                "aanvaard": _("Aanvaard"),
                "bezig": _("Bezig"),
                "vervroegd_stopgezet": _("Vervroegd stopgezet"),
                "afgesloten": _("Afgesloten"),
                "objectief": _("Objectief"),
                "pro_rata": _("Verwacht pro rata op vandaag"),
                "projectie": _("Projectie op 31 december"),
            },
        },
    )


@toegang(permissions.mag_contingenten)
@require_GET
def contingenten(request: HttpRequest) -> HttpResponse:
    vandaag = _vandaag()
    form = JaarForm(request.GET if "jaar" in request.GET else None, vandaag=vandaag)
    jaar = form.cleaned_data["jaar"] if form.is_bound and form.is_valid() else vandaag.year
    if not form.is_bound:
        form = JaarForm(vandaag=vandaag, initial={"jaar": jaar})
    # As in the report (31 March of the next year); for a running year: today.
    peildatum = min(standaard_peildatum(jaar), vandaag)
    overzicht = contingenten_van(jaar=jaar, peildatum=peildatum)
    return render(
        request,
        "reporting/contingenten.html",
        {"form": form, "overzicht": overzicht, "lopend_jaar": jaar == vandaag.year},
    )

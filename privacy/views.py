"""The privacy page for admins: registered research purposes, the extract download, past
retention runs and deliveries.

The extract holds no direct identifiers, but it is pseudonymised personal data of every
participant of a year, in bulk: like the other personal-data exports it asks for a recent
re-authentication (`herauthenticatie_vereist`), so a hijacked session cannot take it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import herauthenticatie_vereist
from accounts.permissions import is_admin, toegang
from accounts.verzoek import Verzoek
from privacy.extract import BESTANDEN, ExtractFout, extract_zip, zip_naam
from privacy.forms import ExtractForm
from privacy.models import ExtractLevering, Kanaal, Onderzoeksdoel, RetentieRun
from privacy.pseudoniem import gebruikt_ontwikkelsleutel

LAATSTE = 20


def _pagina(request: Verzoek, form: ExtractForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "doelen": Onderzoeksdoel.objects.all(),
        "runs": RetentieRun.objects.select_related("door")[:LAATSTE],
        "leveringen": ExtractLevering.objects.select_related("doel")[:LAATSTE],
        "bewaartermijn": getattr(settings, "WERKZORG_BEWAARTERMIJN_JAREN", None),
        "bestanden": BESTANDEN,
        "ontwikkelsleutel": gebruikt_ontwikkelsleutel(),
    }
    response = render(request, "privacy/index.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


# Not for other users: a 404, as the DPO page, so the page's existence is not disclosed.
@toegang(is_admin, weigering=404)
@require_GET
def index(request: Verzoek) -> HttpResponse:
    return _pagina(request, ExtractForm(vandaag=timezone.localdate()))


@toegang(is_admin, weigering=404)
@herauthenticatie_vereist
@require_POST
def extract(request: Verzoek) -> HttpResponseBase:
    form = ExtractForm(request.POST, vandaag=timezone.localdate())
    if not form.is_valid():
        return _pagina(request, form, status=400)
    doel, jaar = form.cleaned_data["doel"], form.cleaned_data["jaar"]
    try:
        _resultaat, bestand = extract_zip(
            doel_code=doel.code, jaar=jaar, door=request.user, kanaal=Kanaal.WEB
        )
    except ExtractFout as exc:
        form.add_error(None, str(exc))
        return _pagina(request, form, status=400)
    response = FileResponse(
        bestand,
        as_attachment=True,
        filename=zip_naam(doel.code, jaar),
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response

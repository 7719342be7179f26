"""Pages of the participatieladder: the report, the placement form, the catalog."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import (
    DEELNEMER,
    DOSSIER_ROLLEN,
    INGELOGD,
    RAPPORTERING_ROLLEN,
    REGISTRATIE_ROLLEN,
    heeft_rol,
    toegang,
)
from accounts.verzoek import Verzoek
from audit.log import log_dossier_inzage
from deelnemers.models import Deelnemer
from ladder import selectors, services
from ladder.exports import RENDERERS, bladen, stroom_labels
from ladder.forms import PlaatsingForm
from ladder.models import Trede
from ladder.report import (
    STROOM_SOORTEN,
    laatste_jaar_met_plaatsingen,
    ladder_rapport,
    rapport_jaren,
)
from ladder.sankey import sankey
from werkzorg.domein.formulieren import add_weigering
from werkzorg.domein.fouten import Geweigerd
from werkzorg.domein.jaren import Jaarkeuze, jaar_tekst, lees_jaar

#: Downloads answered in the request; the PDF is built by the worker (reporting.ladder_export).
FORMATEN = (("xlsx", "Excel"), ("csv", "CSV"), ("pdf", "PDF"), ("json", "JSON"))
SNELLE_FORMATEN = ("xlsx", "csv", "json")


def _deelnemer_voor(user: Any, pk: str) -> Deelnemer:
    """Fetch a dossier the user may see (404 otherwise), via the one scoping helper."""
    try:
        dn_selectors = importlib.import_module("deelnemers.selectors")
    except ImportError:  # pragma: no cover - the web-core app provides it
        dn_selectors = None
    if dn_selectors is not None and hasattr(dn_selectors, "visible_to"):
        return get_object_or_404(dn_selectors.visible_to(user), pk=pk)
    if not heeft_rol(user, "admin"):
        raise Http404
    return get_object_or_404(Deelnemer, pk=pk)


def _dossier_url(pk: str) -> str:
    """The dossier page (it shows the ladder timeline), or our own history page without it."""
    try:
        return reverse("deelnemers:dossier", kwargs={"pk": pk})
    except NoReverseMatch:
        return reverse("ladder:deelnemer", kwargs={"pk": pk})


@toegang(INGELOGD)
def index(request: Verzoek) -> HttpResponse:
    """The treden and the werkvormen open for new placements today."""
    op = timezone.localdate()
    werkvormen = selectors.werkvormen_op(op)
    per_trede: dict[int, list[Any]] = {}
    for w in werkvormen:
        per_trede.setdefault(w.trede_id, []).append(w)
    treden = [(t, per_trede.get(t.nummer, [])) for t in Trede.objects.order_by("-nummer")]
    return render(
        request,
        "ladder/index.html",
        {
            "treden": treden,
            "op": op,
            "mag_rapport": heeft_rol(request.user, *RAPPORTERING_ROLLEN),
        },
    )


@toegang(RAPPORTERING_ROLLEN)
@require_GET
def rapport(request: Verzoek) -> HttpResponse:
    """The ladder report of a year for coordinators and admins, and its downloads.

    The year is read once (`lees_jaar`): a year that is not one of the offered years is
    refused with a Dutch message, never replaced by another year. Links and file names carry
    the year as digits, so what is downloaded is the year on screen. The PDF (seconds of
    WeasyPrint) is built by the worker: its button posts to `reporting:ladder_export`.
    """
    if not heeft_rol(request.user, *RAPPORTERING_ROLLEN):
        raise PermissionDenied
    vandaag = timezone.localdate()
    jaren = rapport_jaren(vandaag)
    standaard = laatste_jaar_met_plaatsingen(vandaag.year - 1) or vandaag.year - 1
    jaar, fout = lees_jaar(request.GET.get("jaar"), jaren=jaren, standaard=standaard)
    formaat = request.GET.get("format")
    if formaat and formaat not in SNELLE_FORMATEN:
        raise Http404
    if jaar is None:
        if formaat:
            return HttpResponse(fout, status=400, content_type="text/plain; charset=utf-8")
        return render(
            request,
            "ladder/rapport.html",
            {"keuze": Jaarkeuze(None, jaren, fout), "jaar": ""},
            status=400,
        )
    data = ladder_rapport(jaar)
    if formaat:
        render_fn, mime, ext = RENDERERS[formaat]
        response = HttpResponse(render_fn(data), content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="ladder-{jaar_tekst(jaar)}.{ext}"'
        return response
    stromen = data["tables"]["ladder_stromen"]
    labels = stroom_labels()
    return render(
        request,
        "ladder/rapport.html",
        {
            "keuze": Jaarkeuze(jaar, jaren),
            "jaar": jaar_tekst(jaar),
            "bladen": bladen(data),
            "stromen": [(labels[s], stromen[s]) for s in STROOM_SOORTEN],
            "sankey": sankey(stromen),
            "formaten": [(f, naam) for f, naam in FORMATEN if f in SNELLE_FORMATEN],
            "pdf": "pdf" in RENDERERS,
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": DEELNEMER})
@require_http_methods(["GET", "POST"])
def plaatsing_nieuw(request: Verzoek, pk: str) -> HttpResponse:
    """Record a placement on the ladder for a participant in the user's scope."""
    if not heeft_rol(request.user, *REGISTRATIE_ROLLEN, *DOSSIER_ROLLEN):
        raise PermissionDenied
    deelnemer = _deelnemer_voor(request.user, pk)
    initial = {"provincie": deelnemer.provincie_id, "regio": deelnemer.regio_id}
    form = PlaatsingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.registreer_plaatsing(
                door=request.user,
                deelnemer_id=deelnemer.pk,
                werkvorm_id=c["werkvorm"].pk,
                start=c["start"],
                einde=c["einde"],
                provincie_id=c["provincie"].pk,
                regio_wvl_id=c["regio_wvl"].pk if c["regio_wvl"] else None,
                organisatie_id=c["organisatie"].pk if c["organisatie"] else None,
                regio_id=c["regio"].pk if c["regio"] else None,
            )
        except Geweigerd as e:
            add_weigering(form, e)
        else:
            messages.success(request, _("De plaatsing is geregistreerd."))
            return redirect(_dossier_url(deelnemer.pk))
    return render(
        request,
        "ladder/plaatsing_form.html",
        {"form": form, "deelnemer": deelnemer},
        status=400 if form.errors else 200,
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": DEELNEMER})
def deelnemer(request: Verzoek, pk: str) -> HttpResponse:
    """A participant's ladder history (the same partial the dossier page includes)."""
    d = _deelnemer_voor(request.user, pk)
    log_dossier_inzage(request, [d.pk], "ui")
    return render(
        request,
        "ladder/deelnemer.html",
        {
            "deelnemer": d,
            "plaatsingen": selectors.tijdlijn(d.pk),
            "mag_wijzigen": heeft_rol(request.user, *REGISTRATIE_ROLLEN, *DOSSIER_ROLLEN),
        },
    )

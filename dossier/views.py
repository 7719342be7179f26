"""The dossier as a whole: print, subject access / portability, merge, duplicates, caseload
transfer.

Every dossier is fetched through `deelnemers.selectors.get_deelnemer_for_user` (404 outside
scope); every page or file showing a participant's data is a logged read (`audit.log`). The
admin-only pages answer others with 404 (their existence is not disclosed).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.decorators import herauthenticatie_vereist
from accounts.models import Rol, User
from accounts.permissions import DEELNEMER, DOSSIER_ROLLEN, is_admin, toegang
from accounts.verzoek import Verzoek
from audit.log import log_dossier_inzage
from deelnemers.models import Deelnemer
from deelnemers.selectors import get_deelnemer_for_user
from dossier import afdruk, inhoud, overdracht, samenvoegen
from dossier.models import DuplicaatPaar, DuplicatenRun
from dossier.tasks import zoek_dubbels
from werkzorg.domein.fouten import Geweigerd

logger = logging.getLogger("werkzorg.audit")


def _bestand(data: bytes, naam: str, soort: str, bijlage: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type=soort)
    wijze = "attachment" if bijlage else "inline"
    response["Content-Disposition"] = f'{wijze}; filename="{naam}"'
    response["Cache-Control"] = "no-store"
    return response


# --- 1. print ------------------------------------------------------------------------------


@toegang(DOSSIER_ROLLEN, dossier={"pk": DEELNEMER})
@never_cache
def afdrukken(request: Verzoek, pk: str) -> HttpResponse:
    """The dossier summary as a PDF; the Zorg notes only for the casemanager Zorg who reads
    them on the dossier page. A logged read (channel export)."""
    d = get_deelnemer_for_user(request.user, pk)
    pdf = afdruk.als_pdf("dossier/pdf/samenvatting.html", afdruk.samenvatting(request.user, d))
    log_dossier_inzage(request, [d.pk], "export")
    return _bestand(pdf, f"dossier-{d.pk}.pdf", "application/pdf", bijlage=False)


# --- 2. subject access and portability (GDPR art. 15 and 20) -------------------------------


@toegang(is_admin, dossier={"pk": DEELNEMER})
@herauthenticatie_vereist
@never_cache
def inzage(request: Verzoek, pk: str) -> HttpResponse:
    """GET: what the export holds, two buttons. POST `formaat=pdf|zip`: the file, recorded as a
    disclosure (read log, channel export, and the `werkzorg.audit` logger)."""
    d = get_deelnemer_for_user(request.user, pk)
    if request.method != "POST":
        log_dossier_inzage(request, [d.pk], "ui")
        return render(
            request,
            "dossier/inzage.html",
            {"deelnemer": d, "tabellen": inhoud.tabellen(d.pk)},
        )
    formaat = request.POST.get("formaat", "zip")
    log_dossier_inzage(request, [d.pk], "export")
    logger.info(
        "dossier-verstrekt",
        extra={"deelnemer_ids": [d.pk], "user_id": request.user.pk, "formaat": formaat},
    )
    if formaat == "pdf":
        context = {
            "deelnemer_id": d.pk,
            "tabellen": inhoud.tabellen(d.pk),
            "geschiedenis": inhoud.geschiedenis(d.pk, request.user),
            "inzages": inhoud.inzages(d.pk),
            "aangemaakt_op": timezone.localtime(),
        }
        pdf = afdruk.als_pdf("dossier/pdf/inzage.html", context)
        return _bestand(pdf, f"inzage-{d.pk}.pdf", "application/pdf")
    data, _telling = inhoud.export_zip(d.pk, request.user)
    return _bestand(data, f"inzage-{d.pk}.zip", "application/zip")


# --- 4. merge ------------------------------------------------------------------------------


@toegang(is_admin, dossier={"pk": DEELNEMER})
@herauthenticatie_vereist
@never_cache
def samenvoegen_view(request: Verzoek, pk: str) -> HttpResponse:
    """Merge dossier `met` (the duplicate, GET/POST field) into `pk` (the survivor): the
    differences and conflicts first, then one POST."""
    survivor = get_deelnemer_for_user(request.user, pk)
    met = (request.POST.get("met") or request.GET.get("met") or "").strip()
    dubbel = None
    if met:
        dubbel = Deelnemer.objects.filter(pk=met).select_related("provincie", "regio").first()
        if dubbel is None:
            messages.error(request, _("Er is geen dossier met id %(id)s.") % {"id": met})
    context: dict[str, Any] = {"survivor": survivor, "dubbel": dubbel, "met": met}
    if dubbel is not None:
        context["conflicten"] = samenvoegen.conflicten(survivor, dubbel)
        context["verschillen"] = [
            (k, getattr(survivor, k), getattr(dubbel, k))
            for k in samenvoegen.verschillen(survivor, dubbel)
        ]
        log_dossier_inzage(request, [survivor.pk, dubbel.pk], "ui")
        if request.method == "POST" and request.POST.get("bevestig"):
            keuzes = {
                k: request.POST.get(f"keuze_{k}", "survivor")
                for k, _a, _b in context["verschillen"]
            }
            try:
                samenvoegen.voeg_samen(
                    door=request.user, survivor_id=survivor.pk, dubbel_id=dubbel.pk, keuzes=keuzes
                )
            except Geweigerd as e:
                messages.error(request, str(e))
            else:
                messages.success(
                    request,
                    _("Dossier %(oud)s is samengevoegd in %(nieuw)s.")
                    % {"oud": dubbel.pk, "nieuw": survivor.pk},
                )
                return redirect("deelnemers:dossier", pk=survivor.pk)
    else:
        log_dossier_inzage(request, [survivor.pk], "ui")
    status = 400 if request.method == "POST" else 200
    return render(request, "dossier/samenvoegen.html", context, status=status)


# --- 3. duplicates: the data-quality page --------------------------------------------------


@toegang(is_admin, weigering=404)
@never_cache
def dubbels(request: Verzoek) -> HttpResponse:
    """The candidate pairs of the latest finished run, paged; POST starts a new run."""
    if request.method == "POST":
        run = DuplicatenRun.objects.create(door=request.user)
        transaction.on_commit(lambda: zoek_dubbels.delay(run.pk))
        messages.info(request, _("Het zoeken naar dubbels is gestart."))
        return redirect("dossier:dubbels")
    laatste = DuplicatenRun.objects.filter(status=DuplicatenRun.Status.KLAAR).first()
    bezig = DuplicatenRun.objects.filter(
        status__in=[DuplicatenRun.Status.WACHT, DuplicatenRun.Status.BEZIG]
    ).first()
    pagina = None
    if laatste is not None:
        pagina = Paginator(DuplicaatPaar.objects.filter(run=laatste), 50).get_page(
            request.GET.get("pagina")
        )
        ids = {p.a_id for p in pagina} | {p.b_id for p in pagina}
        personen = Deelnemer.objects.in_bulk(ids)
        for p in pagina:
            p.a, p.b = personen.get(p.a_id), personen.get(p.b_id)
        log_dossier_inzage(request, [i for i in ids if i in personen], "ui")
    return render(
        request, "dossier/dubbels.html", {"laatste": laatste, "bezig": bezig, "pagina": pagina}
    )


@toegang(is_admin, weigering=404)
@never_cache
def dubbels_voortgang(request: Verzoek) -> HttpResponse:
    run = DuplicatenRun.objects.first()
    return render(request, "dossier/_voortgang.html", {"run": run})


# --- 5. caseload transfer ------------------------------------------------------------------


class OverdrachtForm(forms.Form):
    van = forms.ModelChoiceField(
        label=gettext_lazy("Vertrekkende casemanager"), queryset=User.objects.none()
    )
    naar = forms.ModelChoiceField(
        label=gettext_lazy("Nieuwe casemanager"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        casemanagers = (
            User.objects.filter(
                rollen__rol__in=[Rol.CASEMANAGER_WERK, Rol.CASEMANAGER_ZORG],
                organisatie__isnull=False,
            )
            .select_related("organisatie")
            .distinct()
            .order_by("organisatie__naam", "last_name", "username")
        )
        cast("forms.ModelChoiceField[Any]", self.fields["van"]).queryset = casemanagers
        cast("forms.ModelChoiceField[Any]", self.fields["naar"]).queryset = casemanagers.filter(
            is_active=True
        )
        for veld in ("van", "naar"):
            keuze = cast("forms.ModelChoiceField[Any]", self.fields[veld])
            keuze.label_from_instance = lambda u: (  # type: ignore[method-assign,assignment]  # per field, as Django's docs do
                f"{u.get_full_name() or u.get_username()} · {u.organisatie}"
            )


@toegang(is_admin, weigering=404)
@never_cache
def caseload_overdragen(request: Verzoek) -> HttpResponse:
    """Choose the departing casemanager (GET `van`), see their caseload, move all or the
    selected dossiers to a colleague of the same organisation (POST)."""
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "van" in request.GET else None)
    )
    form = OverdrachtForm(data)
    dossiers: list[Deelnemer] = []
    status = 200
    if form.is_bound and form.is_valid():
        van = form.cleaned_data["van"]
        dossiers = list(overdracht.caseload_van(van).select_related("regio")[:500])
        log_dossier_inzage(request, [d.pk for d in dossiers], "ui")
        if request.method == "POST":
            naar = form.cleaned_data["naar"]
            gekozen = None if request.POST.get("alles") else request.POST.getlist("dossiers")
            if naar is None:
                form.add_error("naar", _("Kies de nieuwe casemanager."))
                status = 400
            else:
                try:
                    n = overdracht.draag_over(
                        door=request.user, van=van, naar=naar, deelnemer_ids=gekozen
                    )
                except Geweigerd as e:
                    for f in e.fouten:
                        form.add_error(f.veld if f.veld in form.fields else None, f.bericht)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("%(n)d dossiers overgedragen aan %(naar)s.")
                        % {"n": n, "naar": naar.get_full_name() or naar.get_username()},
                    )
                    return redirect(reverse("dossier:caseload") + f"?van={van.pk}")
    elif form.is_bound:
        status = 400
    return render(
        request, "dossier/caseload.html", {"form": form, "dossiers": dossiers}, status=status
    )


__all__ = [
    "afdrukken",
    "caseload_overdragen",
    "dubbels",
    "dubbels_voortgang",
    "inzage",
    "samenvoegen_view",
]

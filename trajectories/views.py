"""Web pages of the trajectories: thin views over `trajectories.services`.

Every view fetches through `deelnemers.selectors.visible_to` (out of scope: 404), checks that
the user may act on the trajectory (else 403), validates a form, calls one service and turns a
refusal (`rules.Geweigerd`) into Dutch errors next to the fields. The trajectplan is edited
inline with htmx: those views answer an htmx request with the plan partial, a plain request
with a redirect (or the full page when the input is refused).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import (
    ACTIE,
    ACTIVERINGSTRAJECT,
    AMA_SE_TRAJECT,
    AMA_WVG_OVEREENKOMST,
    BEGELEIDER_AMA_SE,
    BEGELEIDER_AMA_WVG,
    CASEMANAGER_WERK,
    CASEMANAGER_ZORG,
    DEELNEMER,
    DOSSIER_ROLLEN,
    PLANITEM,
    heeft_rol,
    mag_activering_bewerken,
    mag_ama_se_bewerken,
    mag_traject_starten,
    mag_wvg_bewerken,
    toegang,
)
from accounts.verzoek import Verzoek
from deelnemers.models import Deelnemer
from deelnemers.selectors import (
    activeringstrajecten_visible_to,
    ama_se_trajecten_visible_to,
    ama_wvg_overeenkomsten_visible_to,
    get_deelnemer_for_user,
)
from trajectories import rules, services
from trajectories.forms import (
    STAP_VELDEN,
    ActieForm,
    ActieWijzigForm,
    ActiveringStartForm,
    AmaSeMomentForm,
    AmaSeStartForm,
    DoelstellingForm,
    StageForm,
    StapForm,
    WvgBeeindigForm,
    WvgEvaluatieForm,
    WvgOvereenkomstForm,
    add_weigering,
)
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
    TrajectEvent,
)
from trajectories.selectors import met_referenties
from werkzorg.domein.formulieren import formulier_pagina
from werkzorg.formats import datum as toon_datum

# --- fetch and authorise --------------------------------------------------------------------


def _vandaag() -> date:
    return timezone.localdate()


def _activeringstraject(user: Any, pk: str) -> Activeringstraject:
    """One activeringstraject of a dossier the user may see, else 404: the scope checked for
    this row alone, its participant joined, the rest named by `met_referenties` (decision 543)."""
    traject = get_object_or_404(
        activeringstrajecten_visible_to(user, per_rij=True).select_related("deelnemer"), pk=pk
    )
    return met_referenties([traject])[0]


def _ama_se_traject(user: Any, pk: str) -> AmaSeTraject:
    traject = get_object_or_404(
        ama_se_trajecten_visible_to(user, per_rij=True).select_related("deelnemer", "begeleider"),
        pk=pk,
    )
    prefetch_related_objects([traject], "eindadvies", "stopreden")
    return traject


def _wvg_overeenkomst(user: Any, pk: str) -> AmaWvgOvereenkomst:
    return get_object_or_404(
        ama_wvg_overeenkomsten_visible_to(user, per_rij=True).select_related(
            "deelnemer", "begeleider"
        ),
        pk=pk,
    )


def _vereist(toegelaten: bool) -> None:
    if not toegelaten:
        raise PermissionDenied(_("U mag dit traject niet wijzigen."))


def _dossier_url(deelnemer_id: str) -> str:
    return reverse("deelnemers:dossier", args=[deelnemer_id])


# --- the dossier block ----------------------------------------------------------------------


def _activering_samenvatting(user: Any, t: Activeringstraject, op: date) -> dict[str, Any]:
    bewerkbaar = mag_activering_bewerken(user, t)
    return {
        "traject": t,
        "status": rules.activering_status(t, op) or rules.activering_status(t),
        "einddatum": rules.activering_einddatum(t),
        "overdue": rules.activering_is_overdue(t, op),
        "bewerkbaar": bewerkbaar,
        "stappen": [
            {"stap": stap, "redenen": [f.bericht for f in fouten]}
            for stap, fouten in services.activering_stappen_overzicht(t, op=op)
        ]
        if bewerkbaar
        else [],
    }


def _ama_se_samenvatting(user: Any, t: AmaSeTraject, op: date) -> dict[str, Any]:
    momenten = list(t.momenten.all())
    status = rules.ama_se_status(t, op) or rules.ama_se_status(t)
    bewerkbaar = mag_ama_se_bewerken(user, t)
    lopend = status == rules.Status.BEZIG
    return {
        "traject": t,
        "status": status,
        "momenten": momenten,
        # Only follow-ups move the next follow-up, as on the worklist (decision 539).
        "volgende_opvolging": rules.ama_se_volgende_opvolging(
            t.gematcht_op, [m.datum for m in momenten if m.soort == AmaSeMoment.Soort.OPVOLGING]
        )
        if lopend
        else None,
        "volgende_beslissing": rules.ama_se_volgende_beslissing(
            t.gematcht_op,
            [m.datum for m in momenten if m.soort == AmaSeMoment.Soort.BESLISSING],
        )
        if lopend
        else None,
        "bewerkbaar": bewerkbaar,
        "lopend": lopend,
        "stappen": services.toegelaten_ama_se_stappen(t, op=op) if bewerkbaar else [],
    }


def _wvg_samenvatting(user: Any, o: AmaWvgOvereenkomst, op: date) -> dict[str, Any]:
    evaluaties = list(o.evaluaties.all())
    lopend = rules.wvg_status(o, op) == rules.WVG_LOPEND
    return {
        "overeenkomst": o,
        "evaluaties": evaluaties,
        "lopend": lopend,
        "volgende_evaluatie": rules.wvg_volgende_evaluatie(o.start, [e.datum for e in evaluaties])
        if lopend
        else None,
        "bewerkbaar": mag_wvg_bewerken(user, o),
    }


def dossier_trajecten_context(user: Any, deelnemer: Deelnemer) -> dict[str, Any]:
    """Context of `trajectories/_dossier_trajecten.html` for a dossier the user may see.

    The dossier page may merge this into its context; without it, the block loads itself
    (htmx) from `trajecten:dossier_trajecten`.
    """
    op = _vandaag()
    activering = met_referenties(
        list(
            Activeringstraject.objects.filter(deelnemer=deelnemer)
            .prefetch_related(*_plan_prefetch())
            .order_by("-geinitieerd_op", "-pk")
        )
    )
    ama_se = list(
        AmaSeTraject.objects.filter(deelnemer=deelnemer)
        .select_related("begeleider", "eindadvies", "stopreden")
        .prefetch_related("momenten")
        .order_by("-gematcht_op", "-pk")
    )
    wvg = list(
        AmaWvgOvereenkomst.objects.filter(deelnemer=deelnemer)
        .select_related("begeleider")
        .prefetch_related("evaluaties")
        .order_by("-start", "-pk")
    )
    activering_blokken = []
    for t in activering:
        blok = _activering_samenvatting(user, t, op)
        blok["plan"] = _plan_context(user, t, bewerkbaar=blok["bewerkbaar"])
        activering_blokken.append(blok)
    return {
        "trajecten_geladen": True,
        "deelnemer": deelnemer,
        "activeringstrajecten": activering_blokken,
        "ama_se_trajecten": [_ama_se_samenvatting(user, t, op) for t in ama_se],
        "wvg_overeenkomsten": [_wvg_samenvatting(user, o, op) for o in wvg],
        "mag_activering_starten": mag_traject_starten(user, "activering"),
        "mag_ama_se_starten": mag_traject_starten(user, "ama-se"),
        "mag_wvg_starten": mag_traject_starten(user, "ama-wvg"),
    }


@toegang(DOSSIER_ROLLEN, dossier={"deelnemer_id": DEELNEMER})
def dossier_trajecten(request: Verzoek, deelnemer_id: str) -> HttpResponse:
    """The trajectories block of a dossier: a partial for htmx, a page otherwise."""
    deelnemer = get_deelnemer_for_user(request.user, deelnemer_id)
    context = dossier_trajecten_context(request.user, deelnemer)
    if request.htmx:
        return render(request, "trajectories/_dossier_trajecten.html", context)
    return render(request, "trajectories/dossier_trajecten.html", context)


# --- activeringstraject ---------------------------------------------------------------------


@toegang(DOSSIER_ROLLEN, dossier={"deelnemer_id": DEELNEMER})
@require_http_methods(["GET", "POST"])
def activering_nieuw(request: Verzoek, deelnemer_id: str) -> HttpResponse:
    deelnemer = get_deelnemer_for_user(request.user, deelnemer_id)
    _vereist(mag_traject_starten(request.user, "activering"))
    initial: dict[str, Any] = {"regio": deelnemer.regio_id, "geinitieerd_op": _vandaag()}
    org = getattr(request.user, "organisatie", None)
    if org is not None and heeft_rol(request.user, CASEMANAGER_WERK):
        initial["casemanager_werk_org"] = org.pk
    if org is not None and heeft_rol(request.user, CASEMANAGER_ZORG):
        initial["casemanager_zorg_org"] = org.pk
    return formulier_pagina(
        request,
        ActiveringStartForm,
        initial=initial,
        uitvoeren=lambda data: services.nieuw_activeringstraject(
            door=request.user,
            deelnemer_id=deelnemer.pk,
            regio_id=data["regio"].pk,
            geinitieerd_op=data["geinitieerd_op"],
            casemanager_werk_org_id=getattr(data["casemanager_werk_org"], "pk", None),
            casemanager_zorg_org_id=getattr(data["casemanager_zorg_org"], "pk", None),
            notitie=data["notitie"],
        ),
        melding=_("Het activeringstraject is gestart."),
        naar=lambda traject: reverse("trajecten:activering_detail", args=[traject.pk]),
        pagina={
            "deelnemer": deelnemer,
            "titel": _("Activeringstraject starten"),
            "knop": _("Traject starten"),
            "terug_url": _dossier_url(deelnemer.pk),
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
def activering_detail(request: Verzoek, pk: str) -> HttpResponse:
    traject = _activeringstraject(request.user, pk)
    return _activering_pagina(request, traject)


def _activering_pagina(
    request: Verzoek, traject: Activeringstraject, **plan_forms: Any
) -> HttpResponse:
    blok = _activering_samenvatting(request.user, traject, _vandaag())
    context = {
        "blok": blok,
        "traject": traject,
        "plan": _plan_context(
            request.user,
            traject,
            bewerkbaar=blok["bewerkbaar"],
            **plan_forms,
        ),
        "events": _events(TrajectEvent.Soort.ACTIVERING, traject.pk),
        "deelnemer": traject.deelnemer,
        "dossier_url": _dossier_url(traject.deelnemer_id),
    }
    return render(request, "trajectories/activering_detail.html", context)


def _stap_pagina(
    request: Verzoek,
    traject: Any,
    definitie: rules.Stap,
    *,
    soort: str,
    uitvoeren: Any,
    weigering: Any,
    detail_url: str,
    titel: str,
    initial: dict[str, Any],
    uitleg: str = "",
) -> HttpResponse:
    """The form page of one status step, shared by every trajectory kind.

    GET offers the step only when the rules allow it now, else says why (`weigering`: the
    kind's `…_stap_fouten`, the rule the buttons use); POST calls the kind's service and turns
    a refusal into form errors (nothing changed, the input kept).
    """
    if request.method == "POST":
        form = StapForm(request.POST, stap=definitie, soort=soort)
        if form.is_valid():
            try:
                uitvoeren(
                    door=request.user,
                    traject_id=traject.pk,
                    stap=definitie.naam,
                    **form.service_kwargs(),
                )
            except rules.Geweigerd as exc:
                add_weigering(form, exc, STAP_VELDEN)
            else:
                messages.success(
                    request, _("Opgeslagen: %(stap)s.") % {"stap": str(definitie.label).lower()}
                )
                return redirect(detail_url, pk=traject.pk)
    else:
        redenen = weigering(traject, definitie, op=_vandaag())
        if redenen:
            for fout in redenen:
                messages.error(request, fout.bericht)
            return redirect(detail_url, pk=traject.pk)
        form = StapForm(initial=initial, stap=definitie, soort=soort)
    return render(
        request,
        "trajectories/form_pagina.html",
        {
            "form": form,
            "deelnemer": traject.deelnemer,
            "traject": traject,
            "titel": titel,
            "knop": definitie.label,
            "terug_url": reverse(detail_url, args=[traject.pk]),
            "uitleg": uitleg,
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
@require_http_methods(["GET", "POST"])
def activering_stap(request: Verzoek, pk: str, stap: str) -> HttpResponse:
    traject = _activeringstraject(request.user, pk)
    definitie = rules.ACTIVERING_STAPPEN.get(stap)
    if definitie is None:
        raise Http404
    _vereist(mag_activering_bewerken(request.user, traject))
    initial: dict[str, Any] = {"versie": traject.versie}
    if any(v.endswith("_op") for v in definitie.velden):
        initial["datum"] = _vandaag()
    return _stap_pagina(
        request,
        traject,
        definitie,
        soort="activering",
        uitvoeren=services.activering_stap,
        weigering=services.activering_stap_fouten,
        detail_url="trajecten:activering_detail",
        titel=str(definitie.label),
        initial=initial,
        uitleg=_stap_uitleg(traject, definitie),
    )


def _stap_uitleg(traject: Activeringstraject, stap: rules.Stap) -> str:
    if stap.naam == "verlengen" and traject.bezig_op:
        grens = rules.activering_einddatum(traject)
        return _(
            "Het traject loopt tot %(grens)s. Eén verlenging van ten hoogste 6 maanden is mogelijk."
        ) % {"grens": toon_datum(grens) if grens else "?"}
    if stap.naam == "afsluiten":
        return _(
            "Afsluiten kan pas als het trajectplan minstens één werkervaringsstage bevat. "
            "Kies een eindadvies en motiveer het."
        )
    if stap.naam == "intrekken":
        return _("Intrekken kan enkel vóór het eerste gesprek.")
    return ""


# Event labels: `TrajectEvent.get_actie_display` (one map, on the model).
STATUS_LABELS = {
    **{s.value: s.label for s in rules.Status},
    "lopend": _l("Lopend"),
    "beeindigd": _l("Beëindigd"),
}


def _events(soort: str, traject_id: str) -> list[TrajectEvent]:
    events = list(
        TrajectEvent.objects.filter(soort=soort, traject_id=traject_id)
        .select_related("door")
        .order_by("-op", "-id")
    )
    for e in events:
        e.actie_label = e.get_actie_display()
        e.van_label = STATUS_LABELS.get(e.van_status, e.van_status)
        e.naar_label = STATUS_LABELS.get(e.naar_status, e.naar_status)
    return events


# --- trajectplan (htmx partials) -------------------------------------------------------------


def _plan_prefetch() -> list[Any]:
    return [
        Prefetch(
            "doelstellingen",
            queryset=Doelstelling.objects.prefetch_related(
                Prefetch("acties", queryset=Actie.objects.select_related("dienstverlener"))
            ),
        ),
        Prefetch("stages", queryset=Stage.objects.select_related("organisatie")),
    ]


def _plan_context(
    user: Any,
    traject: Activeringstraject,
    *,
    bewerkbaar: bool,
    doelstelling_form: DoelstellingForm | None = None,
    actie_form: ActieForm | None = None,
    stage_form: StageForm | None = None,
    bewerk_actie_id: int | None = None,
    actie_wijzig_form: ActieWijzigForm | None = None,
    melding: str = "",
) -> dict[str, Any]:
    """What `_plan.html` shows; uses prefetched plan rows when the caller loaded them."""
    prefetch_related_objects([traject], *_plan_prefetch())
    doelstellingen = list(traject.doelstellingen.all())
    # The same status the service checks: the last milestone's.
    open_plan = bewerkbaar and rules.activering_status(traject) in rules.PLAN_WIJZIGBAAR
    op = _vandaag()
    if open_plan and actie_form is None and doelstellingen:
        actie_form = ActieForm(
            regio=traject.regio, op=op, prefix=f"actie-{traject.pk}", doelstellingen=doelstellingen
        )
    return {
        "traject": traject,
        "doelstellingen_werk": [d for d in doelstellingen if d.soort == Doelstelling.Soort.WERK],
        "doelstellingen_zorg": [d for d in doelstellingen if d.soort == Doelstelling.Soort.ZORG],
        "heeft_doelstellingen": bool(doelstellingen),
        "stages": list(traject.stages.all()),
        "bewerkbaar": open_plan,
        "doelstelling_form": doelstelling_form
        or (DoelstellingForm(prefix=f"doel-{traject.pk}") if open_plan else None),
        "actie_form": actie_form if open_plan else None,
        "stage_form": stage_form
        or (StageForm(prefix=f"stage-{traject.pk}") if open_plan else None),
        "bewerk_actie_id": bewerk_actie_id,
        "actie_wijzig_form": actie_wijzig_form,
        "melding": melding,
    }


def _plan_antwoord(
    request: Verzoek, traject: Activeringstraject, *, geslaagd: bool, **forms: Any
) -> HttpResponse:
    """htmx: the plan partial; plain form post: back to the page (or the page with errors)."""
    if request.htmx:
        ctx = _plan_context(
            request.user,
            _activeringstraject(request.user, traject.pk),  # fresh: the plan just changed
            bewerkbaar=True,
            **forms,
        )
        return _plan_partial(request, ctx)
    if geslaagd:
        if forms.get("melding"):
            messages.success(request, forms["melding"])
        return redirect("trajecten:activering_detail", pk=traject.pk)
    return _activering_pagina(request, traject, **forms)


def _plan_traject(request: Verzoek, pk: str) -> Activeringstraject:
    traject = _activeringstraject(request.user, pk)
    _vereist(mag_activering_bewerken(request.user, traject))
    return traject


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
def plan(request: Verzoek, pk: str) -> HttpResponse:
    """The plan partial (htmx: cancel an edit, refresh)."""
    traject = _activeringstraject(request.user, pk)
    ctx = _plan_context(
        request.user, traject, bewerkbaar=mag_activering_bewerken(request.user, traject)
    )
    if not request.htmx:
        return redirect("trajecten:activering_detail", pk=traject.pk)
    return _plan_partial(request, ctx)


def _plan_partial(request: Verzoek, ctx: dict[str, Any]) -> HttpResponse:
    # The heading level the plan had where it was shown (page: 2, dossier block: 4), so a swap
    # keeps the page's outline intact.
    niveau = request.POST.get("niveau") or request.GET.get("niveau") or "2"
    niveau_int = int(niveau) if niveau.isdigit() and 2 <= int(niveau) <= 5 else 2
    return render(request, "trajectories/_plan.html", {"plan": ctx, "niveau": niveau_int})


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
@require_POST
def doelstelling_nieuw(request: Verzoek, pk: str) -> HttpResponse:
    traject = _plan_traject(request, pk)
    form = DoelstellingForm(request.POST, prefix=f"doel-{traject.pk}")
    if form.is_valid():
        try:
            services.voeg_doelstelling_toe(
                door=request.user,
                traject_id=traject.pk,
                soort=form.cleaned_data["soort"],
                omschrijving=form.cleaned_data["omschrijving"],
            )
        except rules.Geweigerd as exc:
            add_weigering(form, exc)
        else:
            return _plan_antwoord(
                request, traject, geslaagd=True, melding=_("De doelstelling is toegevoegd.")
            )
    return _plan_antwoord(request, traject, geslaagd=False, doelstelling_form=form)


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
@require_POST
def actie_nieuw(request: Verzoek, pk: str) -> HttpResponse:
    traject = _plan_traject(request, pk)
    form = ActieForm(
        request.POST,
        regio=traject.regio,
        op=_vandaag(),
        prefix=f"actie-{traject.pk}",
        doelstellingen=traject.doelstellingen.all(),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.voeg_actie_toe(
                door=request.user,
                doelstelling_id=data["doelstelling"],
                dienstverlener_id=data["dienstverlener"].pk,
                omschrijving=data["omschrijving"],
                gepland_op=data["gepland_op"],
            )
        except rules.Geweigerd as exc:
            add_weigering(form, exc)
        else:
            return _plan_antwoord(
                request, traject, geslaagd=True, melding=_("De actie is toegevoegd.")
            )
    return _plan_antwoord(request, traject, geslaagd=False, actie_form=form)


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT, "actie_id": ACTIE})
@require_http_methods(["GET", "POST"])
def actie_wijzig(request: Verzoek, pk: str, actie_id: int) -> HttpResponse:
    traject = _plan_traject(request, pk)
    actie = get_object_or_404(Actie, pk=actie_id, doelstelling__traject=traject)
    prefix = f"actie-wijzig-{actie.pk}"
    if request.method == "GET":
        form = ActieWijzigForm(prefix=prefix, initial={"status": actie.status})
        return _plan_antwoord(
            request,
            traject,
            geslaagd=False,
            bewerk_actie_id=actie.pk,
            actie_wijzig_form=form,
        )
    form = ActieWijzigForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.wijzig_actie(
                door=request.user,
                actie_id=actie.pk,
                status=form.cleaned_data["status"],
                datum=form.cleaned_data["datum"],
            )
        except rules.Geweigerd as exc:
            add_weigering(form, exc, {"gestart_op": "datum", "afgerond_op": "datum"})
        else:
            return _plan_antwoord(
                request, traject, geslaagd=True, melding=_("De actie is bijgewerkt.")
            )
    return _plan_antwoord(
        request, traject, geslaagd=False, bewerk_actie_id=actie.pk, actie_wijzig_form=form
    )


PLANITEMS = {
    "doelstelling": (Doelstelling, "traject", _("De doelstelling is verwijderd.")),
    "actie": (Actie, "doelstelling__traject", _("De actie is verwijderd.")),
    "stage": (Stage, "traject", _("De werkervaringsstage is verwijderd.")),
}


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT, "item_id": PLANITEM})
@require_POST
def planitem_verwijder(request: Verzoek, pk: str, soort: str, item_id: int) -> HttpResponse:
    traject = _plan_traject(request, pk)
    if soort not in PLANITEMS:
        raise Http404
    model, pad, melding = PLANITEMS[soort]
    item = get_object_or_404(model, pk=item_id, **{pad: traject})
    try:
        services.verwijder_planitem(door=request.user, soort=soort, item_id=item.pk)
    except rules.Geweigerd as exc:
        return _plan_antwoord(
            request, traject, geslaagd=False, melding=" ".join(f.bericht for f in exc.fouten)
        )
    return _plan_antwoord(request, traject, geslaagd=True, melding=str(melding))


@toegang(DOSSIER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
@require_POST
def stage_nieuw(request: Verzoek, pk: str) -> HttpResponse:
    traject = _plan_traject(request, pk)
    form = StageForm(request.POST, prefix=f"stage-{traject.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.voeg_stage_toe(
                door=request.user,
                traject_id=traject.pk,
                werkplek=data["werkplek"],
                start=data["start"],
                einde=data["einde"],
            )
        except rules.Geweigerd as exc:
            add_weigering(form, exc)
        else:
            return _plan_antwoord(
                request, traject, geslaagd=True, melding=_("De werkervaringsstage is toegevoegd.")
            )
    return _plan_antwoord(request, traject, geslaagd=False, stage_form=form)


# --- AMA SE ---------------------------------------------------------------------------------


def _ama_se_url(traject: Any) -> str:
    return reverse("trajecten:ama_se_detail", args=[traject.pk])


def _wvg_url(overeenkomst: Any) -> str:
    return reverse("trajecten:wvg_detail", args=[overeenkomst.pk])


@toegang(DOSSIER_ROLLEN, dossier={"deelnemer_id": DEELNEMER})
@require_http_methods(["GET", "POST"])
def ama_se_nieuw(request: Verzoek, deelnemer_id: str) -> HttpResponse:
    deelnemer = get_deelnemer_for_user(request.user, deelnemer_id)
    _vereist(mag_traject_starten(request.user, "ama-se"))
    initial: dict[str, Any] = {"gematcht_op": _vandaag()}
    if heeft_rol(request.user, BEGELEIDER_AMA_SE) and request.user.organisatie_id:
        initial["begeleider"] = request.user.organisatie_id
    return formulier_pagina(
        request,
        AmaSeStartForm,
        initial=initial,
        uitvoeren=lambda data: services.nieuw_ama_se_traject(
            door=request.user,
            deelnemer_id=deelnemer.pk,
            begeleider_id=data["begeleider"].pk,
            gematcht_op=data["gematcht_op"],
            notitie=data["notitie"],
        ),
        melding=_("De matching AMA SE is geregistreerd."),
        naar=_ama_se_url,
        pagina={
            "deelnemer": deelnemer,
            "titel": _("AMA SE: matching met een begeleider"),
            "knop": _("Matching registreren"),
            "terug_url": _dossier_url(deelnemer.pk),
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": AMA_SE_TRAJECT})
def ama_se_detail(request: Verzoek, pk: str) -> HttpResponse:
    traject = _ama_se_traject(request.user, pk)
    context = {
        "se": _ama_se_samenvatting(request.user, traject, _vandaag()),
        "events": _events(TrajectEvent.Soort.AMA_SE, traject.pk),
        "deelnemer": traject.deelnemer,
        "dossier_url": _dossier_url(traject.deelnemer_id),
    }
    return render(request, "trajectories/ama_se_detail.html", context)


@toegang(DOSSIER_ROLLEN, dossier={"pk": AMA_SE_TRAJECT})
@require_http_methods(["GET", "POST"])
def ama_se_moment(request: Verzoek, pk: str, soort: str) -> HttpResponse:
    traject = _ama_se_traject(request.user, pk)
    if soort not in AmaSeMoment.Soort.values:
        raise Http404
    _vereist(mag_ama_se_bewerken(request.user, traject))
    label = AmaSeMoment.Soort(soort).label
    return formulier_pagina(
        request,
        AmaSeMomentForm,
        form_kwargs={"soort": soort},
        initial={"datum": _vandaag()},
        uitvoeren=lambda data: services.registreer_ama_se_moment(
            door=request.user,
            traject_id=traject.pk,
            soort=soort,
            datum=data["datum"],
            verslag=data["verslag"],
            beslissing=data.get("beslissing", ""),
        ),
        melding=_("%(soort)s geregistreerd.") % {"soort": label},
        naar=lambda _moment: _ama_se_url(traject),
        pagina={
            "deelnemer": traject.deelnemer,
            "traject": traject,
            "titel": label,
            "knop": _("Registreren"),
            "terug_url": _ama_se_url(traject),
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": AMA_SE_TRAJECT})
@require_http_methods(["GET", "POST"])
def ama_se_stap(request: Verzoek, pk: str, stap: str) -> HttpResponse:
    traject = _ama_se_traject(request.user, pk)
    definitie = rules.AMA_SE_STAPPEN.get(stap)
    if definitie is None:
        raise Http404
    _vereist(mag_ama_se_bewerken(request.user, traject))
    return _stap_pagina(
        request,
        traject,
        definitie,
        soort="ama-se",
        uitvoeren=services.ama_se_stap,
        weigering=services.ama_se_stap_fouten,
        detail_url="trajecten:ama_se_detail",
        titel=_("AMA SE: %(stap)s") % {"stap": definitie.label},
        initial={"versie": traject.versie, "datum": _vandaag()},
    )


# --- AMA WVG --------------------------------------------------------------------------------


@toegang(DOSSIER_ROLLEN, dossier={"deelnemer_id": DEELNEMER})
@require_http_methods(["GET", "POST"])
def wvg_nieuw(request: Verzoek, deelnemer_id: str) -> HttpResponse:
    deelnemer = get_deelnemer_for_user(request.user, deelnemer_id)
    _vereist(mag_traject_starten(request.user, "ama-wvg"))
    initial: dict[str, Any] = {"start": _vandaag()}
    if heeft_rol(request.user, BEGELEIDER_AMA_WVG) and request.user.organisatie_id:
        initial["begeleider"] = request.user.organisatie_id
    return formulier_pagina(
        request,
        WvgOvereenkomstForm,
        initial=initial,
        uitvoeren=lambda data: services.nieuwe_wvg_overeenkomst(
            door=request.user,
            deelnemer_id=deelnemer.pk,
            begeleider_id=data["begeleider"].pk,
            werkpost=data["werkpost"],
            start=data["start"],
            einde=data["einde"],
        ),
        melding=_("De overeenkomst AMA WVG is geregistreerd."),
        naar=_wvg_url,
        pagina={
            "deelnemer": deelnemer,
            "titel": _("AMA WVG: overeenkomst voor een werkpost"),
            "knop": _("Overeenkomst registreren"),
            "terug_url": _dossier_url(deelnemer.pk),
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": AMA_WVG_OVEREENKOMST})
def wvg_detail(request: Verzoek, pk: str) -> HttpResponse:
    overeenkomst = _wvg_overeenkomst(request.user, pk)
    context = {
        "wvg": _wvg_samenvatting(request.user, overeenkomst, _vandaag()),
        "events": _events(TrajectEvent.Soort.AMA_WVG, overeenkomst.pk),
        "deelnemer": overeenkomst.deelnemer,
        "dossier_url": _dossier_url(overeenkomst.deelnemer_id),
    }
    return render(request, "trajectories/wvg_detail.html", context)


@toegang(DOSSIER_ROLLEN, dossier={"pk": AMA_WVG_OVEREENKOMST})
@require_http_methods(["GET", "POST"])
def wvg_evaluatie(request: Verzoek, pk: str) -> HttpResponse:
    overeenkomst = _wvg_overeenkomst(request.user, pk)
    _vereist(mag_wvg_bewerken(request.user, overeenkomst))
    return formulier_pagina(
        request,
        WvgEvaluatieForm,
        initial={"datum": _vandaag()},
        uitvoeren=lambda data: services.registreer_wvg_evaluatie(
            door=request.user,
            overeenkomst_id=overeenkomst.pk,
            datum=data["datum"],
            verslag=data["verslag"],
            verderzetten=data["verderzetten"],
        ),
        melding=_("De jaarlijkse evaluatie is geregistreerd."),
        naar=lambda _evaluatie: _wvg_url(overeenkomst),
        pagina={
            "deelnemer": overeenkomst.deelnemer,
            "titel": _("AMA WVG: jaarlijkse evaluatie"),
            "knop": _("Evaluatie registreren"),
            "terug_url": _wvg_url(overeenkomst),
        },
    )


@toegang(DOSSIER_ROLLEN, dossier={"pk": AMA_WVG_OVEREENKOMST})
@require_http_methods(["GET", "POST"])
def wvg_beeindig(request: Verzoek, pk: str) -> HttpResponse:
    overeenkomst = _wvg_overeenkomst(request.user, pk)
    _vereist(mag_wvg_bewerken(request.user, overeenkomst))
    return formulier_pagina(
        request,
        WvgBeeindigForm,
        initial={"einde": _vandaag(), "versie": overeenkomst.versie},
        uitvoeren=lambda data: services.beeindig_wvg_overeenkomst(
            door=request.user,
            overeenkomst_id=overeenkomst.pk,
            einde=data["einde"],
            versie=data["versie"],
            notitie=data["notitie"],
        ),
        melding=_("De overeenkomst AMA WVG is beëindigd."),
        naar=lambda _resultaat: _wvg_url(overeenkomst),
        pagina={
            "deelnemer": overeenkomst.deelnemer,
            "titel": _("AMA WVG: overeenkomst beëindigen"),
            "knop": _("Overeenkomst beëindigen"),
            "terug_url": _wvg_url(overeenkomst),
        },
    )

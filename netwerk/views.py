"""Pages of the network: the dienstverlener's worklist and trajectory page, its actions on
acties and stages, notifications, and the netwerkcoördinator's steering page.

Every dossier object is fetched through `netwerk.selectors` (outside scope: 404); every page
that shows a participant logs the read: a route naming its dossier object through its
`toegang(..., dossier=...)` declaration alone, a list (Mijn acties, the steering drill-down)
explicitly for the rows it shows (`audit.log.log_dossier_inzage`); every change is one call of
`netwerk.services`, a refusal becomes a Dutch message and changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import (
    ACTIE,
    ACTIVERINGSTRAJECT,
    INGELOGD,
    STAGE,
    toegang,
)
from accounts.verzoek import Verzoek
from audit.log import log_dossier_inzage
from netwerk import rules, selectors, services
from netwerk import sturing as sturing_module
from netwerk.forms import (
    AanvaardForm,
    DatumForm,
    StageRegistratieForm,
    StageverslagForm,
    SturingForm,
    ToewijsForm,
    VoortgangForm,
    WeigerForm,
)
from netwerk.models import Melding, Voortgang
from netwerk.permissions import (
    DIENSTVERLENER_ROLLEN,
    DIENSTVERLENER_WERK,
    STURING_ROLLEN,
    mag_stage_registreren,
    mag_vertrouwelijk_noteren,
)
from trajectories.models import Doelstelling
from werkzorg.domein.formulieren import add_weigering, formulier_pagina
from werkzorg.domein.fouten import Geweigerd
from werkzorg.domein.tabelbestanden import xlsx_werkboek


def _vandaag() -> date:
    return timezone.localdate()


def _traject_url(traject_id: str) -> str:
    return reverse("netwerk:traject", args=[traject_id])


# --- Mijn acties ----------------------------------------------------------------------------


@toegang(DIENSTVERLENER_ROLLEN)
def mijn_acties(request: Verzoek) -> HttpResponse:
    """The dienstverlener's worklist (`?wie=ik`: only what is assigned to me)."""
    enkel_mijn = request.GET.get("wie") == "ik"
    lijst = selectors.werklijst(request.user, op=_vandaag(), enkel_mijn=enkel_mijn)
    deelnemers = {
        a.doelstelling.traject.deelnemer_id for k in ("nieuw", "lopend", "stages") for a in lijst[k]
    }
    deelnemers |= {s.traject.deelnemer_id for s in lijst["verslagen"]}
    log_dossier_inzage(request, deelnemers, "ui")
    return render(
        request,
        "netwerk/mijn_acties.html",
        {
            **lijst,
            "enkel_mijn": enkel_mijn,
            "mag_stages": mag_stage_registreren(request.user),
            "weiger_form": WeigerForm(),
        },
    )


# --- a trajectory as the dienstverlener sees it ---------------------------------------------


@toegang(DIENSTVERLENER_ROLLEN, dossier={"pk": ACTIVERINGSTRAJECT})
def traject(request: Verzoek, pk: str) -> HttpResponse:
    return _traject_pagina(request, selectors.get_traject_voor(request.user, pk))


def _traject_pagina(request: Verzoek, t: Any, **forms: Any) -> HttpResponse:
    user = request.user
    acties = list(
        selectors.acties_voor(user)
        .filter(doelstelling__traject=t)
        .select_related("doelstelling", "opdracht__uitvoerder")
        .prefetch_related(
            Prefetch("voortgang", queryset=Voortgang.objects.select_related("door")),
            "stagebegeleidingen",
        )
        .order_by("doelstelling__soort", "pk")
    )
    stages = list(
        selectors.stages_voor(user)
        .filter(traject=t)
        .select_related("begeleiding")
        .prefetch_related("verslagen")
        .order_by("start", "pk")
    )
    return render(
        request,
        "netwerk/traject.html",
        {
            "traject": t,
            "deelnemer": t.deelnemer,
            "insz": rules.insz_gemaskeerd(t.deelnemer.insz),
            "doelstellingen": list(Doelstelling.objects.filter(traject=t).order_by("soort", "pk")),
            "acties": acties,
            "stages": stages,
            "mag_stages": mag_stage_registreren(user),
            "vertrouwelijk": mag_vertrouwelijk_noteren(user),
            "toewijs_form": ToewijsForm(organisatie_id=user.organisatie_id),
            "voortgang_form": forms.get("voortgang_form")
            or VoortgangForm(
                initial={"datum": _vandaag()}, vertrouwelijk=mag_vertrouwelijk_noteren(user)
            ),
            "weiger_form": forms.get("weiger_form") or WeigerForm(),
            "aanvaard_form": AanvaardForm(),
            "datum_form": DatumForm(initial={"datum": _vandaag()}),
            "fout_actie": forms.get("fout_actie"),
            "vandaag": _vandaag(),
        },
    )


def _actie_view(
    uitvoeren: Callable[[Any, Any, dict[str, Any]], Any],
    form_cls: Any,
    melding: Any,
    form_kwargs: Callable[[Any], dict[str, Any]] | None = None,
) -> Callable[[Verzoek, int], HttpResponse]:
    """The view of one step on an actie of the organisation (POST only): fetch the actie in
    scope, validate `form_cls`, call `uitvoeren(user, actie, cleaned_data)` — one service — and
    go back to the trajectory page or the worklist; a refusal shows its messages and changes
    nothing. `form_kwargs(user)`: extra arguments of the form."""

    @toegang(DIENSTVERLENER_ROLLEN, dossier={"actie_id": ACTIE})
    @require_POST
    def view(request: Verzoek, actie_id: int) -> HttpResponse:
        actie = selectors.get_actie_voor(request.user, actie_id)
        form = form_cls(request.POST, **(form_kwargs(request.user) if form_kwargs else {}))
        if form.is_valid():
            try:
                uitvoeren(request.user, actie, form.cleaned_data)
            except Geweigerd as exc:
                add_weigering(form, exc)
            else:
                messages.success(request, str(melding))
                return redirect(_volgende(request, actie.doelstelling.traject_id))
        for fout in [*form.non_field_errors(), *(e for v in form.errors.values() for e in v)]:
            messages.error(request, fout)
        return redirect(_volgende(request, actie.doelstelling.traject_id))

    return view


def _volgende(request: Verzoek, traject_id: str) -> str:
    """Back to the worklist when the form came from there, else to the trajectory page: never
    an URL taken from the request (no open redirect)."""
    if request.POST.get("volgende") == reverse("netwerk:acties"):
        return reverse("netwerk:acties")
    return _traject_url(traject_id)


def _dienst(service: Callable[..., Any], *velden: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    """`uitvoeren` for a service that takes the actie and these fields of the form as they are."""
    return lambda user, actie, data: service(
        door=user, actie_id=actie.pk, **{v: data[v] for v in velden}
    )


actie_aanvaard = _actie_view(
    _dienst(services.aanvaard_actie, "verwacht_klaar_op"),
    AanvaardForm,
    gettext_lazy("De actie is aanvaard."),
)
actie_weiger = _actie_view(
    _dienst(services.weiger_actie, "reden"),
    WeigerForm,
    gettext_lazy("De actie is geweigerd; de casemanagers krijgen een melding."),
)
actie_toewijzen = _actie_view(
    lambda user, a, d: services.wijs_toe(
        door=user, actie_id=a.pk, uitvoerder_id=d["uitvoerder"].pk
    ),
    ToewijsForm,
    gettext_lazy("De actie is toegewezen."),
    lambda user: {"organisatie_id": user.organisatie_id},
)
actie_start = _actie_view(
    _dienst(services.start_actie, "datum"), DatumForm, gettext_lazy("De actie is gestart.")
)
actie_afronden = _actie_view(
    _dienst(services.rond_actie_af, "datum"), DatumForm, gettext_lazy("De actie is afgerond.")
)
actie_voortgang = _actie_view(
    lambda user, a, d: services.registreer_voortgang(
        door=user,
        actie_id=a.pk,
        datum=d["datum"],
        tekst=d["tekst"],
        vertrouwelijk=d.get("vertrouwelijk", ""),
    ),
    VoortgangForm,
    gettext_lazy("De voortgang is geregistreerd."),
    lambda user: {"vertrouwelijk": mag_vertrouwelijk_noteren(user)},
)


# --- stages ---------------------------------------------------------------------------------


@toegang((DIENSTVERLENER_WERK,), dossier={"actie_id": ACTIE})
@require_http_methods(["GET", "POST"])
def stage_nieuw(request: Verzoek, actie_id: int) -> HttpResponse:
    actie = selectors.get_actie_voor(request.user, actie_id)
    t = actie.doelstelling.traject
    return formulier_pagina(
        request,
        StageRegistratieForm,
        uitvoeren=lambda data: services.registreer_stage(
            door=request.user, actie_id=actie.pk, **data
        ),
        melding=_("De stage is geregistreerd."),
        naar=lambda _stage: _traject_url(t.pk),
        pagina={
            "deelnemer": t.deelnemer,
            "traject": t,
            "titel": _("Stage registreren"),
            "knop": _("Stage registreren"),
            "terug_url": _traject_url(t.pk),
            "uitleg": _("Actie: %(actie)s. Een werkervaringsstage duurt ten hoogste 6 maanden.")
            % {"actie": actie.omschrijving},
        },
    )


@toegang((DIENSTVERLENER_WERK,), dossier={"stage_id": STAGE})
@require_http_methods(["GET", "POST"])
def stageverslag(request: Verzoek, stage_id: int) -> HttpResponse:
    stage = selectors.get_stage_voor(request.user, stage_id)
    t = stage.traject
    return formulier_pagina(
        request,
        StageverslagForm,
        initial={"datum": _vandaag()},
        uitvoeren=lambda data: services.schrijf_stageverslag(
            door=request.user, stage_id=stage.pk, **data
        ),
        melding=_("Het stageverslag is opgeslagen."),
        naar=lambda _verslag: _traject_url(t.pk),
        pagina={
            "deelnemer": t.deelnemer,
            "traject": t,
            "titel": _("Stageverslag"),
            "knop": _("Verslag opslaan"),
            "terug_url": _traject_url(t.pk),
            "uitleg": _("Stage bij %(werkplek)s, %(start)s – %(einde)s.")
            % {
                "werkplek": stage.werkplek,
                "start": f"{stage.start.day}/{stage.start:%m/%Y}",
                "einde": f"{stage.einde.day}/{stage.einde:%m/%Y}",
            },
        },
    )


# --- notifications --------------------------------------------------------------------------


@toegang(INGELOGD)
def meldingen(request: Verzoek) -> HttpResponse:
    """The in-app notifications: ids and links only (the pages behind them are scoped)."""
    rijen = list(selectors.meldingen_voor(request.user).select_related("actie")[:200])
    for m in rijen:
        m.url = (
            _traject_url(m.traject_id)
            if m.voor == Melding.Voor.DIENSTVERLENER
            else reverse("trajecten:activering_detail", args=[m.traject_id])
        )
    return render(request, "netwerk/meldingen.html", {"meldingen": rijen})


# --- the netwerkcoördinator's steering page -------------------------------------------------


def _dagen(request: Verzoek) -> int:
    form = SturingForm(request.GET)
    if form.is_valid() and form.cleaned_data["dagen"]:
        return form.cleaned_data["dagen"]
    return rules.STANDAARD_DAGEN


KOLOMMEN = [
    ("toegewezen", "Toegewezen"),
    ("aanvaard", "Aanvaard"),
    ("geweigerd", "Geweigerd"),
    ("niet_gestart", "Niet gestart na N dagen"),
    ("over_tijd", "Over tijd"),
    ("afgerond", "Afgerond"),
]


@toegang(STURING_ROLLEN, weigering=404)
def sturing(request: Verzoek) -> HttpResponse:
    netwerken = selectors.netwerken_van(request.user)
    dagen = _dagen(request)
    op = _vandaag()
    rijen = sturing_module.per_dienstverlener(netwerken, op=op, dagen=dagen)
    regios = sturing_module.per_regio(netwerken, op=op, dagen=dagen)
    grafiek = {
        "labels": [r["dienstverlener__naam"] for r in rijen],
        "reeksen": {k: [r[k] for r in rijen] for k, _label in KOLOMMEN},
    }
    return render(
        request,
        "netwerk/sturing.html",
        {
            "rijen": rijen,
            "regios": regios,
            "dagen": dagen,
            "form": SturingForm(initial={"dagen": dagen}),
            "kolommen": [(k, _(label)) for k, label in KOLOMMEN],
            "grafiek": grafiek,
            "grafiek_labels": {k: _(label) for k, label in KOLOMMEN},
            "netwerken": list(netwerken),
        },
    )


@toegang(STURING_ROLLEN, weigering=404)
def sturing_acties(request: Verzoek) -> HttpResponse:
    """The drill-down: the acties of one dienstverlener (and region) of one kind. No care
    content: the description of a zorgactie is not shown."""
    soort = request.GET.get("soort", "toegewezen")
    if soort not in sturing_module.SOORTEN:
        raise Http404
    dagen = _dagen(request)
    op = _vandaag()
    qs = sturing_module.acties_van_netwerken(selectors.netwerken_van(request.user)).filter(
        sturing_module.actie_filter(soort, op=op, dagen=dagen)
    )
    if request.GET.get("dienstverlener"):
        qs = qs.filter(dienstverlener_id=request.GET["dienstverlener"])
    if request.GET.get("regio"):
        qs = qs.filter(doelstelling__traject__regio_id=request.GET["regio"])
    acties = list(
        qs.select_related("doelstelling__traject", "dienstverlener", "opdracht").order_by(
            "doelstelling__traject__regio_id", "pk"
        )[:500]
    )
    log_dossier_inzage(request, {a.doelstelling.traject.deelnemer_id for a in acties}, "ui")
    return render(
        request,
        "netwerk/sturing_acties.html",
        {"acties": acties, "soort": dict(KOLOMMEN)[soort], "dagen": dagen},
    )


@toegang(STURING_ROLLEN, weigering=404)
def sturing_xlsx(request: Verzoek) -> HttpResponse:
    """The steering figures as an Excel workbook (formula-safe writer)."""
    netwerken = selectors.netwerken_van(request.user)
    dagen = _dagen(request)
    op = _vandaag()
    buffer = io.BytesIO()
    wb = xlsx_werkboek(buffer)
    ws = wb.add_worksheet(_("Per dienstverlener"))
    kop = [_("Netwerk"), _("Regio"), _("Dienstverlener"), *[_(label) for _k, label in KOLOMMEN]]
    ws.write_row(0, 0, kop)
    for i, r in enumerate(sturing_module.per_dienstverlener(netwerken, op=op, dagen=dagen), 1):
        ws.write_row(
            i,
            0,
            [
                r["doelstelling__traject__regio__netwerk_id"],
                r["doelstelling__traject__regio__naam"],
                r["dienstverlener__naam"],
                *[r[k] for k, _label in KOLOMMEN],
            ],
        )
    ws2 = wb.add_worksheet(_("Per regio"))
    ws2.write_row(
        0,
        0,
        [
            _("Netwerk"),
            _("Regio"),
            _("Aanvaard zonder gestarte actie"),
            _("Lopende stages"),
            _("waarvan begeleid"),
        ],
    )
    for i, r in enumerate(sturing_module.per_regio(netwerken, op=op, dagen=dagen), 1):
        ws2.write_row(
            i, 0, [r["netwerk"], r["naam"], r["wachtend"], r["stages"], r["stages_begeleid"]]
        )
    wb.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="netwerksturing-{op:%Y-%m-%d}.xlsx"'
    return response

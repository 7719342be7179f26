"""Dossier pages: Mijn dossiers, the dossier, registering and editing, Aandacht nodig.

Every view starts from `deelnemers.selectors.visible_to(user)`: a dossier outside the user's
scope is a 404, never a 403 (its existence is not disclosed).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import push_url

from accounts.permissions import (
    CASEMANAGER_ZORG,
    DEELNEMER,
    DOSSIER_ROLLEN,
    INGELOGD,
    REGISTRATIE_ROLLEN,
    heeft_rol,
    mag_registreren,
    toegang,
    ziet_acties,
    ziet_dossiers,
    ziet_rapportering,
)
from accounts.verzoek import Verzoek
from audit.geschiedenis import is_postgres
from audit.log import log_dossier_inzage
from deelnemers import selectors, services
from deelnemers.filters import DossierFilter
from deelnemers.forms import KenmerkenForm, RegistreerForm, ZorgNotitieForm
from deelnemers.geschiedenis import geschiedenis_van
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
from deelnemers.worklist import CATEGORIEEN, Werklijst, met_namen
from deelnemers.zoeken import KLEIN_BEREIK, sleutels_op_naam, zoekt_op_naam
from dossier.selectors import kandidaten_voor_gebruiker, opvolger, samengevoegd_in
from ladder import selectors as ladder_selectors
from organisaties.selectors import regios
from referentie.models import Regio
from trajectories import rules
from trajectories.models import (
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    TrajectEvent,
)
from trajectories.selectors import met_referenties
from werkzorg.domein.formulieren import add_weigering

PER_PAGINA = 25
TELLING_MAX = selectors.OMVANG_MAX - 1  # the caseload counts up to 10 000 dossiers
# A search by name in a large scope lists the first this many matches by name, and says
# "more than" above (decision 541).
ZOEK_GROOT_MAX = 100
AANDACHT_PER_PAGINA = 50


def _paginanummer(request: Verzoek) -> int:
    """The page number asked for (`?pagina=`), 1 when absent or not a number >= 1."""
    nummer = request.GET.get("pagina", "1")
    return int(nummer) if nummer.isdigit() and int(nummer) >= 1 else 1


def _template_bestaat(name: str) -> bool:
    try:
        select_template([name])
    except TemplateDoesNotExist:
        return False
    return True


# --- Mijn dossiers --------------------------------------------------------------------------


# The search term (a name, an INSZ) never goes into a URL, where access logs and browser
# history keep it: the filter form is POSTed, stored in the session under a short random token
# and the list is shown at `?z=<token>` (decision 104).
ZOEK_SESSIE = "werkzorg_zoekopdrachten"
ZOEK_MAX = 20  # tokens kept per session, the oldest go first


def _bewaar_zoekopdracht(request: Verzoek, data: dict[str, str]) -> str:
    token = secrets.token_urlsafe(9)
    opdrachten = dict(request.session.get(ZOEK_SESSIE, {}))
    opdrachten[token] = data
    request.session[ZOEK_SESSIE] = dict(list(opdrachten.items())[-ZOEK_MAX:])
    return token


def _filterdata(request: Verzoek) -> dict[str, str] | None:
    """The caseload's filters: those of the token `z`, then the non-personal GET ones."""
    data: dict[str, str] = {}
    token = request.GET.get("z")
    if token:
        data.update(request.session.get(ZOEK_SESSIE, {}).get(token, {}))
    for k, v in request.GET.items():
        if k not in ("z", "pagina", "q"):
            data[k] = v  # type: ignore[assignment]  # a request's QueryDict: never an empty list
    return data or None


@toegang(INGELOGD)
def home(request: Verzoek) -> HttpResponse:
    """Each role lands on its own home (the menu's rules, `accounts.permissions.ziet_*`):
    dossier roles on Mijn dossiers, dienstverleners on Mijn acties, coordinators (figures
    only) on the dashboard."""
    if ziet_dossiers(request.user):
        return redirect("deelnemers:caseload")
    if ziet_acties(request.user):
        return redirect("netwerk:acties")
    if ziet_rapportering(request.user):
        return redirect("reporting:dashboard")
    return redirect("deelnemers:caseload")


@toegang(INGELOGD)
@never_cache
def caseload(request: Verzoek) -> HttpResponse:
    velden = [n for n in DossierFilter.base_filters if n != "pagina"]
    if request.method == "POST" or "q" in request.GET:
        # POST: the form; GET ?q=: an old bookmark. Both move into the session.
        bron = request.POST if request.method == "POST" else request.GET
        data = {k: bron[k].strip() for k in velden if bron.get(k, "").strip()}
        if request.method == "POST" and request.htmx:
            # The form through htmx: the list in the same request (decision 560).
            return _caseload_resultaten(request, data)
        if not data:
            return redirect("deelnemers:caseload")
        return redirect(
            reverse("deelnemers:caseload")
            + "?"
            + urlencode({"z": _bewaar_zoekopdracht(request, data)})
        )
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "deelnemers/caseload.html",
        {
            **_caseload_lijst(request, _filterdata(request), querystring.urlencode()),
            "mag_registreren": heeft_rol(request.user, *REGISTRATIE_ROLLEN),
        },
    )


def _caseload_resultaten(request: Verzoek, data: dict[str, str]) -> HttpResponse:
    """The htmx answer to the filter form: the filters stored under a token as for the
    redirect, and only the results part (count, table, pages) for that token, with the token
    URL in `HX-Push-Url` for the address bar and history. The term itself is in no URL or
    header. An empty form is the plain caseload (`/dossiers/`)."""
    url = reverse("deelnemers:caseload")
    querystring = ""
    if data:
        querystring = urlencode({"z": _bewaar_zoekopdracht(request, data)})
        url += "?" + querystring
    response = render(
        request,
        "deelnemers/_caseload_resultaten.html",
        {**_caseload_lijst(request, data or None, querystring), "deel": True},
    )
    return push_url(response, url)


def _caseload_lijst(
    request: Verzoek, data: dict[str, str] | None, querystring: str
) -> dict[str, Any]:
    """The list of Mijn dossiers for the filters `data` (the page `?pagina=`), shared by the
    page and its htmx results part: the filter, the page, its rows (each read logged) and
    the query string the page links keep (`querystring`)."""
    op = timezone.localdate()
    omvang = selectors.scope_omvang(request.user)
    if omvang is not None and omvang >= KLEIN_BEREIK and zoekt_op_naam((data or {}).get("q", "")):
        # A search by name in a large scope: the trigram index finds the names in Flanders,
        # the scope is checked for each of them in name order until the page and its count
        # up to ZOEK_GROOT_MAX are found (decisions 535, 541).
        dekking = selectors.scope_regios(request.user)
        filterset = DossierFilter(
            data, queryset=Deelnemer.objects.all(), op=op, omvang=omvang, regios=dekking
        )
        kandidaten = None
        if set(data or {}) == {"q"} and filterset.is_valid():
            # A network's name alone: the candidates in name order from its regions' search
            # keys, without the participants' table (decision 548).
            kandidaten = sleutels_op_naam(filterset.form.cleaned_data["q"], dekking)
        ids = selectors.eerste_zichtbaar(
            request.user,
            filterset.qs if kandidaten is None else kandidaten,
            ZOEK_GROOT_MAX + 1,
        )
        pagina: Page[Any] = Paginator(ids[:ZOEK_GROOT_MAX], PER_PAGINA).get_page(
            request.GET.get("pagina")
        )
        gelezen = _met_rijgegevens(
            selectors.visible_to(request.user, per_rij=True).filter(pk__in=pagina.object_list),
            op,
        )
        # The page's rows (read again through the scope) in the order of the ids.
        pagina.object_list = _in_volgorde(gelezen, list(pagina.object_list))
        meer_dan = len(ids) > ZOEK_GROOT_MAX
    else:
        filterset, pagina, meer_dan = _caseload_pagina(request, data, op, omvang)
    per_code = regios()
    for d in pagina.object_list:
        if (regio := per_code.get(d.regio_id)) is not None:
            d.regio = regio
    rijen = [_caseload_rij(d, op) for d in pagina.object_list]
    log_dossier_inzage(request, [r.deelnemer.pk for r in rijen], "ui")
    return {
        "filter": filterset,  # unbound without filters: the empty form
        "pagina": pagina,
        "rijen": rijen,
        "querystring": querystring,
        "meer_dan": meer_dan,
    }


def _aantal_per_deelnemer(model: type[Any]) -> Subquery:
    """How many rows of `model` the participant has: a scalar subquery (`SELECT COUNT(*) …
    WHERE deelnemer_id = …`), which PostgreSQL evaluates only for the rows of the page."""
    return Subquery(
        model._default_manager.filter(deelnemer=OuterRef("pk"))
        .order_by()
        .annotate(_n=Func(Value(1), function="COUNT", output_field=IntegerField()))
        .values("_n")
    )


def _met_rijgegevens(qs: QuerySet[Deelnemer], op: date) -> QuerySet[Deelnemer]:
    """`qs` with what a caseload row shows: the current rung, the number of AMA SE-trajecten
    and WVG-overeenkomsten (subqueries of the page's own statement), and the
    activeringstrajecten (one more statement).

    Into a list (`to_attr`): a prefetch into the related manager clones a queryset per row
    and relation, 75 clones for a page of 25 (a fifth of the page's time). The rows' region
    comes from the cached list, not a join: the page query stays narrower and cheaper to plan
    (a name search in a large scope: ~3 ms, decision 538)."""
    return (
        ladder_selectors.huidige_trede(qs, op=op)
        .annotate(
            _caseload_se=_aantal_per_deelnemer(AmaSeTraject),
            _caseload_wvg=_aantal_per_deelnemer(AmaWvgOvereenkomst),
        )
        .prefetch_related(
            Prefetch(
                "activeringstrajecten",
                queryset=Activeringstraject.objects.select_related("casemanager_werk_org"),
                to_attr="_caseload_at",
            )
        )
    )


def _caseload_pagina(
    request: Verzoek, data: dict[str, str] | None, op: date, omvang: int | None
) -> tuple[DossierFilter, Page, bool]:
    """The filter, the page and whether there are more than TELLING_MAX dossiers, for a small
    scope, the admin and every list that is not a name search (`_caseload_lijst`)."""
    qs = selectors.visible_to(request.user)
    filterset = DossierFilter(data, queryset=qs, op=op, omvang=omvang)
    basis = filterset.qs if filterset.is_bound else qs
    gefilterd = _met_rijgegevens(basis, op)
    gelezen: list[Any] | None = None
    nummer = _paginanummer(request)
    alleen_volgorde = not set(filterset.data or ()) - {"sorteer"}
    aantal: int | None = None
    if filterset.is_bound and zoekt_op_naam(
        getattr(filterset.form, "cleaned_data", {}).get("q") or ""
    ):
        # A search by name: its sorted page reads every match anyway, so the page carries the
        # number of matches (a window count) and no second statement counts them (decision 462).
        gelezen = list(
            gefilterd.annotate(_aantal=Window(Count("pk")))[
                (nummer - 1) * PER_PAGINA : nummer * PER_PAGINA
            ]
        )
        if gelezen:
            aantal = gelezen[0]._aantal
    elif filterset.is_bound and omvang is not None:
        # A filtered list of a scope (or another order of a small scope): the dossiers found
        # first, up to TELLING_MAX + 1, then sorted, the page and its count in one statement;
        # walking the name index reads all of Flanders when the filter keeps few of the scope
        # (a network's AMA SE dossiers: 2 s). The cost is bounded by the scope. The admin's
        # scope is Flanders: its filters are read in name order, as before (decision 545).
        # A large scope sorted by region is read whole: a scope lies in a few regions, so the
        # region index would be walked through the others first (decision 546).
        grens: int | None = TELLING_MAX + 1
        if omvang >= KLEIN_BEREIK and "regio" in (filterset.data or {}).get("sorteer", ""):
            grens = None
        elif omvang >= KLEIN_BEREIK and alleen_volgorde:
            grens = 0  # another order of a large scope: its index, as the whole caseload
        gevonden: QuerySet[Deelnemer] | None = basis if grens != 0 else None
        if grens and omvang >= KLEIN_BEREIK:
            # The trajectory filters first intersected with the scope in the scope's own rows,
            # without the participants' table (decision 554); the other filters and the order
            # then on the few participants found. (A small scope is cheaper in one statement.)
            apart = DossierFilter(
                data, queryset=Deelnemer.objects.all(), op=op, omvang=omvang, apart=True
            )
            rest = apart.qs
            if apart.id_voorwaarden:
                gevonden_ids = selectors.zichtbare_ids(request.user, apart.id_voorwaarden, grens)
                if len(gevonden_ids) < grens:
                    gevonden, grens = rest.filter(pk__in=gevonden_ids), None
                elif not rest.query.where:
                    # More than TELLING_MAX, no other filter: the page is read as usual.
                    gevonden, aantal = None, grens
        if gevonden is not None:
            ids, aantal = selectors.gesorteerde_pagina(
                gevonden, (nummer - 1) * PER_PAGINA, PER_PAGINA, grens
            )
            if not ids and aantal and (grens is None or aantal < grens):
                # Past the last page: the last one.
                nummer = (aantal - 1) // PER_PAGINA + 1
                ids, aantal = selectors.gesorteerde_pagina(
                    gevonden, (nummer - 1) * PER_PAGINA, PER_PAGINA, grens
                )
            if grens is None or aantal < grens:
                gelezen = _in_volgorde(
                    _met_rijgegevens(
                        selectors.visible_to(request.user, per_rij=True).filter(pk__in=ids), op
                    ),
                    ids,
                )
            # Else more than TELLING_MAX: the name index finds a page soon, read as usual.
    if aantal is None and omvang is not None and alleen_volgorde:
        # The whole scope: known (within five minutes) to hold more than TELLING_MAX, the page
        # says "more than 10 000" without counting them again; else counted in the scope's
        # own indexes (decision 528).
        aantal = (
            omvang
            if omvang > TELLING_MAX
            else selectors.scope_aantal(request.user, TELLING_MAX + 1) or 0
        )
    elif aantal is None:
        # Counted up to TELLING_MAX: an exact count of a million dossiers (the admin) costs
        # more than the page itself, and nobody pages that far (decision 105).
        # Without the current rung: counted, the subquery would run once per row.
        aantal = basis.order_by()[: TELLING_MAX + 1].count()
    paginator = Paginator(gefilterd, PER_PAGINA)
    paginator.__dict__["count"] = min(aantal, TELLING_MAX)
    pagina = paginator.get_page(request.GET.get("pagina"))
    if gelezen is not None and pagina.number == nummer:
        pagina.object_list = gelezen
    return filterset, pagina, aantal > TELLING_MAX


def _in_volgorde(rijen: Iterable[Deelnemer], ids: list[str]) -> list[Deelnemer]:
    """The rows of `ids` (read again through the scope) in the order of `ids`."""
    volgorde = {pk: i for i, pk in enumerate(ids)}
    return sorted(rijen, key=lambda d: volgorde[d.pk]) if volgorde else []


@dataclass
class CaseloadRij:
    deelnemer: Deelnemer
    traject: Activeringstraject | None
    status: Any
    overdue: bool
    ama_se: int
    ama_wvg: int
    trede: Any = None


def _caseload_rij(d: Deelnemer, op: date) -> CaseloadRij:
    trajecten = sorted(d._caseload_at, key=lambda t: (t.geinitieerd_op, t.id))  # type: ignore[attr-defined]  # Prefetch to_attr
    laatste = trajecten[-1] if trajecten else None
    return CaseloadRij(
        deelnemer=d,
        traject=laatste,
        status=rules.activering_status(laatste, op) if laatste else None,
        overdue=any(rules.activering_is_overdue(t, op) for t in trajecten),
        ama_se=d._caseload_se or 0,  # type: ignore[attr-defined]  # annotation
        ama_wvg=d._caseload_wvg or 0,  # type: ignore[attr-defined]  # annotation
        trede=getattr(d, "huidige_trede", None),
    )


# --- the dossier ----------------------------------------------------------------------------


@dataclass
class TijdlijnItem:
    datum: date
    titel: str
    traject: str
    soort: str
    door: Any = None
    geregistreerd_op: datetime | None = None
    notitie: str = ""
    extra: list[str] = field(default_factory=list)


def _tijdlijn(
    activering: list[Activeringstraject],
    ama_se: list[AmaSeTraject],
    wvg: list[AmaWvgOvereenkomst],
    events: list[TrajectEvent],
    samengevoegd: Iterable[Any] = (),
) -> list[TijdlijnItem]:
    """Every trajectory of the dossier as one timeline: milestones plus the event log, and
    the dossiers merged into this one (`dossier.models.SamengevoegdDossier`).

    A milestone takes who/when from the event that led to its status; other events (extension,
    plan changes) stand on their own.
    """
    status_labels = dict(rules.Status.choices)
    events_per_status: dict[tuple[str, str], TrajectEvent] = {}
    for e in events:
        events_per_status.setdefault((e.traject_id, e.naar_status), e)
    gebruikt: set[int] = set()
    items: list[TijdlijnItem] = []

    def mijlpaal(d: date | None, status: str, traject_id: str, soort: str, titel: str) -> None:
        if d is None:
            return
        e = events_per_status.get((traject_id, status))
        if e is not None:
            gebruikt.add(e.pk)
        items.append(
            TijdlijnItem(
                datum=d,
                titel=titel,
                traject=traject_id,
                soort=soort,
                door=e.door if e else None,
                geregistreerd_op=e.op if e else None,
                notitie=e.notitie if e else "",
            )
        )

    for t in activering:
        for veld, status in reversed(rules.ACTIVERING_MIJLPALEN):
            titel = str(status_labels[status])
            if status == rules.Status.AFGESLOTEN and t.eindadvies_id:
                titel = f"{titel} — {t.eindadvies}"
            if status == rules.Status.VERVROEGD_STOPGEZET and t.stopreden_id:
                titel = f"{titel} — {t.stopreden}"
            mijlpaal(getattr(t, veld), status, t.id, _("Activeringstraject"), titel)
    for se in ama_se:
        mijlpaal(se.gematcht_op, rules.Status.BEZIG, se.id, _("AMA SE-traject"), _("Gematcht"))
        mijlpaal(
            se.afgesloten_op,
            rules.Status.AFGESLOTEN,
            se.id,
            _("AMA SE-traject"),
            f"{status_labels[rules.Status.AFGESLOTEN]} — {se.eindadvies}"
            if se.eindadvies_id
            else str(status_labels[rules.Status.AFGESLOTEN]),
        )
        mijlpaal(
            se.stopgezet_op,
            rules.Status.VERVROEGD_STOPGEZET,
            se.id,
            _("AMA SE-traject"),
            str(status_labels[rules.Status.VERVROEGD_STOPGEZET]),
        )
        for m in se.momenten.all():
            items.append(
                TijdlijnItem(
                    datum=m.datum,
                    titel=m.get_soort_display(),
                    traject=se.id,
                    soort=_("AMA SE-traject"),
                    door=m.door,
                )
            )
    for o in wvg:
        mijlpaal(o.start, "start", o.id, _("AMA WVG-overeenkomst"), _("Start overeenkomst"))
        mijlpaal(o.einde, "einde", o.id, _("AMA WVG-overeenkomst"), _("Einde overeenkomst"))
        for ev in o.evaluaties.all():
            items.append(
                TijdlijnItem(
                    datum=ev.datum,
                    titel=_("Jaarlijkse evaluatie"),
                    traject=o.id,
                    soort=_("AMA WVG-overeenkomst"),
                    door=ev.door,
                )
            )
    for e in events:
        if e.pk in gebruikt:
            continue
        items.append(
            TijdlijnItem(
                datum=timezone.localtime(e.op).date(),
                titel=e.get_actie_display(),
                traject=e.traject_id,
                soort=e.get_soort_display(),
                door=e.door,
                geregistreerd_op=e.op,
                notitie=e.notitie,
            )
        )
    for m in samengevoegd:
        items.append(
            TijdlijnItem(
                datum=timezone.localtime(m.op).date(),
                titel=_("Samengevoegd met %(id)s") % {"id": m.oud_id},
                traject="",
                soort=_("Dossier"),
                door=m.door,
                geregistreerd_op=m.op,
            )
        )
    items.sort(
        key=lambda i: (i.datum, i.geregistreerd_op.timestamp() if i.geregistreerd_op else 0.0),
        reverse=True,
    )
    return items


@toegang(DOSSIER_ROLLEN, dossier={"pk": DEELNEMER})
@never_cache
def dossier(request: Verzoek, pk: str) -> HttpResponse:
    try:
        d = selectors.get_deelnemer_for_user(request.user, pk)
    except Http404:
        # a merged dossier answers with its survivor
        nieuw = opvolger(request.user, pk)
        if not nieuw:
            raise
        return redirect("deelnemers:dossier", pk=nieuw)
    op = timezone.localdate()
    # Named by `met_referenties`, not joined: five joined tables cost more to plan than the
    # statement costs to run (decision 543).
    activering = met_referenties(
        list(Activeringstraject.objects.filter(deelnemer=d).order_by("-geinitieerd_op", "-id"))
    )
    ama_se = list(
        AmaSeTraject.objects.filter(deelnemer=d)
        .select_related("begeleider", "eindadvies", "stopreden")
        .prefetch_related(Prefetch("momenten", queryset=AmaSeMoment.objects.select_related("door")))
        .order_by("-gematcht_op")
    )
    wvg = list(
        AmaWvgOvereenkomst.objects.filter(deelnemer=d)
        .select_related("begeleider")
        .prefetch_related(
            Prefetch("evaluaties", queryset=AmaWvgEvaluatie.objects.select_related("door"))
        )
        .order_by("-start")
    )
    events = list(TrajectEvent.objects.filter(deelnemer=d).select_related("door"))
    adviezen = list(Advies.objects.filter(deelnemer=d).select_related("advies").order_by("-van"))
    posities = list(
        Arbeidsmarktpositie.objects.filter(deelnemer=d).select_related("positie").order_by("-van")
    )
    plaatsingen = ladder_selectors.tijdlijn(d.pk)

    # The Zorg compartment: text for the zorg casemanagers, existence for the werk casemanager.
    notities = list(
        selectors.zorgnotities_visible_to(request.user)
        .filter(traject__deelnemer=d)
        .select_related("door")
    )
    notities_meta = None
    if not notities:
        notities_meta = (
            selectors.zorgnotities_bestaan_visible_to(request.user)
            .filter(traject__deelnemer=d)
            .aggregate(aantal=Count("id"), laatste=Max("aangemaakt_op"))
        )
    zorg_trajecten = [t for t in activering if selectors.mag_zorgnotitie_schrijven(request.user, t)]
    for t in activering:
        t.status_nu = rules.activering_status(t, op)
        t.einddatum = rules.activering_einddatum(t)  # type: ignore[attr-defined]  # the annotation's name (selectors.met_einddatum), not a field
        t.overdue = rules.activering_is_overdue(t, op)
    for se in ama_se:
        se.status_nu = rules.ama_se_status(se, op)

    context = {
        "deelnemer": d,
        "activering": activering,
        "ama_se": ama_se,
        "wvg": wvg,
        "tijdlijn": _tijdlijn(activering, ama_se, wvg, events, samengevoegd_in(d.pk)),
        "adviezen": adviezen,
        "posities": posities,
        "plaatsingen": plaatsingen,
        "zorgnotities": notities,
        "zorgnotities_meta": notities_meta,
        "zorg_form": (
            ZorgNotitieForm(
                trajecten=Activeringstraject.objects.filter(pk__in=[t.pk for t in zorg_trajecten])
            )
            if zorg_trajecten
            else None
        ),
        "mag_wijzigen": heeft_rol(request.user, *REGISTRATIE_ROLLEN),
        "ladder_tijdlijn": _template_bestaat("ladder/_tijdlijn.html"),
        "trajecten_blok": _template_bestaat("trajectories/_dossier_trajecten.html"),
        "op": op,
    }
    log_dossier_inzage(request, [d.pk], "ui")
    return render(request, "deelnemers/dossier.html", context)


@toegang((CASEMANAGER_ZORG,), dossier={"pk": DEELNEMER})
@require_POST
def zorgnotitie_nieuw(request: Verzoek, pk: str) -> HttpResponse:
    d = selectors.get_deelnemer_for_user(request.user, pk)
    trajecten = Activeringstraject.objects.filter(
        deelnemer=d, casemanager_zorg_org_id=request.user.organisatie_id
    )
    if not [t for t in trajecten if selectors.mag_zorgnotitie_schrijven(request.user, t)]:
        raise Http404
    form = ZorgNotitieForm(request.POST, trajecten=trajecten)
    if form.is_valid():
        notitie = form.save(commit=False)
        notitie.door = request.user
        notitie.save()
        messages.success(request, _("De zorgnotitie is bewaard."))
    else:
        messages.error(request, _("De zorgnotitie is niet bewaard: vul soort en notitie in."))
    return redirect(reverse("deelnemers:dossier", args=[d.pk]) + "#zorg")


@toegang(DOSSIER_ROLLEN, dossier={"pk": DEELNEMER})
@never_cache
def geschiedenis(request: Verzoek, pk: str) -> HttpResponse:
    """Who changed what in this dossier, when and how (audit.geschiedenis); a logged read."""

    d = selectors.get_deelnemer_for_user(request.user, pk)
    wijzigingen = geschiedenis_van(d.pk, user=request.user)
    pagina = Paginator(wijzigingen, 50).get_page(request.GET.get("pagina"))
    log_dossier_inzage(request, [d.pk], "ui")
    return render(
        request,
        "deelnemers/geschiedenis.html",
        {"deelnemer": d, "pagina": pagina, "bijgehouden": is_postgres()},
    )


# --- register and edit ----------------------------------------------------------------------


@toegang(mag_registreren, weigering=404)
def registreer(request: Verzoek) -> HttpResponse:
    if not mag_registreren(request.user):
        raise Http404
    form = RegistreerForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "bestaand_id": None}
    if request.method == "POST" and form.is_valid():
        try:
            nieuw = services.registreer_deelnemer(door=request.user, **form.service_kwargs())
        except rules.Geweigerd as e:
            _fouten_op_form(form, e)
            # In scope the form links to the dossier that holds the INSZ (decision 186).
            context["bestaand_id"] = getattr(e, "deelnemer_id", None)
            if isinstance(e, services.MogelijkeDubbel):
                context["kandidaten"] = kandidaten_voor_gebruiker(request, e.kandidaten)
        else:
            messages.success(request, _("De deelnemer is geregistreerd."))
            return redirect("deelnemers:dossier", pk=nieuw.deelnemer.pk)
    return render(request, "deelnemers/registreer.html", context)


def _fouten_op_form(form: Any, fout: rules.Geweigerd) -> None:
    add_weigering(form, fout)


VERSIE_FOUT = _(
    "Iemand anders heeft dit dossier intussen gewijzigd. Uw wijzigingen zijn niet bewaard: "
    "controleer de huidige gegevens (open het dossier opnieuw) en breng uw wijzigingen dan "
    "opnieuw aan."
)


@toegang(REGISTRATIE_ROLLEN, dossier={"pk": DEELNEMER})
@never_cache
def wijzig_kenmerken(request: Verzoek, pk: str) -> HttpResponse:
    d = selectors.get_deelnemer_for_user(request.user, pk)
    if not heeft_rol(request.user, *REGISTRATIE_ROLLEN):
        raise Http404
    if request.method == "POST":
        form = KenmerkenForm(request.POST)
        if form.is_valid():
            try:
                services.wijzig_kenmerken(
                    door=request.user,
                    deelnemer_id=d.pk,
                    versie=form.cleaned_data["versie"],
                    **form.service_kwargs(),
                )
            except rules.Geweigerd as e:
                if e.code == "versie-verouderd":
                    form.add_error(None, VERSIE_FOUT)
                else:
                    _fouten_op_form(form, e)
            else:
                messages.success(request, _("De kenmerken zijn bewaard."))
                return redirect("deelnemers:dossier", pk=d.pk)
    else:
        form = KenmerkenForm(initial=KenmerkenForm.initial_van(d))
    return render(request, "deelnemers/kenmerken.html", {"form": form, "deelnemer": d})


# --- Aandacht nodig -------------------------------------------------------------------------


@toegang(INGELOGD)
@never_cache
def aandacht(request: Verzoek) -> HttpResponse:
    """The worklist: every point, most urgent first, paged, per category and region; the names
    (and the read log) only of the page shown. The counts and the page are computed in the
    database (`Werklijst`): one query, whatever the length of the list."""
    op = timezone.localdate()
    categorie = request.GET.get("categorie", "")
    if categorie not in CATEGORIEEN:
        categorie = ""
    regios = list(Regio.objects.order_by("naam").values_list("code", "naam"))
    regio = request.GET.get("regio", "")
    if regio not in dict(regios):
        regio = ""
    # The page asked for is read together with the counts (one query); another page (a number
    # past the end) is read on its own.
    nummer = _paginanummer(request)
    vooraf = slice((nummer - 1) * AANDACHT_PER_PAGINA, nummer * AANDACHT_PER_PAGINA)
    werklijst = Werklijst(
        request.user, op=op, regio=regio or None, categorie=categorie, vooraf=vooraf
    )
    tellingen = werklijst.tellingen
    # (Paginator only slices the worklist: Werklijst has no int index.)
    pagina: Page[Any] = Paginator(werklijst, AANDACHT_PER_PAGINA).get_page(  # type: ignore[arg-type]
        request.GET.get("pagina")
    )
    pagina.object_list = met_namen(list(pagina.object_list))
    log_dossier_inzage(request, [s.deelnemer_id for s in pagina.object_list], "ui")
    querystring = urlencode({k: v for k, v in (("categorie", categorie), ("regio", regio)) if v})
    return render(
        request,
        "deelnemers/aandacht.html",
        {
            "categorieen": [(k, CATEGORIEEN[k], tellingen[k]) for k in CATEGORIEEN],
            "categorie": categorie,
            "categorie_titel": CATEGORIEEN.get(categorie),
            "regios": regios,
            "regio": regio,
            "regio_query": urlencode({"regio": regio}) if regio else "",
            "pagina": pagina,
            "querystring": querystring,
            "totaal": sum(tellingen.values()),
            "op": op,
        },
    )

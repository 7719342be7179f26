"""API views: fetch within scope, parse, call one service, present.

Every queryset starts from `deelnemers.selectors.visible_to(user)` (outside scope is 404);
every write is one call of the same service the web forms call; refusals become 400/409 in
`api.exceptions`. Every read of dossiers is logged through `api.audit.log_dossier_read`.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import drf_spectacular_sidecar
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.permissions import (
    ACTIE,
    ACTIVERINGSTRAJECT,
    ADMIN,
    AMA_SE_TRAJECT,
    AMA_WVG_OVEREENKOMST,
    COORDINATOR,
    DEELNEMER,
    DOELSTELLING,
    INGELOGD,
    LADDERPLAATSING,
    PUBLIEK,
    STAGE,
    heeft_rol,
    is_admin,
    toegang,
)
from api import serializers as s
from api.audit import log_dossier_read
from api.authentication import ApiTokenAuthentication
from api.exceptions import ApiError, api_exception_handler, geweigerd_response
from api.filters import (
    ZOEK_HEADER,
    ActieFilter,
    ActiveringstrajectFilter,
    AmaSeTrajectFilter,
    AmaWvgOvereenkomstFilter,
    DeelnemerFilter,
    DoelstellingFilter,
    LadderplaatsingFilter,
    StageFilter,
)
from api.permissions import mag_bewerken, mag_registreren, mag_starten, vereist
from api.schema import FOUTEN, ApiAutoSchema, fout_response
from api.throttling import ApiTokenRateThrottle
from bundle.importer import BundleFouten, import_bundle
from bundle.spec import BESTANDEN
from deelnemers import services as deelnemer_services
from deelnemers.selectors import (
    activeringstrajecten_visible_to,
    ama_se_trajecten_visible_to,
    ama_wvg_overeenkomsten_visible_to,
    rijen_in_scope,
    visible_to,
)
from deelnemers.services import MOGELIJKE_DUBBEL, MogelijkeDubbel
from ladder.models import Ladderplaatsing
from ladder.report import ladder_rapport
from ladder.services import registreer_plaatsing
from reporting.mededeling import build_report
from reporting.models import IngediendRapport
from trajectories import rules, services
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
)

ERROR_RESPONSES = {code: fout_response(code) for code in FOUTEN}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {c: ERROR_RESPONSES[c] for c in (401, 429, *codes)}


class Pagination(CursorPagination):
    """Cursor pagination on the primary key: stable while rows are added."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "aantal"
    max_page_size = 500


if TYPE_CHECKING:
    from accounts.models import User

    # The mixin is only ever combined with an APIView: type-check it as one.
    _ApiViewBasis = APIView
else:
    _ApiViewBasis = object


def api_gebruiker(request: Request) -> User:
    """The signed-in user (a `User`): every API view requires authentication (`ApiMixin`)."""
    return cast("User", request.user)


class ApiMixin(_ApiViewBasis):
    """Authentication, throttling and the error shape shared by every API view."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ApiTokenRateThrottle]
    schema = ApiAutoSchema()

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return api_exception_handler

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
        # The path and the query first: the access check and the read log already look the
        # path's id up (a failed statement would break the request's transaction).
        if _has_nul(kwargs) or _has_nul(dict(request.query_params.lists())):
            raise ApiError("ongeldige-invoer", _("Tekst mag geen NUL-teken (\\0) bevatten."))
        super().initial(request, *args, **kwargs)
        if _has_nul(request.data):
            raise ApiError("ongeldige-invoer", _("Tekst mag geen NUL-teken (\\0) bevatten."))


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class DossierViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A scoped resource of dossier data: list and detail are logged as dossier reads."""

    pagination_class = Pagination
    lookup_value_regex = "[^/]+"
    create_serializer_class: type[BaseSerializer] | None = None
    detail_serializer_class: type[BaseSerializer] | None = None

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.deelnemer_id for o in objs]

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def present(self, obj: Any, status_code: int = status.HTTP_200_OK) -> Response:
        # The class's read serializer: an action's `serializer_class` describes its input.
        serializer_class = self.detail_serializer_class or type(self).serializer_class
        assert serializer_class is not None  # every dossier viewset declares one
        data = serializer_class(obj, context=self.get_serializer_context()).data
        # An answer holding a dossier object (a create, a step) is a read of its participant.
        log_dossier_read(self.request, self.deelnemer_ids([obj]))
        return Response(data, status=status_code)

    def parse(self, serializer_class: type[BaseSerializer]) -> Any:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        assert page is not None  # pagination_class is set: a page, never None
        log_dossier_read(request, self.deelnemer_ids(page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def trajecten(self, model: type[Any], zichtbaar: Callable[[Any], QuerySet]) -> QuerySet:
        """The trajectories of `model` the user may see (`zichtbaar`), by id; a list finds a
        large scope's few rows of the table first (`rijen_in_scope`, decision 555)."""
        if self.action == "list":
            return rijen_in_scope(self.request.user, model.objects.all()).order_by("pk")
        return zichtbaar(self.request.user).order_by("pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Logged as a read by the view's declaration (`toegang(..., dossier={"pk": ...})`).
        obj = self.get_object()
        return Response(self.get_serializer(obj).data)


# --- deelnemers ---------------------------------------------------------------------------


@toegang(INGELOGD, dossier={"pk": DEELNEMER})
@extend_schema(tags=["deelnemers"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                name=ZOEK_HEADER,
                location=OpenApiParameter.HEADER,
                type=str,
                required=False,
                description=(
                    "Zoekterm: naam (accenten en hoofdletters genegeerd), begin van het INSZ "
                    "of dossier- of traject-id, zoals op de webpagina's. In een header, zodat "
                    "geen persoonsgegevens in URL's of logs van URL's terechtkomen; "
                    "UTF-8 toegelaten."
                ),
            )
        ]
    )
)
class DeelnemerViewSet(mixins.CreateModelMixin, DossierViewSet):
    serializer_class = s.DeelnemerSerializer
    filterset_class = DeelnemerFilter

    def get_queryset(self) -> QuerySet:
        return visible_to(self.request.user).order_by("pk")

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.pk for o in objs]

    @extend_schema(
        request=s.DeelnemerCreateSerializer,
        responses={
            201: s.DeelnemerSerializer,
            **errors(400, 403),
            409: OpenApiResponse(
                s.RegistratieConflictSerializer,
                description=(
                    "Het INSZ is al geregistreerd (`insz-bestaat`; buiten uw dossiers "
                    "`registratie-niet-mogelijk`), of er zijn mogelijke dubbels binnen uw "
                    "dossiers (`mogelijke-dubbel`, met `kandidaten`): controleer ze en stuur "
                    "de registratie opnieuw met `bevestig_ander_persoon: true` als het om "
                    "iemand anders gaat."
                ),
                examples=[
                    OpenApiExample(
                        "mogelijke-dubbel",
                        value={
                            "code": "mogelijke-dubbel",
                            "detail": str(MOGELIJKE_DUBBEL),
                            "fouten": [
                                {"veld": "bevestig_ander_persoon", "bericht": str(MOGELIJKE_DUBBEL)}
                            ],
                            "kandidaten": ["D0013722"],
                        },
                    )
                ],
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vereist(mag_registreren(request.user), _("U mag geen deelnemers registreren."))
        d = dict(self.parse(s.DeelnemerCreateSerializer).validated_data)
        d["provincie_id"] = d.pop("provincie").pk
        d["regio_id"] = d.pop("regio").pk
        d["bevestiging_nodig"] = not d.pop("bevestig_ander_persoon")
        try:
            # The service gives the registering organisation the new dossier (`Registratie`).
            nieuw = deelnemer_services.registreer_deelnemer(door=api_gebruiker(request), **d)
        except MogelijkeDubbel as exc:
            # Only candidates the caller may open (decision 186); naming them is a read.
            response = geweigerd_response(exc)
            response.data["kandidaten"] = exc.ids
            log_dossier_read(request, exc.ids)
            return response
        return self.present(nieuw.deelnemer, status.HTTP_201_CREATED)


# --- trajectories -------------------------------------------------------------------------


def _stap_action(
    soort: str,
    stap: rules.Stap,
    call: Callable[..., Any],
    read_serializer: type[BaseSerializer],
) -> Callable[..., Response]:
    """One explicit endpoint per step of the allowed-transition table (`rules.*_STAPPEN`)."""
    invoer = s.stap_serializer(soort, stap)

    def handler(self: DossierViewSet, request: Request, pk: str | None = None) -> Response:
        traject = self.get_object()
        vereist(mag_bewerken(request.user, traject))
        kwargs = self.parse(invoer).service_kwargs()
        traject = call(door=api_gebruiker(request), traject_id=traject.pk, stap=stap.naam, **kwargs)
        return self.present(traject)

    handler.__name__ = handler.__qualname__ = stap.naam.replace("-", "_")
    handler.__doc__ = f"{stap.label}."
    handler = action(
        detail=True,
        methods=["post"],
        url_path=stap.naam,
        url_name=stap.naam,
        serializer_class=invoer,
    )(handler)
    return extend_schema(
        summary=str(stap.label),
        request=invoer,
        responses={200: read_serializer, **errors(400, 404, 409)},
    )(handler)


@toegang(INGELOGD, dossier={"pk": ACTIVERINGSTRAJECT})
@extend_schema(tags=["activeringstrajecten"])
class ActiveringstrajectViewSet(mixins.CreateModelMixin, DossierViewSet):
    serializer_class = s.ActiveringstrajectSerializer
    detail_serializer_class = s.ActiveringstrajectDetailSerializer
    filterset_class = ActiveringstrajectFilter

    def get_queryset(self) -> QuerySet:
        return self.trajecten(Activeringstraject, activeringstrajecten_visible_to)

    @extend_schema(
        request=s.ActiveringstrajectCreateSerializer,
        responses={201: s.ActiveringstrajectDetailSerializer, **errors(400, 403)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vereist(mag_starten(request.user, "activering"))
        kwargs = self.parse(s.ActiveringstrajectCreateSerializer).service_kwargs()
        traject = services.nieuw_activeringstraject(door=api_gebruiker(request), **kwargs)
        return self.present(traject, status.HTTP_201_CREATED)


def _activering_stap(**kwargs: Any) -> Any:
    return services.activering_stap(**kwargs)


for _stap in rules.ACTIVERING_STAPPEN.values():
    setattr(
        ActiveringstrajectViewSet,
        _stap.naam.replace("-", "_"),
        _stap_action("activering", _stap, _activering_stap, s.ActiveringstrajectDetailSerializer),
    )


@toegang(INGELOGD, dossier={"pk": AMA_SE_TRAJECT})
@extend_schema(tags=["ama-se-trajecten"])
class AmaSeTrajectViewSet(mixins.CreateModelMixin, DossierViewSet):
    serializer_class = s.AmaSeTrajectSerializer
    filterset_class = AmaSeTrajectFilter

    def get_queryset(self) -> QuerySet:
        return self.trajecten(AmaSeTraject, ama_se_trajecten_visible_to)

    @extend_schema(
        request=s.AmaSeTrajectCreateSerializer,
        responses={201: s.AmaSeTrajectSerializer, **errors(400, 403)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vereist(mag_starten(request.user, "ama-se"))
        kwargs = self.parse(s.AmaSeTrajectCreateSerializer).service_kwargs()
        traject = services.nieuw_ama_se_traject(door=api_gebruiker(request), **kwargs)
        return self.present(traject, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Opvolgings- of beslissingsmoment registreren",
        request=s.AmaSeMomentSerializer,
        responses={201: s.AmaSeMomentSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=s.AmaSeMomentSerializer)
    def momenten(self, request: Request, pk: str | None = None) -> Response:
        traject = self.get_object()
        vereist(mag_bewerken(request.user, traject))
        d = self.parse(s.AmaSeMomentSerializer).validated_data
        moment = services.registreer_ama_se_moment(
            door=api_gebruiker(request),
            traject_id=traject.pk,
            soort=d["soort"],
            datum=d["datum"],
            verslag=d.get("verslag", ""),
            beslissing=d.get("beslissing", ""),
        )
        return Response(s.AmaSeMomentSerializer(moment).data, status=status.HTTP_201_CREATED)


def _ama_se_stap(**kwargs: Any) -> Any:
    return services.ama_se_stap(**kwargs)


for _stap in rules.AMA_SE_STAPPEN.values():
    setattr(
        AmaSeTrajectViewSet,
        _stap.naam.replace("-", "_"),
        _stap_action("ama-se", _stap, _ama_se_stap, s.AmaSeTrajectSerializer),
    )


@toegang(INGELOGD, dossier={"pk": AMA_WVG_OVEREENKOMST})
@extend_schema(tags=["ama-wvg-overeenkomsten"])
class AmaWvgOvereenkomstViewSet(mixins.CreateModelMixin, DossierViewSet):
    serializer_class = s.AmaWvgOvereenkomstSerializer
    filterset_class = AmaWvgOvereenkomstFilter

    def get_queryset(self) -> QuerySet:
        return self.trajecten(AmaWvgOvereenkomst, ama_wvg_overeenkomsten_visible_to)

    @extend_schema(
        request=s.AmaWvgOvereenkomstCreateSerializer,
        responses={201: s.AmaWvgOvereenkomstSerializer, **errors(400, 403)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vereist(mag_starten(request.user, "ama-wvg"))
        kwargs = self.parse(s.AmaWvgOvereenkomstCreateSerializer).service_kwargs()
        overeenkomst = services.nieuwe_wvg_overeenkomst(door=api_gebruiker(request), **kwargs)
        return self.present(overeenkomst, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Overeenkomst beëindigen",
        request=s.WvgBeeindigSerializer,
        responses={200: s.AmaWvgOvereenkomstSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=s.WvgBeeindigSerializer)
    def beeindigen(self, request: Request, pk: str | None = None) -> Response:
        overeenkomst = self.get_object()
        vereist(mag_bewerken(request.user, overeenkomst))
        d = self.parse(s.WvgBeeindigSerializer).validated_data
        overeenkomst = services.beeindig_wvg_overeenkomst(
            door=api_gebruiker(request),
            overeenkomst_id=overeenkomst.pk,
            einde=d["einde"],
            versie=d["versie"],
            notitie=d["notitie"],
        )
        return self.present(overeenkomst)

    @extend_schema(
        summary="Jaarlijkse evaluatie registreren",
        request=s.AmaWvgEvaluatieSerializer,
        responses={201: s.AmaWvgEvaluatieSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=s.AmaWvgEvaluatieSerializer)
    def evaluaties(self, request: Request, pk: str | None = None) -> Response:
        overeenkomst = self.get_object()
        vereist(mag_bewerken(request.user, overeenkomst))
        d = self.parse(s.AmaWvgEvaluatieSerializer).validated_data
        evaluatie = services.registreer_wvg_evaluatie(
            door=api_gebruiker(request),
            overeenkomst_id=overeenkomst.pk,
            datum=d["datum"],
            verslag=d.get("verslag", ""),
            verderzetten=d.get("verderzetten", True),
        )
        return Response(s.AmaWvgEvaluatieSerializer(evaluatie).data, status=status.HTTP_201_CREATED)


# --- ladder -------------------------------------------------------------------------------


@toegang(INGELOGD, dossier={"pk": LADDERPLAATSING})
@extend_schema(tags=["ladderplaatsingen"])
class LadderplaatsingViewSet(mixins.CreateModelMixin, DossierViewSet):
    serializer_class = s.LadderplaatsingSerializer
    filterset_class = LadderplaatsingFilter

    def get_queryset(self) -> QuerySet:
        return (
            Ladderplaatsing.objects.filter(deelnemer__in=visible_to(self.request.user).values("pk"))
            .select_related("werkvorm")
            .order_by("pk")
        )

    @extend_schema(
        request=s.LadderplaatsingCreateSerializer,
        responses={201: s.LadderplaatsingSerializer, **errors(400, 403)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vereist(mag_starten(request.user, "ladder"), _("U mag geen ladderplaatsingen registreren."))
        kwargs = self.parse(s.LadderplaatsingCreateSerializer).service_kwargs()
        plaatsing = registreer_plaatsing(door=api_gebruiker(request), **kwargs)
        return self.present(plaatsing, status.HTTP_201_CREATED)


# --- trajectplan --------------------------------------------------------------------------


class PlanViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, DossierViewSet):
    """Items of the trajectplan of an activeringstraject; removal through the service."""

    soort: str = ""

    def traject_van(self, item: Any) -> Any:
        return item.traject

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        vereist(mag_bewerken(request.user, self.traject_van(item)))
        services.verwijder_planitem(door=api_gebruiker(request), soort=self.soort, item_id=item.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _plan_scope(user: Any) -> QuerySet:
    return activeringstrajecten_visible_to(user).values("pk")


@toegang(INGELOGD, dossier={"pk": DOELSTELLING})
@extend_schema(tags=["trajectplan"])
@extend_schema(methods=["DELETE"], responses={204: None, **errors(404, 409)})
class DoelstellingViewSet(PlanViewSet):
    serializer_class = s.DoelstellingSerializer
    filterset_class = DoelstellingFilter
    soort = "doelstelling"

    def get_queryset(self) -> QuerySet:
        return (
            Doelstelling.objects.filter(traject__in=_plan_scope(self.request.user))
            .select_related("traject")
            .order_by("pk")
        )

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.traject.deelnemer_id for o in objs]

    @extend_schema(
        request=s.DoelstellingCreateSerializer,
        responses={201: s.DoelstellingSerializer, **errors(400, 409)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.parse(s.DoelstellingCreateSerializer).validated_data
        vereist(mag_bewerken(request.user, d["traject"]))
        doelstelling = services.voeg_doelstelling_toe(
            door=api_gebruiker(request),
            traject_id=d["traject"].pk,
            soort=d["soort"],
            omschrijving=d["omschrijving"],
        )
        return self.present(doelstelling, status.HTTP_201_CREATED)


@toegang(INGELOGD, dossier={"pk": ACTIE})
@extend_schema(tags=["trajectplan"])
@extend_schema(methods=["DELETE"], responses={204: None, **errors(404, 409)})
class ActieViewSet(PlanViewSet):
    serializer_class = s.ActieSerializer
    filterset_class = ActieFilter
    soort = "actie"

    def get_queryset(self) -> QuerySet:
        return (
            Actie.objects.filter(doelstelling__traject__in=_plan_scope(self.request.user))
            .select_related("doelstelling__traject")
            .order_by("pk")
        )

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.doelstelling.traject.deelnemer_id for o in objs]

    def traject_van(self, item: Any) -> Any:
        return item.doelstelling.traject

    @extend_schema(
        request=s.ActieCreateSerializer,
        responses={201: s.ActieSerializer, **errors(400, 409)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.parse(s.ActieCreateSerializer).validated_data
        vereist(mag_bewerken(request.user, d["doelstelling"].traject))
        actie = services.voeg_actie_toe(
            door=api_gebruiker(request),
            doelstelling_id=d["doelstelling"].pk,
            dienstverlener_id=d["dienstverlener"].pk,
            omschrijving=d["omschrijving"],
            gepland_op=d["gepland_op"],
        )
        return self.present(actie, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Status van een actie wijzigen",
        request=s.ActieStatusSerializer,
        responses={200: s.ActieSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=s.ActieStatusSerializer)
    def status(self, request: Request, pk: str | None = None) -> Response:
        actie = self.get_object()
        vereist(mag_bewerken(request.user, actie.doelstelling.traject))
        d = self.parse(s.ActieStatusSerializer).validated_data
        actie = services.wijzig_actie(
            door=api_gebruiker(request), actie_id=actie.pk, status=d["status"], datum=d["datum"]
        )
        return self.present(actie)


@toegang(INGELOGD, dossier={"pk": STAGE})
@extend_schema(tags=["trajectplan"])
@extend_schema(methods=["DELETE"], responses={204: None, **errors(404, 409)})
class StageViewSet(PlanViewSet):
    serializer_class = s.StageSerializer
    filterset_class = StageFilter
    soort = "stage"

    def get_queryset(self) -> QuerySet:
        return (
            Stage.objects.filter(traject__in=_plan_scope(self.request.user))
            .select_related("traject")
            .order_by("pk")
        )

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.traject.deelnemer_id for o in objs]

    @extend_schema(
        request=s.StageCreateSerializer,
        responses={201: s.StageSerializer, **errors(400, 409)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.parse(s.StageCreateSerializer).validated_data
        vereist(mag_bewerken(request.user, d["traject"]))
        stage = services.voeg_stage_toe(
            door=api_gebruiker(request),
            traject_id=d["traject"].pk,
            werkplek=d["werkplek"],
            start=d["start"],
            einde=d["einde"],
            organisatie_id=getattr(d["organisatie"], "pk", None),
        )
        return self.present(stage, status.HTTP_201_CREATED)


# --- feeds --------------------------------------------------------------------------------


def mag_feeds_aanleveren(user: Any) -> bool:
    """The VDAB feeds: a user or token of a VDAB organisation, or an admin."""
    organisatie = getattr(user, "organisatie", None)
    return is_admin(user) or getattr(organisatie, "type_id", None) == "vdab"


class IsVdabOrAdmin(permissions.BasePermission):
    message = _("Enkel VDAB of een beheerder mag deze feed aanleveren.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return mag_feeds_aanleveren(request.user)


_LIJN = re.compile(r"^(?P<bestand>[^:]+):(?P<lijn>\d+): (?P<kolom>[^:]*): (?P<bericht>.*)$", re.S)


class FeedView(ApiMixin, APIView):
    """A VDAB batch, imported like a bundle file: all or nothing, idempotent, errors per row."""

    permission_classes = [permissions.IsAuthenticated, IsVdabOrAdmin]
    # JSON only: rows of objects cannot be sent as a form (the schema then says so too).
    parser_classes = [JSONParser]
    bestand = ""

    @property
    def spec(self) -> Any:
        return next(b for b in BESTANDEN if b.naam == self.bestand)

    def post(self, request: Request) -> Response:
        rijen = request.data.get("rijen") if isinstance(request.data, dict) else None
        if not isinstance(rijen, list) or not all(isinstance(r, dict) for r in rijen):
            raise ApiError(
                "ongeldige-invoer",
                _('Verwacht een object met "rijen": een lijst van objecten.'),
            )
        kolommen = self.spec.kolomnamen
        fouten = [
            {"rij": n, "kolom": str(k), "bericht": _("Onbekende kolom.")}
            for n, rij in enumerate(rijen, start=1)
            for k in rij
            if k not in kolommen
        ]
        fouten += [
            {"rij": n, "kolom": k, "bericht": _("Een waarde moet tekst, een getal of leeg zijn.")}
            for n, rij in enumerate(rijen, start=1)
            for k, v in rij.items()
            if k in kolommen and isinstance(v, dict | list)
        ]
        if fouten:
            return self.refused(fouten)
        with tempfile.TemporaryDirectory(prefix="wz-feed-") as tmp:
            map_ = Path(tmp)
            for bestand in BESTANDEN:
                # The other files of the bundle hold only their header: they change nothing.
                (map_ / bestand.naam).write_text(",".join(bestand.kolomnamen) + "\n")
            rij_van_lijn = self._write_rows(map_ / self.bestand, kolommen, rijen)
            try:
                import_bundle(map_)
            except BundleFouten as exc:
                return self.refused(self._row_errors(exc.fouten, rij_van_lijn))
        deelnemers = {str(r.get("deelnemer_id")) for r in rijen}
        return Response({"aantal": len(rijen), "deelnemers": len(deelnemers)})

    @staticmethod
    def _cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "1" if value else "0"
        return str(value)

    def _write_rows(
        self, pad: Path, kolommen: tuple[str, ...], rijen: list[dict[str, Any]]
    ) -> dict[int, int]:
        """Write the rows as CSV; return the CSV line each row starts on -> row number."""
        buffer = io.StringIO()
        # Not `csv_schrijver`: this file is the importer's input, never opened by a person;
        # neutralising would change the data (a name "-Jan" would be imported as "'-Jan").
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(kolommen)
        rij_van_lijn: dict[int, int] = {}
        lijn = 2
        for n, rij in enumerate(rijen, start=1):
            rij_van_lijn[lijn] = n
            before = buffer.tell()
            writer.writerow([self._cell(rij.get(k)) for k in kolommen])
            lijn += buffer.getvalue()[before:].count("\n")
        pad.write_text(buffer.getvalue(), encoding="utf-8")
        return rij_van_lijn

    def _row_errors(self, lijnen: list[str], rij_van_lijn: dict[int, int]) -> list[dict]:
        fouten = []
        for tekst in lijnen:
            m = _LIJN.match(tekst)
            if m is None or m["bestand"] != self.bestand:
                fouten.append({"rij": 0, "kolom": "", "bericht": tekst})
                continue
            fouten.append(
                {
                    "rij": rij_van_lijn.get(int(m["lijn"]), 0),
                    "kolom": "" if m["kolom"] == "-" else m["kolom"],
                    "bericht": m["bericht"],
                }
            )
        return fouten

    def refused(self, fouten: list[dict]) -> Response:
        return Response(
            {
                "code": "feed-ongeldig",
                "detail": _("De batch is geweigerd: er is niets gewijzigd."),
                "fouten": fouten,
            },
            status=status.HTTP_400_BAD_REQUEST,
        )


_FEED_SCHEMA: dict[str, Any] = {
    "request": s.FeedSerializer,
    "responses": {
        200: s.FeedResultaatSerializer,
        400: OpenApiResponse(s.FeedErrorSerializer, description="Batch geweigerd"),
        **errors(403),
    },
}


@toegang(mag_feeds_aanleveren)
@extend_schema(tags=["feeds"], summary="VDAB-adviezen aanleveren (upsert per id)", **_FEED_SCHEMA)
class AdviezenFeedView(FeedView):
    bestand = "adviezen.csv"

    def post(self, request: Request) -> Response:
        return super().post(request)


@toegang(mag_feeds_aanleveren)
@extend_schema(
    tags=["feeds"],
    summary="Arbeidsmarktposities aanleveren (vervangt de posities per deelnemer)",
    **_FEED_SCHEMA,
)
class ArbeidsmarktpositiesFeedView(FeedView):
    bestand = "arbeidsmarktposities.csv"

    def post(self, request: Request) -> Response:
        return super().post(request)


# --- reports ------------------------------------------------------------------------------


#: The reports of the whole of Flanders: coördinatoren and admins (figures only).
RAPPORT_ROLLEN = (COORDINATOR, ADMIN)


class HeeftRapporteringsrol(permissions.BasePermission):
    message = _("Enkel coördinatoren en beheerders zien de rapportering.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return heeft_rol(request.user, *RAPPORT_ROLLEN)


class ReportView(ApiMixin, APIView):
    permission_classes = [permissions.IsAuthenticated, HeeftRapporteringsrol]


@toegang(RAPPORT_ROLLEN)
@extend_schema(
    tags=["rapporten"],
    summary="De jaarlijkse Mededeling (report-json.md)",
    parameters=[s.MededelingQuerySerializer],
    responses={200: OpenApiTypes.OBJECT, **errors(400, 403)},
)
class MededelingView(ReportView):
    def get(self, request: Request) -> Response:
        query = s.MededelingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(
            build_report(query.validated_data["jaar"], query.validated_data["peildatum"])
        )


@toegang(RAPPORT_ROLLEN)
@extend_schema(
    tags=["rapporten"],
    summary="Het rapport van de participatieladder (report-json.md)",
    parameters=[s.LadderQuerySerializer],
    responses={200: OpenApiTypes.OBJECT, **errors(400, 403)},
)
class LadderRapportView(ReportView):
    def get(self, request: Request) -> Response:
        query = s.LadderQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(ladder_rapport(query.validated_data["jaar"]))


@toegang(RAPPORT_ROLLEN)
@extend_schema(
    tags=["rapporten"],
    summary="Een ingediend (bevroren) rapport",
    parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    responses={200: OpenApiTypes.OBJECT, **errors(403, 404)},
)
class IngediendRapportView(ReportView):
    def get(self, request: Request, pk: int) -> Response:
        rapport = IngediendRapport.objects.filter(pk=pk).first()
        if rapport is None:
            raise Http404
        return Response(ingediend_data(rapport))


def ingediend_data(rapport: Any) -> dict[str, Any]:
    """The frozen report as it was submitted, with what identifies it."""
    return {
        "id": rapport.pk,
        "jaar": rapport.jaar,
        "peildatum": rapport.peildatum.isoformat(),
        "checksum": rapport.checksum,
        "regels_versie": rapport.regels_versie,
        "ingediend_op": rapport.ingediend_op.isoformat(),
        "rapport": rapport.rapport,
    }


# --- schema and docs ----------------------------------------------------------------------


@toegang(PUBLIEK)
class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description of this API."""


@toegang(PUBLIEK)
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI under the Content Security Policy: the page holds no inline script or style
    (the split view serves the initialisation script at `?script=`, `api/swagger_ui.html`
    drops the inline style), its assets come from this application (drf-spectacular-sidecar
    and `api/docs/`), no CDN."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return reverse("api:docs-asset", args=[filename])

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return reverse("api:docs-asset", args=["favicon-32x32.png"])

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data["docs_css"] = self._swagger_ui_resource("docs.css")
        return response


_SIDECAR = "drf_spectacular_sidecar"
_EIGEN = "api"
#: The files the docs page loads: Swagger UI from the drf-spectacular-sidecar package, and our
#: own stylesheet (`api/docs/`). Nothing else is served.
DOCS_ASSETS = {
    "swagger-ui.css": ("text/css", _SIDECAR),
    "swagger-ui-bundle.js": ("text/javascript", _SIDECAR),
    "swagger-ui-standalone-preset.js": ("text/javascript", _SIDECAR),
    "favicon-32x32.png": ("image/png", _SIDECAR),
    "docs.css": ("text/css", _EIGEN),
}


@toegang(PUBLIEK)
def docs_asset(request: Any, filename: str) -> Any:
    """Serve one file of the docs page (only the files in `DOCS_ASSETS`)."""
    if filename not in DOCS_ASSETS:
        raise Http404
    content_type, bron = DOCS_ASSETS[filename]
    if bron == _SIDECAR:
        root = Path(drf_spectacular_sidecar.__file__).parent / "static" / _SIDECAR
        pad = root / "swagger-ui-dist" / filename
    else:
        pad = Path(__file__).parent / "docs" / filename
    response = FileResponse(pad.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response

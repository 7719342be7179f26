"""`/api/v1/netwerk/…`: a partner organisation's system reads and updates its own acties and
stages (an API token of the organisation holding a dienstverlener role, `api.tokens`).

Scoped by `netwerk.selectors` like the web pages (outside scope: 404); every read is logged
(`api.audit.log_dossier_read`); every change is one call of `netwerk.services`; refusals
become 400/409 (`api.exceptions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.permissions import ACTIE, STAGE, toegang
from api.permissions import vereist
from api.views import DossierViewSet, api_gebruiker, errors
from netwerk import selectors, services
from netwerk.models import Opdracht, Stageverslag
from netwerk.permissions import DIENSTVERLENER_ROLLEN, mag_stage_registreren
from trajectories.models import Actie, Stage

# --- serializers ----------------------------------------------------------------------------


class NetwerkActieSerializer(serializers.ModelSerializer):
    traject = serializers.CharField(source="doelstelling.traject_id", read_only=True)
    deelnemer = serializers.CharField(source="doelstelling.traject.deelnemer_id", read_only=True)
    soort = serializers.CharField(source="doelstelling.soort", read_only=True)
    doelstelling = serializers.CharField(source="doelstelling.omschrijving", read_only=True)
    opdracht = serializers.SerializerMethodField()
    reden = serializers.SerializerMethodField()
    verwacht_klaar_op = serializers.SerializerMethodField()

    class Meta:
        model = Actie
        fields = [
            "id",
            "traject",
            "deelnemer",
            "soort",
            "doelstelling",
            "omschrijving",
            "status",
            "gepland_op",
            "gestart_op",
            "afgerond_op",
            "opdracht",
            "reden",
            "verwacht_klaar_op",
        ]
        read_only_fields = fields

    def _opdracht(self, obj: Actie) -> Opdracht | None:
        return getattr(obj, "opdracht", None)

    def get_opdracht(self, obj: Actie) -> str:
        """nieuw, aanvaard or geweigerd (the organisation's decision)."""
        o = self._opdracht(obj)
        return o.status if o else Opdracht.Status.NIEUW

    def get_reden(self, obj: Actie) -> str:
        o = self._opdracht(obj)
        return o.reden if o else ""

    def get_verwacht_klaar_op(self, obj: Actie) -> Any:
        o = self._opdracht(obj)
        return o.verwacht_klaar_op if o else None


class AanvaardSerializer(serializers.Serializer):
    verwacht_klaar_op = serializers.DateField(required=False, allow_null=True, default=None)


class WeigerSerializer(serializers.Serializer):
    reden = serializers.CharField()


class DatumSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True, default=None)


class StageverslagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stageverslag
        fields = [
            "id",
            "datum",
            "doelen",
            "aanwezigheid",
            "aanwezigheid_toelichting",
            "competenties",
            "advies",
            "advies_toelichting",
        ]
        read_only_fields = ["id"]


class NetwerkStageSerializer(serializers.ModelSerializer):
    traject = serializers.CharField(source="traject_id", read_only=True)
    werkgever = serializers.SerializerMethodField()
    verslagen = StageverslagSerializer(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = ["id", "traject", "werkplek", "werkgever", "start", "einde", "verslagen"]
        read_only_fields = fields

    def get_werkgever(self, obj: Stage) -> str:
        b = getattr(obj, "begeleiding", None)
        return b.werkgever if b else ""


class StageRegistratieSerializer(serializers.Serializer):
    actie = serializers.IntegerField(help_text="Een eigen, aanvaarde werkactie.")
    werkplek = serializers.CharField(max_length=200)
    werkgever = serializers.CharField(max_length=200)
    start = serializers.DateField()
    einde = serializers.DateField()


# --- views ----------------------------------------------------------------------------------


@toegang(DIENSTVERLENER_ROLLEN, dossier={"pk": ACTIE})
@extend_schema(tags=["netwerk"])
class NetwerkActieViewSet(DossierViewSet):
    """The acties of the token's organisation; accept, decline, start and finish them."""

    serializer_class = NetwerkActieSerializer

    def get_queryset(self) -> QuerySet:
        return (
            selectors.acties_voor(self.request.user)
            .select_related("doelstelling__traject", "opdracht")
            .order_by("pk")
        )

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.doelstelling.traject.deelnemer_id for o in objs]

    def _klaar(self, actie_id: int) -> Response:
        return self.present(self.get_queryset().get(pk=actie_id))

    @extend_schema(
        summary="Actie aanvaarden",
        request=AanvaardSerializer,
        responses={200: NetwerkActieSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=AanvaardSerializer)
    def aanvaarden(self, request: Request, pk: str | None = None) -> Response:
        actie = self.get_object()
        d = self.parse(AanvaardSerializer).validated_data
        services.aanvaard_actie(
            door=api_gebruiker(request), actie_id=actie.pk, verwacht_klaar_op=d["verwacht_klaar_op"]
        )
        return self._klaar(actie.pk)

    @extend_schema(
        summary="Actie weigeren (met reden)",
        request=WeigerSerializer,
        responses={200: NetwerkActieSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=WeigerSerializer)
    def weigeren(self, request: Request, pk: str | None = None) -> Response:
        actie = self.get_object()
        d = self.parse(WeigerSerializer).validated_data
        services.weiger_actie(door=api_gebruiker(request), actie_id=actie.pk, reden=d["reden"])
        return self._klaar(actie.pk)

    @extend_schema(
        summary="Actie starten (het eerste gestarte actie maakt het traject Bezig)",
        request=DatumSerializer,
        responses={200: NetwerkActieSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=DatumSerializer)
    def starten(self, request: Request, pk: str | None = None) -> Response:
        actie = self.get_object()
        d = self.parse(DatumSerializer).validated_data
        services.start_actie(door=api_gebruiker(request), actie_id=actie.pk, datum=d["datum"])
        return self._klaar(actie.pk)

    @extend_schema(
        summary="Actie afronden",
        request=DatumSerializer,
        responses={200: NetwerkActieSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=DatumSerializer)
    def afronden(self, request: Request, pk: str | None = None) -> Response:
        actie = self.get_object()
        d = self.parse(DatumSerializer).validated_data
        services.rond_actie_af(door=api_gebruiker(request), actie_id=actie.pk, datum=d["datum"])
        return self._klaar(actie.pk)


@toegang(DIENSTVERLENER_ROLLEN, dossier={"pk": STAGE})
@extend_schema(tags=["netwerk"])
class NetwerkStageViewSet(DossierViewSet):
    """The stages of the token's organisation: register one, write its stageverslag."""

    serializer_class = NetwerkStageSerializer

    def get_queryset(self) -> QuerySet:
        return (
            selectors.stages_voor(self.request.user)
            .select_related("traject", "begeleiding")
            .prefetch_related("verslagen")
            .order_by("pk")
        )

    def deelnemer_ids(self, objs: Iterable[Any]) -> list[str]:
        return [o.traject.deelnemer_id for o in objs]

    @extend_schema(
        summary="Stage registreren onder een eigen werkactie",
        request=StageRegistratieSerializer,
        responses={201: NetwerkStageSerializer, **errors(400, 403, 404, 409)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vereist(mag_stage_registreren(request.user))
        d = self.parse(StageRegistratieSerializer).validated_data
        actie = selectors.get_actie_voor(request.user, d.pop("actie"))
        stage = services.registreer_stage(door=api_gebruiker(request), actie_id=actie.pk, **d)
        return self.present(self.get_queryset().get(pk=stage.pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Stageverslag schrijven",
        request=StageverslagSerializer,
        responses={201: StageverslagSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], serializer_class=StageverslagSerializer)
    def verslag(self, request: Request, pk: str | None = None) -> Response:
        stage = self.get_object()
        vereist(mag_stage_registreren(request.user))
        d = self.parse(StageverslagSerializer).validated_data
        verslag = services.schrijf_stageverslag(door=api_gebruiker(request), stage_id=stage.pk, **d)
        return Response(StageverslagSerializer(verslag).data, status=status.HTTP_201_CREATED)


router = SimpleRouter(trailing_slash=False)
router.register("acties", NetwerkActieViewSet, basename="netwerk-actie")
router.register("stages", NetwerkStageViewSet, basename="netwerk-stage")

urlpatterns = [*router.urls]

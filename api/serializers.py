"""Serializers only parse and present: every rule is decided by the services they feed.

Reads present the stored fields plus what `rules.py` derives (status, end date). Writes parse
the input of one service call (`*_kwargs`); references are checked only for existence or
scope, which is parsing, not a business rule.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from deelnemers.models import Deelnemer
from deelnemers.selectors import activeringstrajecten_visible_to, visible_to
from ladder.models import Ladderplaatsing
from organisaties.models import Organisatie
from referentie.models import Eindadvies, Provincie, Regio, Stopreden
from trajectories import rules, services
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
)


class EnumField(serializers.ChoiceField):
    """A choice field described in the schema as the enum component `enum_name`."""

    def __init__(self, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "minLength": 1})
class IdVeld(serializers.PrimaryKeyRelatedField):
    """A code or id: a non-empty string in the schema ('' would be read as null and refused,
    so the schema must not allow it)."""


def _code_field(model: type[models.Model], **kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    """A reference-table code or an id; unknown values are a parse error."""
    return IdVeld(
        queryset=model._default_manager.all(),
        pk_field=serializers.CharField(min_length=1),
        **kwargs,
    )


class ScopedPrimaryKeyRelatedField(IdVeld):
    """An id that must be within what the requesting user may see (`scope(user)`)."""

    def __init__(self, *, scope: Any, **kwargs: Any) -> None:
        self.scope = scope
        kwargs.setdefault("pk_field", serializers.CharField(min_length=1))
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return self.scope(getattr(request, "user", None))


def doelstellingen_visible_to(user: Any) -> Any:
    return Doelstelling.objects.filter(traject__in=activeringstrajecten_visible_to(user))


class TrajectStatusField(serializers.SerializerMethodField):
    """The status derived from the milestone dates (`rules.activering_status` and kin)."""


extend_schema_field(
    EnumField(choices=rules.Status.choices, enum_name="TrajectStatusEnum", read_only=True)
)(TrajectStatusField)


# --- deelnemers ---------------------------------------------------------------------------


class DeelnemerSerializer(serializers.ModelSerializer):
    provincie = serializers.CharField(source="provincie_id", read_only=True)
    regio = serializers.CharField(source="regio_id", read_only=True)

    class Meta:
        model = Deelnemer
        fields = [
            "id",
            "insz",
            "voornaam",
            "achternaam",
            "geboortedatum",
            "provincie",
            "regio",
            "armoede",
            "arbeidsbeperking",
            "kortgeschoold",
            "werkzoekend_sinds",
            "versie",
        ]
        read_only_fields = fields


class DeelnemerCreateSerializer(serializers.Serializer):
    # No `id`: Werkzorg assigns a participant's id (`deelnemers.services.registreer_deelnemer`);
    # the answer (DeelnemerSerializer) returns it, read-only.
    insz = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    voornaam = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    achternaam = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    geboortedatum = serializers.DateField()
    provincie = _code_field(Provincie)
    regio = _code_field(Regio)
    armoede = serializers.BooleanField(default=False)
    arbeidsbeperking = serializers.BooleanField(default=False)
    kortgeschoold = serializers.BooleanField(default=False)
    werkzoekend_sinds = serializers.DateField(required=False, allow_null=True, default=None)
    bevestig_ander_persoon = serializers.BooleanField(
        default=False,
        help_text=(
            "Bevestigt dat de deelnemer niet een van de mogelijke dubbels is. Zonder deze "
            "bevestiging antwoordt de registratie 409 `mogelijke-dubbel` met de `kandidaten` "
            "zodra er binnen uw dossiers een deelnemer is met (bijna) dezelfde naam en "
            "geboortedatum of het INSZ/BIS-nummer van dezelfde persoon."
        ),
    )


# --- activeringstrajecten -----------------------------------------------------------------


class ActiveringstrajectSerializer(serializers.ModelSerializer):
    deelnemer = serializers.CharField(source="deelnemer_id", read_only=True)
    regio = serializers.CharField(source="regio_id", read_only=True)
    casemanager_werk_org = serializers.CharField(
        source="casemanager_werk_org_id", read_only=True, allow_null=True
    )
    casemanager_zorg_org = serializers.CharField(
        source="casemanager_zorg_org_id", read_only=True, allow_null=True
    )
    eindadvies = serializers.CharField(source="eindadvies_id", read_only=True, allow_null=True)
    stopreden = serializers.CharField(source="stopreden_id", read_only=True, allow_null=True)
    status = TrajectStatusField()
    einddatum = serializers.SerializerMethodField()

    class Meta:
        model = Activeringstraject
        fields = [
            "id",
            "deelnemer",
            "regio",
            "casemanager_werk_org",
            "casemanager_zorg_org",
            "geinitieerd_op",
            "aanvaard_op",
            "bezig_op",
            "verlengd_tot",
            "afgesloten_op",
            "eindadvies",
            "eindadvies_motivering",
            "stopgezet_op",
            "stopreden",
            "ingetrokken_op",
            "status",
            "einddatum",
            "versie",
        ]
        read_only_fields = fields

    def get_status(self, obj: Activeringstraject) -> str | None:
        return rules.activering_status(obj)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_einddatum(self, obj: Activeringstraject) -> Any:
        return rules.activering_einddatum(obj)


class ActiveringstrajectDetailSerializer(ActiveringstrajectSerializer):
    toegelaten_stappen = serializers.SerializerMethodField()

    class Meta(ActiveringstrajectSerializer.Meta):
        fields = [*ActiveringstrajectSerializer.Meta.fields, "toegelaten_stappen"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_toegelaten_stappen(self, obj: Activeringstraject) -> list[str]:
        return [
            s.naam for s in services.toegelaten_activering_stappen(obj, op=timezone.localdate())
        ]


class ActiveringstrajectCreateSerializer(serializers.Serializer):
    deelnemer = ScopedPrimaryKeyRelatedField(scope=visible_to)
    regio = _code_field(Regio)
    geinitieerd_op = serializers.DateField()
    casemanager_werk_org = _code_field(Organisatie, required=False, allow_null=True, default=None)
    casemanager_zorg_org = _code_field(Organisatie, required=False, allow_null=True, default=None)
    notitie = serializers.CharField(required=False, allow_blank=True, default="")

    def service_kwargs(self) -> dict[str, Any]:
        d = self.validated_data
        return {
            "deelnemer_id": d["deelnemer"].pk,
            "regio_id": d["regio"].pk,
            "geinitieerd_op": d["geinitieerd_op"],
            "casemanager_werk_org_id": getattr(d["casemanager_werk_org"], "pk", None),
            "casemanager_zorg_org_id": getattr(d["casemanager_zorg_org"], "pk", None),
            "notitie": d["notitie"],
        }


class StapSerializer(serializers.Serializer):
    """Input of one status step; `stap_serializer` keeps the fields the step fills."""

    datum = serializers.DateField(required=False, allow_null=True, default=None)
    versie = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text=_("De versie die u las: een verouderde versie geeft 409."),
    )
    eindadvies = _code_field(Eindadvies, required=False, allow_null=True, default=None)
    motivering = serializers.CharField(required=False, allow_blank=True, default="")
    stopreden = _code_field(Stopreden, required=False, allow_null=True, default=None)
    verlengd_tot = serializers.DateField(required=False, allow_null=True, default=None)
    notitie = serializers.CharField(required=False, allow_blank=True, default="")

    def service_kwargs(self) -> dict[str, Any]:
        d = self.validated_data
        kwargs: dict[str, Any] = {
            "datum": d.get("datum"),
            "versie": d.get("versie"),
            "notitie": d.get("notitie", ""),
        }
        if "eindadvies" in self.fields:
            kwargs["eindadvies_id"] = getattr(d.get("eindadvies"), "pk", None)
        if "motivering" in self.fields:
            kwargs["motivering"] = d.get("motivering", "")
        if "stopreden" in self.fields:
            kwargs["stopreden_id"] = getattr(d.get("stopreden"), "pk", None)
        if "verlengd_tot" in self.fields:
            kwargs["verlengd_tot"] = d.get("verlengd_tot")
        return kwargs


# Which input fields a step's `velden` (rules.Stap) bring along, besides datum/versie/notitie.
_STAP_INVOER = {
    "eindadvies": ("eindadvies", "motivering"),
    "stopreden": ("stopreden",),
    "verlengd_tot": ("verlengd_tot",),
}


def stap_serializer(soort: str, stap: rules.Stap) -> type[StapSerializer]:
    """A serializer class for one step, with only the fields that step fills."""
    extra = {f for veld in stap.velden for f in _STAP_INVOER.get(veld, ())}
    if soort == "ama-se":
        extra.discard("motivering")  # ama_se_stap takes no motivering
    weg = {"eindadvies", "motivering", "stopreden", "verlengd_tot"} - extra
    attrs: dict[str, Any] = dict.fromkeys(weg)
    if soort == "ama-se":
        # ama_se_stap has no default date (activering_stap defaults to today).
        attrs["datum"] = serializers.DateField()
    attrs["__module__"] = __name__
    naam = "".join(p.capitalize() for p in f"{soort}-{stap.naam}".split("-")) + "Serializer"
    return type(naam, (StapSerializer,), attrs)


# --- AMA SE ---------------------------------------------------------------------------------


class AmaSeTrajectSerializer(serializers.ModelSerializer):
    deelnemer = serializers.CharField(source="deelnemer_id", read_only=True)
    begeleider = serializers.CharField(source="begeleider_id", read_only=True)
    eindadvies = serializers.CharField(source="eindadvies_id", read_only=True, allow_null=True)
    stopreden = serializers.CharField(source="stopreden_id", read_only=True, allow_null=True)
    status = TrajectStatusField()

    class Meta:
        model = AmaSeTraject
        fields = [
            "id",
            "deelnemer",
            "begeleider",
            "gematcht_op",
            "afgesloten_op",
            "eindadvies",
            "stopgezet_op",
            "stopreden",
            "status",
            "versie",
        ]
        read_only_fields = fields

    def get_status(self, obj: AmaSeTraject) -> str | None:
        return rules.ama_se_status(obj)


class AmaSeTrajectCreateSerializer(serializers.Serializer):
    deelnemer = ScopedPrimaryKeyRelatedField(scope=visible_to)
    begeleider = _code_field(Organisatie)
    gematcht_op = serializers.DateField()
    notitie = serializers.CharField(required=False, allow_blank=True, default="")

    def service_kwargs(self) -> dict[str, Any]:
        d = self.validated_data
        return {
            "deelnemer_id": d["deelnemer"].pk,
            "begeleider_id": d["begeleider"].pk,
            "gematcht_op": d["gematcht_op"],
            "notitie": d["notitie"],
        }


class AmaSeMomentSerializer(serializers.ModelSerializer):
    traject = serializers.CharField(source="traject_id", read_only=True)
    soort = EnumField(choices=AmaSeMoment.Soort.choices, enum_name="AmaSeMomentSoortEnum")

    class Meta:
        model = AmaSeMoment
        fields = ["id", "traject", "soort", "datum", "verslag", "beslissing"]
        read_only_fields = ["id", "traject"]
        extra_kwargs = {"verslag": {"required": False}, "beslissing": {"required": False}}


# --- AMA WVG --------------------------------------------------------------------------------


class AmaWvgOvereenkomstSerializer(serializers.ModelSerializer):
    deelnemer = serializers.CharField(source="deelnemer_id", read_only=True)
    begeleider = serializers.CharField(source="begeleider_id", read_only=True)

    class Meta:
        model = AmaWvgOvereenkomst
        fields = ["id", "deelnemer", "begeleider", "werkpost", "start", "einde", "versie"]
        read_only_fields = fields


class AmaWvgOvereenkomstCreateSerializer(serializers.Serializer):
    deelnemer = ScopedPrimaryKeyRelatedField(scope=visible_to)
    begeleider = _code_field(Organisatie)
    werkpost = serializers.CharField(max_length=300)
    start = serializers.DateField()
    einde = serializers.DateField(required=False, allow_null=True, default=None)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.validated_data
        return {
            "deelnemer_id": d["deelnemer"].pk,
            "begeleider_id": d["begeleider"].pk,
            "werkpost": d["werkpost"],
            "start": d["start"],
            "einde": d["einde"],
        }


class WvgBeeindigSerializer(serializers.Serializer):
    einde = serializers.DateField()
    versie = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    notitie = serializers.CharField(required=False, allow_blank=True, default="")


class AmaWvgEvaluatieSerializer(serializers.ModelSerializer):
    overeenkomst = serializers.CharField(source="overeenkomst_id", read_only=True)

    class Meta:
        model = AmaWvgEvaluatie
        fields = ["id", "overeenkomst", "datum", "verslag", "verderzetten"]
        read_only_fields = ["id", "overeenkomst"]
        extra_kwargs = {"verslag": {"required": False}, "verderzetten": {"required": False}}


# --- ladder ---------------------------------------------------------------------------------


class LadderplaatsingSerializer(serializers.ModelSerializer):
    deelnemer = serializers.CharField(source="deelnemer_id", read_only=True)
    werkvorm = serializers.CharField(source="werkvorm_id", read_only=True)
    trede = serializers.IntegerField(source="werkvorm.trede_id", read_only=True)
    regio_wvl = serializers.CharField(source="regio_wvl_id", read_only=True, allow_null=True)
    provincie = serializers.CharField(source="provincie_id", read_only=True)
    regio = serializers.CharField(source="regio_id", read_only=True, allow_null=True)
    organisatie = serializers.CharField(source="organisatie_id", read_only=True, allow_null=True)

    class Meta:
        model = Ladderplaatsing
        fields = [
            "id",
            "deelnemer",
            "werkvorm",
            "trede",
            "regio_wvl",
            "provincie",
            "regio",
            "organisatie",
            "start",
            "einde",
        ]
        read_only_fields = fields


class LadderplaatsingCreateSerializer(serializers.Serializer):
    deelnemer = ScopedPrimaryKeyRelatedField(scope=visible_to)
    werkvorm = serializers.CharField(max_length=60)
    regio_wvl = serializers.CharField(max_length=40, required=False, allow_null=True, default=None)
    provincie = serializers.CharField(max_length=40)
    regio = serializers.CharField(max_length=40, required=False, allow_null=True, default=None)
    organisatie = serializers.CharField(
        max_length=40, required=False, allow_null=True, default=None
    )
    start = serializers.DateField()
    einde = serializers.DateField(required=False, allow_null=True, default=None)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.validated_data
        return {
            "deelnemer_id": d["deelnemer"].pk,
            "werkvorm_id": d["werkvorm"],
            "provincie_id": d["provincie"],
            "regio_wvl_id": d["regio_wvl"] or None,
            "regio_id": d["regio"] or None,
            "organisatie_id": d["organisatie"] or None,
            "start": d["start"],
            "einde": d["einde"],
        }


# --- trajectplan ----------------------------------------------------------------------------


class DoelstellingSerializer(serializers.ModelSerializer):
    traject = serializers.CharField(source="traject_id", read_only=True)
    soort = EnumField(
        choices=Doelstelling.Soort.choices, enum_name="DoelstellingSoortEnum", read_only=True
    )

    class Meta:
        model = Doelstelling
        fields = ["id", "traject", "soort", "omschrijving", "aangemaakt_op"]
        read_only_fields = fields


class DoelstellingCreateSerializer(serializers.Serializer):
    traject = ScopedPrimaryKeyRelatedField(scope=activeringstrajecten_visible_to)
    soort = EnumField(choices=Doelstelling.Soort.choices, enum_name="DoelstellingSoortEnum")
    omschrijving = serializers.CharField(max_length=500)


class ActieSerializer(serializers.ModelSerializer):
    doelstelling = serializers.IntegerField(source="doelstelling_id", read_only=True)
    traject = serializers.CharField(source="doelstelling.traject_id", read_only=True)
    dienstverlener = serializers.CharField(source="dienstverlener_id", read_only=True)
    status = EnumField(choices=Actie.Status.choices, enum_name="ActieStatusEnum", read_only=True)

    class Meta:
        model = Actie
        fields = [
            "id",
            "doelstelling",
            "traject",
            "dienstverlener",
            "omschrijving",
            "status",
            "gepland_op",
            "gestart_op",
            "afgerond_op",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "integer", "minimum": 1})
class ScopedGetalIdVeld(ScopedPrimaryKeyRelatedField):
    """A scoped id that is a number (a doelstelling)."""

    def __init__(self, *, scope: Any, **kwargs: Any) -> None:
        super().__init__(scope=scope, pk_field=serializers.IntegerField(min_value=1), **kwargs)


class ActieCreateSerializer(serializers.Serializer):
    doelstelling = ScopedGetalIdVeld(scope=doelstellingen_visible_to)
    dienstverlener = _code_field(Organisatie)
    omschrijving = serializers.CharField(max_length=500)
    gepland_op = serializers.DateField(required=False, allow_null=True, default=None)


class ActieStatusSerializer(serializers.Serializer):
    status = EnumField(choices=Actie.Status.choices, enum_name="ActieStatusEnum")
    datum = serializers.DateField(required=False, allow_null=True, default=None)


class StageSerializer(serializers.ModelSerializer):
    traject = serializers.CharField(source="traject_id", read_only=True)
    organisatie = serializers.CharField(source="organisatie_id", read_only=True, allow_null=True)

    class Meta:
        model = Stage
        fields = ["id", "traject", "werkplek", "organisatie", "start", "einde"]
        read_only_fields = fields


class StageCreateSerializer(serializers.Serializer):
    traject = ScopedPrimaryKeyRelatedField(scope=activeringstrajecten_visible_to)
    werkplek = serializers.CharField(max_length=200)
    organisatie = _code_field(Organisatie, required=False, allow_null=True, default=None)
    start = serializers.DateField()
    einde = serializers.DateField()


# --- feeds and reports ----------------------------------------------------------------------


class FeedSerializer(serializers.Serializer):
    """A batch of rows, each an object with the columns of bundle.md (values as in the CSV)."""

    rijen = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True, allow_null=True)),
        allow_empty=True,
        max_length=10000,
    )


class FeedFoutSerializer(serializers.Serializer):
    rij = serializers.IntegerField()
    kolom = serializers.CharField(allow_blank=True)
    bericht = serializers.CharField()


class FeedResultaatSerializer(serializers.Serializer):
    aantal = serializers.IntegerField()
    deelnemers = serializers.IntegerField(required=False)


class FoutSerializer(serializers.Serializer):
    veld = serializers.CharField(allow_blank=True)
    bericht = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fouten = FoutSerializer(many=True)


class RegistratieConflictSerializer(ErrorSerializer):
    kandidaten = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=(
            "Bij `mogelijke-dubbel`: de ids van de mogelijke dubbels, alleen dossiers die u "
            "mag openen (een dubbel buiten uw dossiers wordt nooit genoemd)."
        ),
    )


class FeedErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fouten = FeedFoutSerializer(many=True)


class MededelingQuerySerializer(serializers.Serializer):
    jaar = serializers.IntegerField(min_value=2000, max_value=2100)
    peildatum = serializers.DateField(required=False, allow_null=True, default=None)


class LadderQuerySerializer(serializers.Serializer):
    jaar = serializers.IntegerField(min_value=2000, max_value=2100)

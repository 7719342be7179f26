"""Activeringstrajecten, AMA SE trajecten and AMA WVG overeenkomsten, with their plans.

Statuses are never stored: they are derived from the milestone dates (see `rules.py`), so the
database cannot hold a status that contradicts its dates. Changes go through `services.py`.
The one derived value stored is the date of the last moments of an AMA SE trajectory or WVG
agreement, for the worklist, kept right by `herbereken_laatste_momenten` on every write of a
moment (decision 570).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd, plan_opnieuw
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from referentie.models import Eindadvies, Regio, Stopreden
from trajectories import rules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@gevolgd()
class Objectief(models.Model):
    """Yearly target of definitively referred activeringstrajecten per region (gunningsjaar)."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT)
    jaar = models.PositiveSmallIntegerField(_("gunningsjaar"))
    objectief = models.PositiveIntegerField(_("objectief"))

    class Meta:
        verbose_name = _("objectief")
        verbose_name_plural = _("objectieven")
        ordering = ["regio_id", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "jaar"], name="objectief_uniek"),
        ]


@gevolgd()
class Contingent(models.Model):
    """AMA SE places of a begeleider for a year; several rows for one year are summed."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="contingenten"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    plaatsen = models.PositiveIntegerField(_("plaatsen"))

    class Meta:
        verbose_name = _("contingent AMA SE")
        verbose_name_plural = _("contingenten AMA SE")
        ordering = ["organisatie_id", "jaar", "id"]


# The milestones that end a trajectory (the constraints allow at most one): the day it ended is
# their COALESCE. The worklist reads only trajectories not ended on its date through an index
# on that expression (`trajectories.selectors.niet_beeindigd`).
AT_EINDMIJLPALEN = ("afgesloten_op", "stopgezet_op", "ingetrokken_op")
SE_EINDMIJLPALEN = ("afgesloten_op", "stopgezet_op")


@gevolgd(index=["deelnemer"])
class Activeringstraject(models.Model):
    id = models.CharField(_("id"), max_length=40, primary_key=True)
    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.PROTECT, related_name="activeringstrajecten"
    )
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, verbose_name=_("regio"))
    casemanager_werk_org = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("casemanager Werk (organisatie)"),
    )
    casemanager_zorg_org = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("casemanager Zorg (organisatie)"),
    )
    geinitieerd_op = models.DateField(_("geïnitieerd op"))
    aanvaard_op = models.DateField(_("aanvaard op"), null=True, blank=True)
    bezig_op = models.DateField(_("bezig op"), null=True, blank=True)
    verlengd_tot = models.DateField(_("verlengd tot"), null=True, blank=True)
    afgesloten_op = models.DateField(_("afgesloten op"), null=True, blank=True)
    eindadvies = models.ForeignKey(
        Eindadvies, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("eindadvies")
    )
    eindadvies_motivering = models.TextField(_("motivering eindadvies"), blank=True, default="")
    stopgezet_op = models.DateField(_("vervroegd stopgezet op"), null=True, blank=True)
    stopreden = models.ForeignKey(
        Stopreden, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("stopreden")
    )
    ingetrokken_op = models.DateField(_("ingetrokken op"), null=True, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False)

    # Set on the instances a page shows (deelnemers.views, dossier.afdruk); not stored.
    # (`einddatum` too, the name of the selectors' annotation: see trajectories.selectors.)
    status_nu: str | None
    overdue: bool

    class Meta:
        verbose_name = _("activeringstraject")
        verbose_name_plural = _("activeringstrajecten")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aanvaard_op__isnull=True) | Q(aanvaard_op__gte=F("geinitieerd_op")),
                name="at_aanvaard_na_geinitieerd",
            ),
            models.CheckConstraint(
                condition=Q(bezig_op__isnull=True)
                | (Q(aanvaard_op__isnull=False) & Q(bezig_op__gte=F("aanvaard_op"))),
                name="at_bezig_na_aanvaard",
            ),
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True)
                | (Q(bezig_op__isnull=False) & Q(afgesloten_op__gte=F("bezig_op"))),
                name="at_afgesloten_na_bezig",
            ),
            models.CheckConstraint(
                condition=Q(stopgezet_op__isnull=True)
                | (Q(aanvaard_op__isnull=False) & Q(stopgezet_op__gte=F("aanvaard_op"))),
                name="at_stopgezet_na_aanvaard",
            ),
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True) | Q(stopgezet_op__isnull=True),
                name="at_afgesloten_of_stopgezet",
            ),
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True, eindadvies__isnull=True)
                | Q(afgesloten_op__isnull=False, eindadvies__isnull=False),
                name="at_eindadvies_bij_afsluiting",
            ),
            models.CheckConstraint(
                condition=Q(stopgezet_op__isnull=True, stopreden__isnull=True)
                | Q(stopgezet_op__isnull=False, stopreden__isnull=False),
                name="at_stopreden_bij_stopzetting",
            ),
            models.CheckConstraint(
                condition=Q(ingetrokken_op__isnull=True)
                | Q(
                    ingetrokken_op__gte=F("geinitieerd_op"),
                    aanvaard_op__isnull=True,
                    bezig_op__isnull=True,
                    afgesloten_op__isnull=True,
                    stopgezet_op__isnull=True,
                ),
                name="at_ingetrokken_zonder_verder_verloop",
            ),
            models.CheckConstraint(
                condition=Q(verlengd_tot__isnull=True) | Q(bezig_op__isnull=False),
                name="at_verlenging_na_bezig",
            ),
        ]
        indexes = [
            models.Index(fields=["aanvaard_op"]),
            models.Index(fields=["afgesloten_op"]),
            models.Index(fields=["regio", "aanvaard_op"]),
            models.Index(Coalesce(*AT_EINDMIJLPALEN), name="at_beeindigd_op_idx"),
            # The dossier scope (`deelnemers.selectors`) read from the index alone: a
            # casemanager's trajectories per organisation and region, and per participant the
            # region (the network's scope checked for each name found by a search).
            models.Index(
                fields=["casemanager_werk_org", "regio", "deelnemer"], name="at_scope_werk_idx"
            ),
            models.Index(
                fields=["casemanager_zorg_org", "regio", "deelnemer"], name="at_scope_zorg_idx"
            ),
            models.Index(fields=["deelnemer", "regio"], name="at_deelnemer_regio_idx"),
        ]

    def __str__(self) -> str:
        return self.id


@gevolgd(index=["traject"])
class Doelstelling(models.Model):
    """A goal of the integrated trajectplan, on the werk or the zorg side."""

    class Soort(models.TextChoices):
        WERK = "werk", _("Werk")
        ZORG = "zorg", _("Zorg")

    traject = models.ForeignKey(
        Activeringstraject, on_delete=models.CASCADE, related_name="doelstellingen"
    )
    soort = models.CharField(_("soort"), max_length=4, choices=Soort.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["traject_id", "soort", "id"]


@gevolgd(index=["doelstelling"])
class Actie(models.Model):
    """An action of the plan, carried out by a dienstverlener of the region's network."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        GESTART = "gestart", _("Gestart")
        AFGEROND = "afgerond", _("Afgerond")

    doelstelling = models.ForeignKey(Doelstelling, on_delete=models.CASCADE, related_name="acties")
    dienstverlener = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="acties",
        verbose_name=_("dienstverlener"),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GEPLAND
    )
    gepland_op = models.DateField(_("gepland op"), null=True, blank=True)
    gestart_op = models.DateField(_("gestart op"), null=True, blank=True)
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["doelstelling_id", "id"]
        indexes = [
            # A dienstverlener's worklist reads its open actions: a few among the years of
            # done ones of its organisation (125 of 29 433 at 1 M participants, decision 556).
            models.Index(
                fields=["dienstverlener", "id"],
                condition=~Q(status="afgerond"),
                name="actie_open_per_dv_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(afgerond_op__isnull=True)
                | Q(gestart_op__isnull=True)
                | Q(afgerond_op__gte=F("gestart_op")),
                name="actie_afgerond_na_gestart",
            ),
        ]


@gevolgd(index=["traject"])
class Stage(models.Model):
    """A werkervaringsstage of an activeringstraject: at most 6 months (see rules)."""

    traject = models.ForeignKey(Activeringstraject, on_delete=models.CASCADE, related_name="stages")
    werkplek = models.CharField(_("werkplek"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="stages"
    )
    start = models.DateField(_("start"))
    einde = models.DateField(_("einde"))

    class Meta:
        verbose_name = _("werkervaringsstage")
        verbose_name_plural = _("werkervaringsstages")
        ordering = ["traject_id", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(einde__gte=F("start")), name="stage_einde_na_start"),
        ]


# The last moments kept on their trajectory (`herbereken_laatste_momenten`): derived from the
# moments, whose own history records every change, so they are left out of the trajectory's
# history (an UPDATE that only changes them records no event) and of every form.
SE_LAATSTE_MOMENTEN = ("laatste_opvolging_op", "laatste_beslissing_op")
WVG_LAATSTE_MOMENTEN = ("laatste_evaluatie_op",)


class HoudtLaatsteMomenten(models.Model):
    """A trajectory that keeps the dates of its last moments (`LAATSTE_MOMENTEN`), written only
    by `herbereken_laatste_momenten`: a save of a row already stored leaves them out (an
    instance read before a moment was written would put its old date back)."""

    LAATSTE_MOMENTEN: tuple[str, ...]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not kwargs.get("force_insert") and not args:
            if kwargs.get("update_fields") is None:
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.name not in self.LAATSTE_MOMENTEN
                ]
        super().save(*args, **kwargs)


@gevolgd(index=["deelnemer"], exclude=list(SE_LAATSTE_MOMENTEN))
class AmaSeTraject(HoudtLaatsteMomenten):
    LAATSTE_MOMENTEN = SE_LAATSTE_MOMENTEN

    id = models.CharField(_("id"), max_length=40, primary_key=True)
    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.PROTECT, related_name="ama_se_trajecten"
    )
    begeleider = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="ama_se_trajecten",
        verbose_name=_("begeleider"),
    )
    gematcht_op = models.DateField(_("gematcht op"))
    afgesloten_op = models.DateField(_("afgesloten op"), null=True, blank=True)
    eindadvies = models.ForeignKey(
        Eindadvies, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("eindadvies")
    )
    stopgezet_op = models.DateField(_("vervroegd stopgezet op"), null=True, blank=True)
    stopreden = models.ForeignKey(
        Stopreden, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("stopreden")
    )
    versie = models.PositiveIntegerField(default=1, editable=False)
    # The date of the last moment of each kind, whatever its date (`herbereken_laatste_momenten`;
    # the rules count only moments on or after the match: see `trajectories.selectors`).
    laatste_opvolging_op = models.DateField(
        _("laatste opvolgingsmoment"), null=True, blank=True, editable=False
    )
    laatste_beslissing_op = models.DateField(
        _("laatste beslissingsmoment"), null=True, blank=True, editable=False
    )

    # Set on the instances a page shows (deelnemers.views, dossier.afdruk); not stored.
    status_nu: str | None

    class Meta:
        verbose_name = _("AMA SE-traject")
        verbose_name_plural = _("AMA SE-trajecten")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gte=F("gematcht_op")),
                name="se_afgesloten_na_match",
            ),
            models.CheckConstraint(
                condition=Q(stopgezet_op__isnull=True) | Q(stopgezet_op__gte=F("gematcht_op")),
                name="se_stopgezet_na_match",
            ),
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True) | Q(stopgezet_op__isnull=True),
                name="se_afgesloten_of_stopgezet",
            ),
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True, eindadvies__isnull=True)
                | Q(afgesloten_op__isnull=False, eindadvies__isnull=False),
                name="se_eindadvies_bij_afsluiting",
            ),
            models.CheckConstraint(
                condition=Q(stopgezet_op__isnull=True, stopreden__isnull=True)
                | Q(stopgezet_op__isnull=False, stopreden__isnull=False),
                name="se_stopreden_bij_stopzetting",
            ),
        ]
        indexes = [
            models.Index(fields=["begeleider", "gematcht_op"]),
            models.Index(Coalesce(*SE_EINDMIJLPALEN), name="se_beeindigd_op_idx"),
        ]

    def __str__(self) -> str:
        return self.id


# --- the last moments of AMA SE trajectories and WVG agreements ----------------------------


class LaatsteMomentQuerySet(QuerySet[Any]):
    """The moments' bulk writes keep the last moments stored on their trajectory right
    (`herbereken_laatste_momenten`), as `Moment.save` and `Moment.delete` do: `bulk_create`,
    `update` (and so `bulk_update`) of a date, kind or owner, `delete`. A cascade from a deleted
    trajectory and `_raw_delete` pass by (their trajectory goes too, or all rows do)."""

    def _moment(self) -> type[Moment]:
        assert issubclass(self.model, Moment)
        return self.model

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        moment = self._moment()
        with transaction.atomic(using=self.db, savepoint=False):
            gemaakt = super().bulk_create(objs, *args, **kwargs)
            moment.herbereken({getattr(o, moment.OUDER_KOLOM) for o in gemaakt})
        return gemaakt

    def update(self, **kwargs: Any) -> int:
        moment = self._moment()
        if not moment.bepaalt_laatste(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            rijen = list(self.values_list("pk", moment.OUDER_KOLOM))
            aantal = super().update(**kwargs)
            ouders = {ouder for _pk, ouder in rijen}
            if {moment.OUDER, moment.OUDER_KOLOM} & set(kwargs):  # moved: the new owners too
                ouders |= set(
                    moment._base_manager.filter(pk__in=[pk for pk, _ouder in rijen]).values_list(
                        moment.OUDER_KOLOM, flat=True
                    )
                )
            moment.herbereken(ouders)
        return aantal

    def delete(self) -> tuple[int, dict[str, int]]:
        moment = self._moment()
        with transaction.atomic(using=self.db, savepoint=False):
            ouders = set(self.values_list(moment.OUDER_KOLOM, flat=True))
            uitkomst = super().delete()
            moment.herbereken(ouders)
        return uitkomst


class Moment(models.Model):
    """A dated moment of a trajectory whose last date the trajectory keeps
    (`herbereken_laatste_momenten`): every write through the model or its querysets recomputes
    it, in the same transaction."""

    #: The foreign key to the trajectory that keeps the last moments, and its column.
    OUDER: str
    OUDER_KOLOM: str

    objects = LaatsteMomentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        velden = kwargs.get("update_fields")
        if velden is not None and not self.bepaalt_laatste(velden):
            super().save(*args, **kwargs)  # e.g. the text only
            return
        ouders = {getattr(self, self.OUDER_KOLOM)}
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            if not self._state.adding and self.pk is not None:
                # A moment moved to another trajectory (never by the application): both.
                ouders |= set(
                    type(self)
                    ._base_manager.filter(pk=self.pk)
                    .values_list(self.OUDER_KOLOM, flat=True)
                )
            super().save(*args, **kwargs)
            self.herbereken(ouders)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            uitkomst = super().delete(*args, **kwargs)
            self.herbereken({getattr(self, self.OUDER_KOLOM)})
        return uitkomst

    @classmethod
    def bepaalt_laatste(cls, velden: Iterable[str]) -> bool:
        """Whether a write of these fields can change the last moments: the date, the kind,
        the owner."""
        return bool({"datum", "soort", cls.OUDER, cls.OUDER_KOLOM} & set(velden))

    @classmethod
    def herbereken(cls, ouders: Iterable[Any]) -> None:
        """Recompute the last moments of these trajectories (ids)."""
        raise NotImplementedError


@gevolgd(index=["traject"])
class AmaSeMoment(Moment):
    """A follow-up (opvolging) or the yearly decision moment (beslissing) of an AMA SE traject."""

    OUDER, OUDER_KOLOM = "traject", "traject_id"

    class Soort(models.TextChoices):
        OPVOLGING = "opvolging", _("Opvolgingsmoment")
        BESLISSING = "beslissing", _("Jaarlijks beslissingsmoment")

    traject = models.ForeignKey(AmaSeTraject, on_delete=models.CASCADE, related_name="momenten")
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    datum = models.DateField(_("datum"))
    verslag = models.TextField(_("verslag"), blank=True, default="")
    beslissing = models.CharField(_("beslissing"), max_length=200, blank=True, default="")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("AMA SE-moment")
        verbose_name_plural = _("AMA SE-momenten")
        ordering = ["traject_id", "datum", "id"]
        # A trajectory's last follow-up and decision from the index alone (the recomputation of
        # `herbereken_laatste_momenten`); its moments in date order (the trajectory's page).
        indexes = [models.Index(fields=["traject", "soort", "datum"], name="se_moment_laatste_idx")]

    @classmethod
    def herbereken(cls, ouders: Iterable[Any]) -> None:
        herbereken_laatste_momenten(ama_se=ouders)


@gevolgd(index=["deelnemer"], exclude=list(WVG_LAATSTE_MOMENTEN))
class AmaWvgOvereenkomst(HoudtLaatsteMomenten):
    """An AMA WVG agreement: one participant, one begeleider, one werkpost."""

    LAATSTE_MOMENTEN = WVG_LAATSTE_MOMENTEN

    id = models.CharField(_("id"), max_length=40, primary_key=True)
    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.PROTECT, related_name="ama_wvg_overeenkomsten"
    )
    begeleider = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="ama_wvg_overeenkomsten",
        verbose_name=_("begeleider"),
    )
    werkpost = models.CharField(_("werkpost"), max_length=300)
    start = models.DateField(_("start"))
    einde = models.DateField(_("einde"), null=True, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False)
    # The date of the last evaluation, whatever its date (`herbereken_laatste_momenten`; the
    # rule counts only evaluations on or after the start: see `trajectories.selectors`).
    laatste_evaluatie_op = models.DateField(
        _("laatste evaluatie"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("AMA WVG-overeenkomst")
        verbose_name_plural = _("AMA WVG-overeenkomsten")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einde__isnull=True) | Q(einde__gte=F("start")),
                name="wvg_einde_na_start",
            ),
        ]
        indexes = [
            models.Index(fields=["start", "einde"]),
            # Running agreements (`einde` open or still to come) for the worklist.
            models.Index(fields=["einde"], name="wvg_einde_idx"),
        ]

    def __str__(self) -> str:
        return self.id


@gevolgd(index=["overeenkomst"])
class AmaWvgEvaluatie(Moment):
    """The yearly evaluation of an AMA WVG agreement."""

    OUDER, OUDER_KOLOM = "overeenkomst", "overeenkomst_id"

    overeenkomst = models.ForeignKey(
        AmaWvgOvereenkomst, on_delete=models.CASCADE, related_name="evaluaties"
    )
    datum = models.DateField(_("datum"))
    verslag = models.TextField(_("verslag"), blank=True, default="")
    verderzetten = models.BooleanField(_("verderzetten"), default=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluatie AMA WVG")
        verbose_name_plural = _("evaluaties AMA WVG")
        ordering = ["overeenkomst_id", "datum", "id"]
        # An agreement's last evaluation from the index alone (`herbereken_laatste_momenten`);
        # its evaluations in date order (the agreement's page).
        indexes = [models.Index(fields=["overeenkomst", "datum"], name="wvg_evaluatie_laatste_idx")]

    @classmethod
    def herbereken(cls, ouders: Iterable[Any]) -> None:
        herbereken_laatste_momenten(wvg=ouders)


# The status log is itself the record of its inserts; a change or a delete of it is recorded.
@gevolgd(insert=False, index=["deelnemer"])
class TrajectEvent(models.Model):
    """One status change of any trajectory: who, when, from, to, note. Append-only."""

    class Soort(models.TextChoices):
        ACTIVERING = "activering", _("Activeringstraject")
        AMA_SE = "ama-se", _("AMA SE-traject")
        AMA_WVG = "ama-wvg", _("AMA WVG-overeenkomst")

    soort = models.CharField(max_length=12, choices=Soort.choices)
    traject_id = models.CharField(max_length=40)
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="events")
    actie = models.CharField(_("actie"), max_length=40)
    van_status = models.CharField(_("van"), max_length=30, blank=True, default="")
    naar_status = models.CharField(_("naar"), max_length=30, blank=True, default="")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(_("op"), auto_now_add=True)
    notitie = models.TextField(_("notitie"), blank=True, default="")

    #: The one map from what the services record in `actie` to what people read (the dossier
    #: timeline and the trajectory pages). Status steps are named by their `rules` step.
    ACTIE_LABELS = {
        "nieuw": _("Geregistreerd"),
        "matching": _("Matching met de begeleider"),
        "doelstelling-toegevoegd": _("Doelstelling toegevoegd"),
        "doelstelling-verwijderd": _("Doelstelling verwijderd"),
        "actie-toegevoegd": _("Actie toegevoegd"),
        "actie-verwijderd": _("Actie verwijderd"),
        "actie-gestart": _("Actie gestart"),
        "actie-afgerond": _("Actie afgerond"),
        "stage-toegevoegd": _("Werkervaringsstage toegevoegd"),
        "stage-verwijderd": _("Werkervaringsstage verwijderd"),
        "opvolging": _("Opvolgingsmoment"),
        "beslissing": _("Jaarlijks beslissingsmoment"),
        "evaluatie": _("Jaarlijkse evaluatie"),
        "beeindigen": _("Overeenkomst beëindigd"),
    }

    # Set on the instances the history of a trajectory shows (trajectories.views); not stored.
    actie_label: str
    van_label: StrOrPromise
    naar_label: StrOrPromise

    class Meta:
        verbose_name = _("trajectgebeurtenis")
        verbose_name_plural = _("trajectgebeurtenissen")
        ordering = ["op", "id"]
        indexes = [models.Index(fields=["soort", "traject_id"])]

    def get_actie_display(self) -> str:
        """The label of `actie`: its status step, else `ACTIE_LABELS`, else the code in words."""
        per_soort: dict[str, dict[str, rules.Stap]] = {
            self.Soort.ACTIVERING: rules.ACTIVERING_STAPPEN,
            self.Soort.AMA_SE: rules.AMA_SE_STAPPEN,
        }
        stappen = per_soort.get(self.soort, {})
        stap = stappen.get(self.actie)
        if stap is not None:
            return str(stap.label)
        label = self.ACTIE_LABELS.get(self.actie)
        if label is not None:
            return str(label)
        return self.actie.replace("-", " ").replace("_", " ").capitalize()


# --- keeping the last moments right -----------------------------------------------------------

#: Which trajectories or agreements to recompute: their ids, or a queryset of them.
Keuze = Iterable[Any] | QuerySet[Any]

_IN_DELEN = 500  # ids per IN list (SQLite's limit on parameters is far above)


def _laatste_momenten(doel: str) -> tuple[type[models.Model], type[Moment], dict[str, str | None]]:
    """The table that keeps last moments, its moments and per column the moment kind it holds
    (None: every moment)."""
    if doel == "ama_se":
        return (
            AmaSeTraject,
            AmaSeMoment,
            {
                "laatste_opvolging_op": AmaSeMoment.Soort.OPVOLGING.value,
                "laatste_beslissing_op": AmaSeMoment.Soort.BESLISSING.value,
            },
        )
    return AmaWvgOvereenkomst, AmaWvgEvaluatie, {"laatste_evaluatie_op": None}


def _kolom(model: type[models.Model], veld: str) -> str:
    f = model._meta.get_field(veld)
    assert isinstance(f, models.Field)
    return connection.ops.quote_name(f.column)


def _herbereken_sql(doel: str) -> tuple[str, str]:
    """One UPDATE of the stored last moments from the moments (correlated subqueries, each
    read from the moments' index), writing only the rows whose values change, and the
    table's primary key: the caller adds which rows (` AND <pk> IN …`)."""
    model, moment, kolommen = _laatste_momenten(doel)
    qn = connection.ops.quote_name
    tabel = qn(model._meta.db_table)
    pk = f"{tabel}.{_kolom(model, model._meta.pk.name)}"
    # A null-safe comparison, as each database spells it.
    anders = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    zet, verschil = [], []
    for veld, soort in kolommen.items():
        waar = f"m.{_kolom(moment, moment.OUDER)} = {pk}"
        if soort is not None:
            waar += f" AND m.{qn('soort')} = '{soort}'"  # a constant of the model's choices
        laatste = f"(SELECT MAX(m.{qn('datum')}) FROM {qn(moment._meta.db_table)} m WHERE {waar})"  # noqa: S608
        zet.append(f"{_kolom(model, veld)} = {laatste}")
        verschil.append(f"{_kolom(model, veld)} {anders} {laatste}")
    return f"UPDATE {tabel} SET {', '.join(zet)} WHERE ({' OR '.join(verschil)})", pk  # noqa: S608


def herbereken_laatste_momenten(
    *, ama_se: Keuze | None = None, wvg: Keuze | None = None, alle: bool = False
) -> int:
    """Recompute the last moments stored on AMA SE trajectories (`laatste_opvolging_op`,
    `laatste_beslissing_op`: the last date of every moment of that kind) and WVG agreements
    (`laatste_evaluatie_op`) from their moments: one UPDATE per table, recomputed rather than
    incremented, so it is right after any insert, edit or delete. Returns the rows changed.

    `ama_se`, `wvg`: ids, or a queryset of trajectories or agreements; `alle`: every row of
    both tables (a bulk writer of moments, e.g. the load bench's SQL). The moments' `save`,
    `delete` and querysets call it for the trajectories they touch; the trajectory's history
    records nothing for these columns (`SE_LAATSTE_MOMENTEN`, `WVG_LAATSTE_MOMENTEN`).

    On PostgreSQL the given ids are first locked (in id order, `FOR NO KEY UPDATE`): a second
    transaction writing moments of the same trajectory waits there until the first commits,
    and its UPDATE, a later statement with a later snapshot, then reads the moments of both.
    (Waiting inside its UPDATE instead, it would compute from the snapshot taken before the
    wait and miss the first one's moment.) The bulk forms (`alle`, a queryset) lock nothing:
    their callers write alone, like the bench or a data migration.
    """
    veranderd = 0
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for doel, keuze in (("ama_se", ama_se), ("wvg", wvg)):
            model = _laatste_momenten(doel)[0]
            sql, pk = _herbereken_sql(doel)
            if alle:
                plan_opnieuw(cursor)  # a bulk UPDATE: its history trigger planned for its rows
                cursor.execute(sql)
                veranderd += cursor.rowcount
            elif isinstance(keuze, QuerySet):
                sub, params = keuze.order_by().values("pk").query.sql_with_params()
                plan_opnieuw(cursor)
                cursor.execute(f"{sql} AND {pk} IN ({sub})", params)
                veranderd += cursor.rowcount
            elif keuze is not None:
                ids = sorted({i for i in keuze if i is not None})
                for begin in range(0, len(ids), _IN_DELEN):
                    deel = ids[begin : begin + _IN_DELEN]
                    if connection.vendor == "postgresql":
                        list(
                            model._base_manager.select_for_update(no_key=True)
                            .filter(pk__in=deel)
                            .order_by("pk")
                            .values_list("pk", flat=True)
                        )
                    cursor.execute(f"{sql} AND {pk} IN ({', '.join(['%s'] * len(deel))})", deel)
                    veranderd += cursor.rowcount
    return veranderd

"""Activeringstrajecten, AMA SE trajecten and AMA WVG overeenkomsten, with their plans.

Statuses are never stored: they are derived from the milestone dates (see `rules.py`), so the
database cannot hold a status that contradicts its dates. Changes go through `services.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd
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


@gevolgd(index=["deelnemer"])
class AmaSeTraject(models.Model):
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


@gevolgd(index=["traject"])
class AmaSeMoment(models.Model):
    """A follow-up (opvolging) or the yearly decision moment (beslissing) of an AMA SE traject."""

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
        # The worklist's last follow-up and decision per trajectory, from the index alone.
        indexes = [models.Index(fields=["traject", "soort", "datum"], name="se_moment_laatste_idx")]


@gevolgd(index=["deelnemer"])
class AmaWvgOvereenkomst(models.Model):
    """An AMA WVG agreement: one participant, one begeleider, one werkpost."""

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
class AmaWvgEvaluatie(models.Model):
    """The yearly evaluation of an AMA WVG agreement."""

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
        # The worklist's last evaluation per agreement, from the index alone.
        indexes = [models.Index(fields=["overeenkomst", "datum"], name="wvg_evaluatie_laatste_idx")]


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

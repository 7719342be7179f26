"""The network side of the trajectplan: who of the dienstverleners took an actie on, the stages
they registered with their stageverslagen, the progress of zorgacties, and notifications.

An `Actie` of the plan (trajectories) stays the one record of what is to be done; these rows
only add what the network does with it. Changes go through `netwerk.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd
from organisaties.models import Organisatie
from trajectories.models import Actie, Stage


@gevolgd(index=["actie"])
class Opdracht(models.Model):
    """What the dienstverlener's organisation did with one actie assigned to it.

    Created with the actie (status nieuw); accepted or declined (with a reason) by a
    dienstverlener; assigned to one colleague (`uitvoerder`) of the same organisation.
    An actie without an Opdracht (imported history) counts as nieuw.
    """

    class Status(models.TextChoices):
        NIEUW = "nieuw", _("Nieuw")
        AANVAARD = "aanvaard", _("Aanvaard")
        GEWEIGERD = "geweigerd", _("Geweigerd")

    actie = models.OneToOneField(
        Actie, on_delete=models.CASCADE, primary_key=True, related_name="opdracht"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NIEUW
    )
    toegewezen_op = models.DateField(_("toegewezen op"))
    reden = models.TextField(_("reden van weigering"), blank=True, default="")
    verwacht_klaar_op = models.DateField(_("verwacht afgerond op"), null=True, blank=True)
    beslist_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beslist_op = models.DateTimeField(_("beslist op"), null=True, blank=True)
    uitvoerder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="netwerk_opdrachten",
        verbose_name=_("uitgevoerd door"),
    )

    class Meta:
        verbose_name = _("opdracht van een dienstverlener")
        verbose_name_plural = _("opdrachten van dienstverleners")
        indexes = [models.Index(fields=["status", "toegewezen_op"])]


@gevolgd(index=["stage"])
class StageBegeleiding(models.Model):
    """Who registered and guides a stage: the dienstverlener werk of an actie of the plan."""

    stage = models.OneToOneField(
        Stage, on_delete=models.CASCADE, primary_key=True, related_name="begeleiding"
    )
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="stagebegeleidingen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("dienstverlener")
    )
    werkgever = models.CharField(_("werkgever"), max_length=200)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("stagebegeleiding")
        verbose_name_plural = _("stagebegeleidingen")


@gevolgd(index=["stage"])
class Stageverslag(models.Model):
    """The structured report of a stage by its dienstverlener werk, read by the casemanagers."""

    class Aanwezigheid(models.TextChoices):
        GOED = "goed", _("Regelmatig aanwezig")
        WISSELEND = "wisselend", _("Wisselend aanwezig")
        ONVOLDOENDE = "onvoldoende", _("Onvoldoende aanwezig")

    class Advies(models.TextChoices):
        BETAALD_WERK = "betaald-werk", _("Klaar voor betaald werk")
        VERDER_STAGE = "verder-stage", _("Verder oefenen in een stage")
        AMA = "ama", _("Arbeidsmatige activiteiten")
        ZORG_EERST = "zorg-eerst", _("Eerst verdere zorg nodig")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="verslagen")
    datum = models.DateField(_("datum"))
    doelen = models.TextField(_("doelen en in hoeverre ze bereikt zijn"))
    aanwezigheid = models.CharField(_("aanwezigheid"), max_length=12, choices=Aanwezigheid.choices)
    aanwezigheid_toelichting = models.TextField(_("toelichting aanwezigheid"), blank=True)
    competenties = models.TextField(_("competenties"))
    advies = models.CharField(_("advies"), max_length=14, choices=Advies.choices)
    advies_toelichting = models.TextField(_("toelichting advies"), blank=True)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stageverslag")
        verbose_name_plural = _("stageverslagen")
        ordering = ["stage_id", "datum", "id"]


@gevolgd(index=["actie"])
class Voortgang(models.Model):
    """Progress of an actie recorded by its dienstverlener (werk or zorg).

    `tekst` is shared with the casemanagers; a confidential note of a dienstverlener zorg is a
    `deelnemers.ZorgNotitie` of the trajectory (the Zorg compartment: only the casemanager
    Zorg reads it), linked here.
    """

    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="voortgang")
    datum = models.DateField(_("datum"))
    tekst = models.TextField(_("voortgang"))
    zorgnotitie = models.ForeignKey(
        "deelnemers.ZorgNotitie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    # Set on the instances a page shows (netwerk.templatetags): the confidential note as the
    # user may read it; not stored.
    vertrouwelijk: str
    heeft_vertrouwelijk: bool

    class Meta:
        verbose_name = _("voortgang van een actie")
        verbose_name_plural = _("voortgang van acties")
        ordering = ["actie_id", "datum", "id"]


class Melding(models.Model):
    """A notification for an organisation's dienstverleners or casemanagers (ids, no names)."""

    class Soort(models.TextChoices):
        NIEUWE_ACTIE = "nieuwe-actie", _("Nieuwe actie toegewezen")
        ACTIE_GEWEIGERD = "actie-geweigerd", _("Actie geweigerd door de dienstverlener")
        STAGE_GEREGISTREERD = "stage-geregistreerd", _("Stage geregistreerd")
        STAGEVERSLAG = "stageverslag", _("Stageverslag geschreven")

    class Voor(models.TextChoices):
        DIENSTVERLENER = "dienstverlener", _("Dienstverleners")
        CASEMANAGER_WERK = "casemanager-werk", _("Casemanager Werk")
        CASEMANAGER_ZORG = "casemanager-zorg", _("Casemanager Zorg")

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    voor = models.CharField(max_length=20, choices=Voor.choices)
    soort = models.CharField(max_length=24, choices=Soort.choices)
    traject = models.ForeignKey(
        "trajectories.Activeringstraject", on_delete=models.CASCADE, related_name="+"
    )
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [models.Index(fields=["organisatie", "voor", "aangemaakt_op"])]


class NetwerkDagmail(models.Model):
    """The daily notification mail of a user: at most one per day (idempotence)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datum = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "datum"], name="netwerk_dagmail_een_per_dag")
        ]

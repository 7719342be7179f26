"""Privacy by design: registered research purposes, the extracts made for them, and the
retention runs with the dossiers they pseudonymised.

No foreign keys to dossiers: these rows name participants only by id, hold no personal data,
and must outlive the dossiers (and survive the test flush of the domain tables).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Onderzoeksdoel(models.Model):
    """A registered purpose for which a pseudonymised research extract may be made.

    Like the list of art. 9 of the Belgian Data Protection Act (30 July 2018): who receives
    the data and why. The code is part of the pseudonymisation key, so extracts for two
    purposes cannot be linked; it never changes once registered (read-only in the admin).
    """

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    naam = models.CharField(_("naam"), max_length=200)
    ontvanger = models.CharField(
        _("ontvanger"),
        max_length=300,
        help_text=_("Wie krijgt het extract (organisatie, dienst of onderzoeker)?"),
    )
    omschrijving = models.TextField(
        _("doel"), help_text=_("Waarvoor worden de gegevens gebruikt, en waarom zijn ze nodig?")
    )
    rechtsgrond = models.CharField(_("rechtsgrond"), max_length=300, blank=True, default="")
    actief = models.BooleanField(
        _("actief"), default=True, help_text=_("Enkel voor een actief doel kan een extract.")
    )
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("onderzoeksdoel")
        verbose_name_plural = _("onderzoeksdoelen")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.naam}"


class Kanaal(models.TextChoices):
    COMMANDO = "commando", _("beheercommando")
    WEB = "web", _("webtoepassing")
    TAAK = "taak", _("geplande taak")


class ExtractLevering(models.Model):
    """One research extract made: for which purpose and year, by whom, how many rows."""

    doel = models.ForeignKey(
        Onderzoeksdoel, on_delete=models.PROTECT, related_name="leveringen", verbose_name=_("doel")
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    op = models.DateTimeField(_("op"), default=timezone.now)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    door_naam = models.CharField(_("gebruikersnaam"), max_length=150, blank=True, default="")
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    rijen = models.JSONField(_("rijen per bestand"), default=dict)
    regels_versie = models.CharField(_("versie telregels"), max_length=40)

    class Meta:
        verbose_name = _("geleverd onderzoeksextract")
        verbose_name_plural = _("geleverde onderzoeksextracten")
        ordering = ["-op", "-id"]


class RetentieRun(models.Model):
    """One run of the retention rule (`manage.py bewaartermijn`, the periodic task)."""

    gestart_op = models.DateTimeField(_("gestart op"), default=timezone.now)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    door_naam = models.CharField(
        _("gebruikersnaam"),
        max_length=150,
        blank=True,
        default="",
        help_text=_("Leeg: het systeem (geplande taak of beheercommando zonder gebruiker)."),
    )
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    jaren = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))
    grensdatum = models.DateField(
        _("grensdatum"), help_text=_("Laatste activiteit vóór deze datum: gepseudonimiseerd.")
    )
    dry_run = models.BooleanField(_("proefdraaien"), default=False)
    aantal = models.PositiveIntegerField(
        _("aantal dossiers"),
        default=0,
        help_text=_("Gepseudonimiseerd (bij proefdraaien: die gepseudonimiseerd zouden worden)."),
    )

    class Meta:
        verbose_name = _("uitvoering bewaartermijn")
        verbose_name_plural = _("uitvoeringen bewaartermijn")
        ordering = ["-gestart_op", "-id"]

    def __str__(self) -> str:
        return f"{self.gestart_op:%Y-%m-%d %H:%M} · {self.jaren} j · {self.aantal}"


class GepseudonimiseerdDossier(models.Model):
    """A dossier the retention rule pseudonymised: never again (idempotent), and a sign to
    anyone reading the dossier that the name, INSZ and notes are gone for good."""

    deelnemer_id = models.CharField(_("deelnemer-id"), max_length=40, unique=True)
    op = models.DateField(_("gepseudonimiseerd op"))
    run = models.ForeignKey(
        RetentieRun, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("run")
    )

    class Meta:
        verbose_name = _("gepseudonimiseerd dossier")
        verbose_name_plural = _("gepseudonimiseerde dossiers")
        ordering = ["-op", "deelnemer_id"]

    def __str__(self) -> str:
        return f"{self.deelnemer_id} · {self.op:%Y-%m-%d}"

"""Generated and submitted (frozen) Mededeling reports.

A `GegenereerdRapport` is a run of the report for a year and peildatum, made by a Celery task;
its JSON result is what the page shows and the exports render. An admin submits one as
`IngediendRapport`: a frozen copy that is never changed again (see `services.dien_in`).
Neither holds personal data: only figures per region, type or organisation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkzorg.formats import datum as toon_datum


class GegenereerdRapport(models.Model):
    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("Wachtend")
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    jaar = models.PositiveSmallIntegerField(_("rapportjaar"))
    peildatum = models.DateField(_("peildatum"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WACHTEND
    )
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    resultaat = models.JSONField(_("resultaat"), null=True, blank=True, editable=False)
    fout = models.TextField(_("fout"), blank=True, default="")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gegenereerd rapport")
        verbose_name_plural = _("gegenereerde rapporten")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voortgang__lte=100), name="rapport_voortgang_max_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="klaar") | models.Q(resultaat__isnull=False),
                name="rapport_klaar_met_resultaat",
            ),
        ]

    def __str__(self) -> str:
        return f"Mededeling {self.jaar} ({toon_datum(self.peildatum)}) #{self.pk}"

    @property
    def is_afgelopen(self) -> bool:
        return self.status in {self.Status.KLAAR, self.Status.MISLUKT}


class OnwijzigbaarRapport(Exception):
    """A submitted report was about to be changed or deleted."""


class IngediendRapportQuerySet(models.QuerySet):
    # Bulk writes bypass save()/delete(): refuse them as well.
    def update(self, **kwargs: Any) -> int:
        raise OnwijzigbaarRapport(_("Een ingediend rapport kan niet gewijzigd worden."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise OnwijzigbaarRapport(_("Een ingediend rapport kan niet verwijderd worden."))


class IngediendRapport(models.Model):
    """A submitted Mededeling, frozen: the JSON as submitted and its sha256 checksum.

    Immutable. The service `reporting.services.dien_in` is the only writer; `save()` refuses
    an update, `delete()` and the queryset's bulk update/delete refuse as well, the admin is
    read-only. A database trigger refusing UPDATE/DELETE is left to the security issue.
    """

    jaar = models.PositiveSmallIntegerField(_("rapportjaar"))
    peildatum = models.DateField(_("peildatum"))
    rapport = models.JSONField(_("rapport"))
    checksum = models.CharField(_("sha256 van de canonieke JSON"), max_length=64)
    regels_versie = models.CharField(_("versie van de telregels"), max_length=40)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    ingediend_op = models.DateTimeField(_("ingediend op"))
    bron = models.ForeignKey(
        GegenereerdRapport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indieningen",
        verbose_name=_("gegenereerd rapport"),
    )
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    reden = models.TextField(
        _("reden van de nieuwe versie"),
        blank=True,
        default="",
        help_text=_("Verplicht vanaf versie 2: waarom het jaar opnieuw ingediend wordt."),
    )
    afwijkende_peildatum_bevestigd = models.BooleanField(
        _("afwijkende peildatum bevestigd"),
        default=False,
        help_text=_("De indiener bevestigde uitdrukkelijk een andere dan de standaard peildatum."),
    )

    objects = IngediendRapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingediend rapport")
        verbose_name_plural = _("ingediende rapporten")
        ordering = ["-ingediend_op", "-id"]
        indexes = [models.Index(fields=["jaar", "ingediend_op"])]
        constraints = [
            # a second submission of a year is a new version, never a silent duplicate
            models.UniqueConstraint(fields=["jaar", "versie"], name="ingediend_jaar_versie_uniek"),
            # one generated report is submitted at most once
            models.UniqueConstraint(fields=["bron"], name="ingediend_bron_uniek"),
            models.CheckConstraint(
                condition=models.Q(versie=1) | ~models.Q(reden=""),
                name="ingediend_nieuwe_versie_met_reden",
            ),
        ]

    def __str__(self) -> str:
        return f"Mededeling {self.jaar} v{self.versie} ingediend op {toon_datum(self.ingediend_op)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise OnwijzigbaarRapport(_("Een ingediend rapport kan niet gewijzigd worden."))
        # Never an UPDATE, even for an instance built with the primary key of an existing row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise OnwijzigbaarRapport(_("Een ingediend rapport kan niet verwijderd worden."))


class Exportbestand(models.Model):
    """A download built by the Celery worker (a PDF takes seconds): status, progress, bytes.

    `bron` says what is rendered: a generated Mededeling (`bron_id` = its pk), a submitted one
    (the frozen JSON, checksum verified) or the ladder report of year `bron_id`. The page
    polls the progress and then downloads `inhoud`; no request waits for the rendering.
    Figures only, no personal data.
    """

    class Bron(models.TextChoices):
        MEDEDELING = "mededeling", _("Mededeling (gegenereerd)")
        INGEDIEND = "ingediend", _("Mededeling (ingediend)")
        LADDER = "ladder", _("Ladderrapport")

    bron = models.CharField(_("bron"), max_length=12, choices=Bron.choices)
    bron_id = models.PositiveIntegerField(_("rapport of jaar"))
    formaat = models.CharField(_("formaat"), max_length=5)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GegenereerdRapport.Status.choices,
        default=GegenereerdRapport.Status.WACHTEND,
    )
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=120, blank=True, default="")
    inhoud = models.BinaryField(_("inhoud"), null=True, blank=True, editable=False)
    fout = models.TextField(_("fout"), blank=True, default="")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("exportbestand")
        verbose_name_plural = _("exportbestanden")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [models.Index(fields=["bron", "bron_id", "formaat"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voortgang__lte=100), name="export_voortgang_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_bron_display()} {self.bron_id} ({self.formaat}) #{self.pk}"

    @property
    def is_afgelopen(self) -> bool:
        return self.status in {GegenereerdRapport.Status.KLAAR, GegenereerdRapport.Status.MISLUKT}

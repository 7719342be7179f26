"""The read log of dossiers: one row per dossier a user saw, append-only.

No foreign keys: the log must outlive the accounts and dossiers it names, and a cascade would
be a DELETE the database refuses (see the trigger migration).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kanaal(models.TextChoices):
    UI = "ui", _("webtoepassing")
    API = "api", _("API")
    EXPORT = "export", _("export")


class DossierInzage(models.Model):
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)
    user_id = models.BigIntegerField(_("gebruiker-id"), null=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True, default="")
    organisatie_id = models.CharField(_("organisatie-id"), max_length=40, blank=True, default="")
    deelnemer_id = models.CharField(_("deelnemer-id"), max_length=40)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    request_id = models.CharField(_("request-id"), max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("dossierinzage")
        verbose_name_plural = _("dossierinzages")
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["deelnemer_id", "tijdstip"], name="inzage_deelnemer_tijd"),
            models.Index(fields=["user_id", "tijdstip"], name="inzage_user_tijd"),
        ]

    def __str__(self) -> str:
        return f"{self.username} · {self.deelnemer_id} · {self.tijdstip:%Y-%m-%d %H:%M}"

"""The dossier as a whole: merged dossiers, the responsible casemanager, duplicate runs.

`SamengevoegdDossier` maps a merged (removed) dossier id to the survivor: the old URL answers
with a redirect, the read log of the old id stays readable under the survivor (the read log is
append-only, it is never rewritten). `Behandelaar` names the user of an organisation who holds a
dossier in their caseload (scope stays per organisation; this is who answers for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd

if TYPE_CHECKING:
    from deelnemers.models import Deelnemer


class SamengevoegdDossier(models.Model):
    oud_id = models.CharField(_("oud dossier-id"), max_length=40, primary_key=True)
    # No foreign key: the survivor may itself be merged later (the chain is followed), and
    # the mapping must outlive it like the read log does.
    nieuw_id = models.CharField(_("samengevoegd in"), max_length=40, db_index=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    op = models.DateTimeField(_("samengevoegd op"), auto_now_add=True)
    verslag = models.JSONField(_("verslag"), default=dict)

    class Meta:
        verbose_name = _("samengevoegd dossier")
        verbose_name_plural = _("samengevoegde dossiers")

    def __str__(self) -> str:
        return f"{self.oud_id} → {self.nieuw_id}"


@gevolgd(index=["deelnemer"])
class Behandelaar(models.Model):
    """The casemanager (a user) of an organisation who holds this dossier in their caseload."""

    deelnemer = models.ForeignKey(
        "deelnemers.Deelnemer", on_delete=models.CASCADE, related_name="behandelaars"
    )
    organisatie = models.ForeignKey(
        "organisaties.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        verbose_name=_("casemanager"),
    )
    sinds = models.DateTimeField(_("sinds"), auto_now=True)

    class Meta:
        verbose_name = _("behandelaar")
        verbose_name_plural = _("behandelaars")
        constraints = [
            models.UniqueConstraint(
                fields=["deelnemer", "organisatie"], name="een_behandelaar_per_organisatie"
            )
        ]


class DuplicatenRun(models.Model):
    """One search for duplicate candidates over all participants (a Celery task)."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("wacht")
        BEZIG = "bezig", _("bezig")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    deelnemers = models.PositiveIntegerField(default=0)
    paren = models.PositiveIntegerField(default=0)
    seconden = models.FloatField(null=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("zoektocht naar dubbels")
        verbose_name_plural = _("zoektochten naar dubbels")
        ordering = ["-aangemaakt_op", "-id"]


class DuplicaatPaar(models.Model):
    """A candidate pair of one run. Ids only (no foreign key): a merge removes one of them."""

    run = models.ForeignKey(DuplicatenRun, on_delete=models.CASCADE, related_name="kandidaten")
    a_id = models.CharField(max_length=40)
    b_id = models.CharField(max_length=40)
    score = models.FloatField()
    redenen = models.CharField(max_length=300, blank=True, default="")

    # Set on the pairs of the candidates' page (dossier.views): the two participants, if
    # still there; not stored.
    a: Deelnemer | None
    b: Deelnemer | None

    class Meta:
        verbose_name = _("mogelijk dubbel paar")
        verbose_name_plural = _("mogelijk dubbele paren")
        ordering = ["-score", "a_id", "b_id"]
        indexes = [models.Index(fields=["run", "score"])]

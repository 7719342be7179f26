"""API tokens: how a system of an organisation calls the API.

A token acts as a dedicated service user of its organisation, holding the roles it was issued
for, so every scoping rule (`deelnemers.selectors.visible_to`) applies to it unchanged. Only a
hash of the key is stored: the key is shown once, when it is issued.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "wz_"


def hash_key(key: str) -> str:
    """SHA-256 of the key: keys are 256 random bits, so a fast hash cannot be brute-forced."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    organisatie = models.ForeignKey(
        "organisaties.Organisatie",
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=100)
    # The service user the token acts as: its organisation and roles scope what it sees.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_token",
        verbose_name=_("systeemgebruiker"),
    )
    key_prefix = models.CharField(_("begin van de sleutel"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgegeven door"),
    )
    created_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["organisatie_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_naam_uniek_per_organisatie",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie_id}: {self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

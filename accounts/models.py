"""Users of Werkzorg: each belongs to an organisation and holds one or more roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd


class Rol(models.TextChoices):
    CASEMANAGER_WERK = "casemanager-werk", _("Casemanager Werk (GTB)")
    CASEMANAGER_ZORG = "casemanager-zorg", _("Casemanager Zorg")
    BEMIDDELAAR_GTB = "bemiddelaar-gtb", _("GTB-bemiddelaar (AMA SE)")
    BEGELEIDER_AMA_SE = "begeleider-ama-se", _("Begeleider AMA SE")
    BEGELEIDER_AMA_WVG = "begeleider-ama-wvg", _("Begeleider AMA WVG")
    NETWERKCOORDINATOR = "netwerkcoordinator", _("Netwerkcoördinator")
    DIENSTVERLENER_WERK = "dienstverlener-werk", _("Dienstverlener werk (netwerk)")
    DIENSTVERLENER_ZORG = "dienstverlener-zorg", _("Dienstverlener zorg (netwerk)")
    COORDINATOR = "coordinator", _("Coördinator")
    ADMIN = "admin", _("Beheerder")


class User(AbstractUser):
    organisatie = models.ForeignKey(
        "organisaties.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gebruikers",
        verbose_name=_("organisatie"),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


@gevolgd()
class Roltoewijzing(models.Model):
    """A role of a user, optionally limited to regions or one network."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="rollen")
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    regios = models.ManyToManyField("referentie.Regio", blank=True, verbose_name=_("regio's"))
    netwerk = models.ForeignKey(
        "referentie.Netwerk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("netwerk"),
    )

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "rol"], name="rol_uniek_per_gebruiker"),
        ]

    def __str__(self) -> str:
        return self.get_rol_display()


# Which regions a role covers is part of who may see what: adding or removing one is recorded.
@gevolgd()
class RoltoewijzingRegio(Roltoewijzing.regios.through):  # type: ignore[name-defined]  # the through model is made at run time
    class Meta:
        proxy = True
        verbose_name = _("regio van een roltoewijzing")
        verbose_name_plural = _("regio's van roltoewijzingen")


class Dagoverzicht(models.Model):
    """The daily worklist email sent to a user: at most one per user per day (idempotence)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="dagoverzichten")
    datum = models.DateField(_("datum"))
    verzonden_op = models.DateTimeField(_("verzonden op"), auto_now_add=True)

    class Meta:
        verbose_name = _("dagelijks overzicht")
        verbose_name_plural = _("dagelijkse overzichten")
        constraints = [
            models.UniqueConstraint(fields=["user", "datum"], name="dagoverzicht_een_per_dag"),
        ]

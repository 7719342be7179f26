"""Organisations (GTB, care providers, begeleiders) and the roles they hold over time."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd
from referentie.models import Netwerk, OrganisatieType, Provincie, Regio


@gevolgd()
class Organisatie(models.Model):
    id = models.CharField(_("id"), max_length=40, primary_key=True)
    naam = models.CharField(_("naam"), max_length=200)
    type = models.ForeignKey(OrganisatieType, on_delete=models.PROTECT, verbose_name=_("type"))
    provincie = models.ForeignKey(
        Provincie, on_delete=models.PROTECT, verbose_name=_("provincie (vestigingsplaats)")
    )
    ondernemingsnummer = models.CharField(
        _("ondernemingsnummer (KBO)"), max_length=12, blank=True, default=""
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Rol(models.TextChoices):
    NETWERK = "netwerk", _("Partner van een netwerk van dienstverleners")
    SAMENWERKINGSVERBAND_ZORG = "samenwerkingsverband-zorg", _("Lid samenwerkingsverband Zorg")
    BEGELEIDER_AMA_WVG = "begeleider-ama-wvg", _("Erkend begeleider AMA WVG")
    BEGELEIDER_AMA_SE = "begeleider-ama-se", _("Erkend begeleider AMA SE")
    NETWERKCOORDINATOR = "netwerkcoordinator", _("Netwerkcoördinator")


@gevolgd()
class Lidmaatschap(models.Model):
    """A membership or recognition of an organisation, valid from `van` to `tot` (inclusive)."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    rol = models.CharField(_("rol"), max_length=40, choices=Rol.choices)
    netwerk = models.ForeignKey(Netwerk, on_delete=models.PROTECT, null=True, blank=True)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, null=True, blank=True)
    als_type = models.ForeignKey(
        OrganisatieType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("geteld als type"),
    )
    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap of erkenning")
        verbose_name_plural = _("lidmaatschappen en erkenningen")
        ordering = ["organisatie_id", "rol", "van", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=F("van")),
                name="lidmaatschap_tot_na_van",
            ),
            models.CheckConstraint(
                condition=~Q(rol__in=["netwerk", "netwerkcoordinator"]) | Q(netwerk__isnull=False),
                name="lidmaatschap_netwerk_verplicht",
            ),
            models.CheckConstraint(
                condition=~Q(rol="samenwerkingsverband-zorg") | Q(regio__isnull=False),
                name="lidmaatschap_regio_verplicht",
            ),
        ]
        indexes = [models.Index(fields=["rol", "van"])]

    def __str__(self) -> str:
        return f"{self.organisatie_id} {self.rol} {self.van}"

"""Reference codes of shared/spec/codes.md, held as data with their Dutch labels.

Every code table has the slug as primary key, so that the bundle's codes are the foreign keys
themselves and admins can relabel or add codes without code changes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd


class Code(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    naam = models.CharField(_("naam"), max_length=200)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["volgorde", "code"]

    def __str__(self) -> str:
        return self.naam


@gevolgd()
class Provincie(Code):
    vlaams = models.BooleanField(
        _("Vlaams Gewest"), default=True, help_text=_("Telt mee in de Vlaamse totalen.")
    )

    class Meta(Code.Meta):
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")


@gevolgd()
class Netwerk(Code):
    class Meta(Code.Meta):
        verbose_name = _("netwerk van dienstverleners")
        verbose_name_plural = _("netwerken van dienstverleners")


@gevolgd()
class Regio(Code):
    """A werk- en zorgregio: belongs to one province and one network."""

    provincie = models.ForeignKey(Provincie, on_delete=models.PROTECT, related_name="regios")
    netwerk = models.ForeignKey(Netwerk, on_delete=models.PROTECT, related_name="regios")

    class Meta(Code.Meta):
        verbose_name = _("werk- en zorgregio")
        verbose_name_plural = _("werk- en zorgregio's")


@gevolgd()
class OrganisatieType(Code):
    class Meta(Code.Meta):
        verbose_name = _("organisatietype")
        verbose_name_plural = _("organisatietypes")


@gevolgd()
class AdviesType(Code):
    class Meta(Code.Meta):
        verbose_name = _("VDAB-advies")
        verbose_name_plural = _("VDAB-adviezen")


@gevolgd()
class Eindadvies(Code):
    voor_activering = models.BooleanField(_("toegelaten voor activeringstraject"), default=False)
    voor_ama_se = models.BooleanField(_("toegelaten voor AMA SE"), default=False)

    class Meta(Code.Meta):
        verbose_name = _("eindadvies")
        verbose_name_plural = _("eindadviezen")


@gevolgd()
class Stopreden(Code):
    class Meta(Code.Meta):
        verbose_name = _("stopreden")
        verbose_name_plural = _("stopredenen")


@gevolgd()
class Positie(Code):
    """A labour-market position of the VDAB feed."""

    class Meta(Code.Meta):
        verbose_name = _("arbeidsmarktpositie")
        verbose_name_plural = _("arbeidsmarktposities")

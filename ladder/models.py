"""The participatieladder: treden, the time-versioned werkvormen catalog, and placements."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from referentie.models import Provincie, Regio


class Trede(models.Model):
    nummer = models.PositiveSmallIntegerField(_("trede"), primary_key=True)
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True, default="")
    arbeidsovereenkomst = models.BooleanField(_("arbeidsovereenkomst"), default=False)

    class Meta:
        verbose_name = _("trede")
        verbose_name_plural = _("treden")
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer}. {self.naam}"


class Telbasis(models.TextChoices):
    STAND_31_12 = "stand_31_12", _("Stand op 31 december")
    ACTIEF_IN_JAAR = "actief_in_jaar", _("Actief in het jaar")
    GESTART_IN_JAAR = "gestart_in_jaar", _("Gestart in het jaar")
    TELLING_1_FEBRUARI = "telling_1_februari", _("Telling op 1 februari")
    JAARGEMIDDELDE = "jaargemiddelde", _("Jaargemiddelde")


class WerkvormGroep(models.Model):
    """A subtotal row of the ladder tables; its members and weights are in `berekening`."""

    code = models.SlugField(_("code"), max_length=60, primary_key=True)
    naam = models.CharField(_("naam"), max_length=300)
    trede = models.ForeignKey(Trede, on_delete=models.PROTECT, null=True, blank=True)
    ouder = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="kinderen"
    )
    berekening = models.JSONField(
        _("berekening"),
        default=list,
        help_text=_('Leden met gewicht: [{"code": ..., "gewicht": 1}, ...]'),
    )
    volgorde = models.PositiveSmallIntegerField(default=0)
    catalogus = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("groep van werkvormen")
        verbose_name_plural = _("groepen van werkvormen")
        ordering = ["volgorde", "code"]

    def __str__(self) -> str:
        return self.naam


class Werkvorm(models.Model):
    code = models.SlugField(_("code"), max_length=60, primary_key=True)
    naam = models.CharField(_("naam"), max_length=300)
    trede = models.ForeignKey(Trede, on_delete=models.PROTECT, related_name="werkvormen")
    groep = models.ForeignKey(
        WerkvormGroep, on_delete=models.PROTECT, null=True, blank=True, related_name="werkvormen"
    )
    telbasis_code = models.CharField(
        _("telbasis"), max_length=30, choices=Telbasis.choices, default=Telbasis.STAND_31_12
    )
    telgewicht_trede5 = models.DecimalField(
        _("telgewicht in trede 5"), max_digits=4, decimal_places=2, default=1
    )
    geldig_van = models.DateField(_("bestaat vanaf"), null=True, blank=True)
    geldig_tot = models.DateField(
        _("bestaat niet meer vanaf"),
        null=True,
        blank=True,
        help_text=_("Eerste dag dat de werkvorm niet meer bestaat."),
    )
    einde_instroom = models.DateField(_("geen nieuwe instroom vanaf"), null=True, blank=True)
    max_duur_maanden = models.PositiveSmallIntegerField(
        _("maximumduur (maanden)"), null=True, blank=True
    )
    max_duur_dagen = models.PositiveSmallIntegerField(
        _("maximumduur (dagen)"), null=True, blank=True
    )
    min_uren_per_week = models.PositiveSmallIntegerField(
        _("minimum uren per week"), null=True, blank=True
    )
    volgorde = models.PositiveSmallIntegerField(default=0)
    catalogus = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("werkvorm")
        verbose_name_plural = _("werkvormen")
        ordering = ["trede_id", "volgorde", "code"]

    def __str__(self) -> str:
        return self.naam


class RegioWvl(models.Model):
    """The West-Flemish regions of the ladder tables (a different division than the regio's)."""

    code = models.SlugField(max_length=40, primary_key=True)
    naam = models.CharField(max_length=200)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("West-Vlaamse regio")
        verbose_name_plural = _("West-Vlaamse regio's")
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.naam


class Ladderplaatsing(models.Model):
    id = models.CharField(_("id"), max_length=40, primary_key=True)
    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.CASCADE, related_name="ladderplaatsingen"
    )
    werkvorm = models.ForeignKey(Werkvorm, on_delete=models.PROTECT, related_name="plaatsingen")
    regio_wvl = models.ForeignKey(RegioWvl, on_delete=models.PROTECT, null=True, blank=True)
    provincie = models.ForeignKey(Provincie, on_delete=models.PROTECT)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, null=True, blank=True)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, blank=True)
    start = models.DateField(_("start"))
    einde = models.DateField(_("einde"), null=True, blank=True)

    class Meta:
        verbose_name = _("ladderplaatsing")
        verbose_name_plural = _("ladderplaatsingen")
        ordering = ["deelnemer_id", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einde__isnull=True) | Q(einde__gte=F("start")),
                name="plaatsing_einde_na_start",
            ),
        ]
        indexes = [
            models.Index(fields=["werkvorm", "start", "einde"]),
            models.Index(fields=["deelnemer", "start"]),
        ]

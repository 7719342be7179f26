"""The participatieladder: treden, the time-versioned werkvormen catalog, and placements."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from referentie.models import Provincie, Regio
from werkzorg.formats import datum as toon_datum


@gevolgd()
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


@gevolgd()
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


@gevolgd()
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
    eerste_tabeljaar = models.PositiveSmallIntegerField(
        _("eerste tabeljaar"),
        null=True,
        blank=True,
        help_text=_("Eerste jaar waarin de werkvorm in de laddertabellen telt (leeg: altijd)."),
    )
    laatste_tabeljaar = models.PositiveSmallIntegerField(
        _("laatste tabeljaar"),
        null=True,
        blank=True,
        help_text=_(
            "Laatste jaar waarin de werkvorm in de laddertabellen telt (leeg: zolang ze bestaat)."
        ),
    )
    volgorde = models.PositiveSmallIntegerField(default=0)
    catalogus = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("werkvorm")
        verbose_name_plural = _("werkvormen")
        ordering = ["trede_id", "volgorde", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True)
                | Q(geldig_van__isnull=True)
                | Q(geldig_tot__gt=F("geldig_van")),
                name="werkvorm_geldig_tot_na_van",
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def telt_in_jaar(self, jaar: int) -> bool:
        """Whether the werkvorm has a figure in the ladder tables of `jaar`."""
        return (self.eerste_tabeljaar is None or self.eerste_tabeljaar <= jaar) and (
            self.laatste_tabeljaar is None or jaar <= self.laatste_tabeljaar
        )


@gevolgd()
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


@gevolgd(index=["deelnemer"])
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
            # `ladder.rules.regio_wvl_fouten`: a West-Flemish region only in West-Vlaanderen.
            models.CheckConstraint(
                condition=Q(regio_wvl__isnull=True) | Q(provincie="west-vlaanderen"),
                name="plaatsing_regio_wvl_in_west_vlaanderen",
            ),
        ]
        indexes = [
            models.Index(fields=["werkvorm", "start", "einde"]),
            models.Index(fields=["deelnemer", "start"]),
            # the flows walk each participant's history in this order (LAG/LEAD)
            models.Index(fields=["deelnemer", "start", "id"], name="plaatsing_historiek"),
            models.Index(fields=["einde"], name="plaatsing_einde"),
        ]

    def __str__(self) -> str:
        return f"{self.werkvorm_id} {toon_datum(self.start)}"


class Tabel(models.TextChoices):
    """The two tables of the ladder report (the seed's Tabel 39 and Tabel 40)."""

    PROVINCIE = "tabel39", _("Tabel 39: per provincie")
    WVL = "tabel40", _("Tabel 40: per West-Vlaamse regio")


@gevolgd()
class GroepLid(models.Model):
    """One member of a group's `berekening` in one table, with its weight.

    The tables differ (Tabel 40 merges maatwerkbedrijven and -afdelingen into one row), so each
    table has its own members. A member is a werkvorm or another group.
    """

    groep = models.ForeignKey(WerkvormGroep, on_delete=models.CASCADE, related_name="leden")
    tabel = models.CharField(_("tabel"), max_length=10, choices=Tabel.choices)
    lid_werkvorm = models.ForeignKey(
        Werkvorm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lid_van",
        verbose_name=_("werkvorm"),
    )
    lid_groep = models.ForeignKey(
        WerkvormGroep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lid_van",
        verbose_name=_("groep"),
    )
    gewicht = models.DecimalField(_("gewicht"), max_digits=4, decimal_places=2, default=1)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lid van een groep")
        verbose_name_plural = _("leden van groepen")
        ordering = ["groep_id", "tabel", "volgorde"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lid_werkvorm__isnull=False, lid_groep__isnull=True)
                | Q(lid_werkvorm__isnull=True, lid_groep__isnull=False),
                name="groeplid_werkvorm_of_groep",
            ),
            models.CheckConstraint(
                condition=Q(gewicht__gt=0) & Q(gewicht__lte=1), name="groeplid_gewicht_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.groep_id} ∋ {self.lid_code} × {self.gewicht}"

    @property
    def lid_code(self) -> str:
        return self.lid_werkvorm_id or self.lid_groep_id or ""


@gevolgd()
class TabelRij(models.Model):
    """A printed row of Tabel 39 or Tabel 40: its place, letter and label.

    A row is shown for year Y when a werkvorm it reaches through the groups' members counts
    in Y (`Werkvorm.eerste_tabeljaar`..`laatste_tabeljaar`).
    """

    tabel = models.CharField(_("tabel"), max_length=10, choices=Tabel.choices)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    werkvorm = models.ForeignKey(
        Werkvorm, on_delete=models.CASCADE, null=True, blank=True, related_name="tabelrijen"
    )
    groep = models.ForeignKey(
        WerkvormGroep, on_delete=models.CASCADE, null=True, blank=True, related_name="tabelrijen"
    )
    letter = models.CharField(_("letter"), max_length=4, blank=True, default="")
    label = models.CharField(_("label"), max_length=300)

    class Meta:
        verbose_name = _("tabelrij")
        verbose_name_plural = _("tabelrijen")
        ordering = ["tabel", "volgorde"]
        constraints = [
            models.CheckConstraint(
                condition=Q(werkvorm__isnull=False, groep__isnull=True)
                | Q(werkvorm__isnull=True, groep__isnull=False),
                name="tabelrij_werkvorm_of_groep",
            ),
            models.UniqueConstraint(
                fields=["tabel", "werkvorm"],
                condition=Q(werkvorm__isnull=False),
                name="tabelrij_werkvorm_uniek",
            ),
            models.UniqueConstraint(
                fields=["tabel", "groep"],
                condition=Q(groep__isnull=False),
                name="tabelrij_groep_uniek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tabel_display()} {self.letter} {self.label}".strip()

    @property
    def code(self) -> str:
        return self.werkvorm_id or self.groep_id or ""

"""Deelnemers (participants), their VDAB adviezen and labour-market positions."""

from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.geschiedenis import gevolgd
from referentie.models import AdviesType, Positie, Provincie, Regio

#: The index on the name: the caseload's order and the participants' order on disk.
NAAMINDEX = "deelnemers__achtern_0c812e_idx"


@gevolgd()
class Deelnemer(models.Model):
    id = models.CharField(_("id"), max_length=40, primary_key=True)
    insz = models.CharField(_("INSZ"), max_length=11, null=True, blank=True)  # noqa: DJ001 - NULL = unknown; unique when given
    voornaam = models.CharField(_("voornaam"), max_length=100, blank=True, default="")
    achternaam = models.CharField(_("achternaam"), max_length=100, blank=True, default="")
    geboortedatum = models.DateField(_("geboortedatum"))
    # No index on the low-cardinality code keys: reports scan them anyway, and each index
    # slows the bulk import of a million participants.
    provincie = models.ForeignKey(
        Provincie,
        on_delete=models.PROTECT,
        verbose_name=_("provincie (woonplaats)"),
        db_index=False,
    )
    regio = models.ForeignKey(
        Regio,
        on_delete=models.PROTECT,
        verbose_name=_("werk- en zorgregio (woonplaats)"),
        db_index=False,
    )
    armoede = models.BooleanField(_("leeft in armoede"), default=False)
    arbeidsbeperking = models.BooleanField(_("erkende arbeidsbeperking"), default=False)
    kortgeschoold = models.BooleanField(_("kortgeschoold"), default=False)
    werkzoekend_sinds = models.DateField(_("werkzoekend sinds"), null=True, blank=True)
    # Optimistic locking for the web forms: every save through a service bumps it.
    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["achternaam", "voornaam", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["insz"], condition=Q(insz__isnull=False), name="deelnemer_insz_uniek"
            ),
            # `deelnemers.rules.deelnemer_fouten` checks this (and what needs today) first.
            models.CheckConstraint(
                condition=Q(werkzoekend_sinds__isnull=True)
                | Q(werkzoekend_sinds__gte=F("geboortedatum")),
                name="deelnemer_werkzoekend_na_geboorte",
            ),
        ]
        indexes = [
            models.Index(fields=["achternaam", "voornaam"], name=NAAMINDEX),
            # The caseload sorted by date of birth (then name): a page of a large scope read
            # in this order instead of sorting the scope (decision 545).
            models.Index(
                fields=["geboortedatum", "achternaam", "voornaam", "id"],
                name="deelnemer_geboorte_naam",
            ),
            # By region (then name), when the region codes sort as the names (decision 546).
            models.Index(
                fields=["regio", "achternaam", "voornaam", "id"], name="deelnemer_regio_naam"
            ),
        ]

    # The order of the rows on disk (decision 536): by name, so the few thousand participants a
    # name search finds lie on a hundred pages instead of five thousand. The import writes new
    # participants in this order (`bundle.schrijver`); `manage.py herorden_deelnemers`
    # restores it (CLUSTER on `NAAMINDEX`) after many registrations or changes.
    OPSLAGVOLGORDE: ClassVar[tuple[str, ...]] = ("achternaam", "voornaam", "id")

    def __str__(self) -> str:
        naam = f"{self.voornaam} {self.achternaam}".strip()
        return naam or self.id


class Zoeksleutel(models.Model):
    """The search key of a participant with activeringstrajecten (PostgreSQL only, decision
    548): its search name, its name for the order and the regions of its activeringstrajecten,
    the search name and the regions in one trigram index
    (`zoeksleutel_regios_naam`), so a network's search by name finds the few hundred people of
    that name in its regions without reading and sorting the thousands in Flanders.

    Written only by the database's triggers (migration 0010) on every write of a participant
    or an activeringstraject, whatever writes it (services, the import's COPY, a merge, SQL
    by hand); Django never writes it. A narrowing hint for the search, never the scoping rule:
    the rows it lets through are checked by `selectors.visible_to` as before, so a key that
    were out of date could hide a dossier from a search but never show one.
    """

    id = models.CharField(_("id"), max_length=40, primary_key=True)
    zoeknaam = models.TextField(_("zoeknaam"))
    # The participant's name as it is, for the name order (`Deelnemer.Meta.ordering`).
    achternaam = models.CharField(_("achternaam"), max_length=100)
    voornaam = models.CharField(_("voornaam"), max_length=100)
    regios = ArrayField(models.CharField(max_length=40), verbose_name=_("regio's"))

    class Meta:
        managed = False
        db_table = "deelnemers_zoeksleutel"
        verbose_name = _("zoeksleutel")
        verbose_name_plural = _("zoeksleutels")


@gevolgd(index=["deelnemer"])
class Advies(models.Model):
    """A VDAB bemiddelingsadvies, active from `van` to `tot` (inclusive)."""

    id = models.CharField(_("id"), max_length=40, primary_key=True)
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="adviezen")
    advies = models.ForeignKey(
        AdviesType, on_delete=models.PROTECT, verbose_name=_("advies"), db_index=False
    )
    van = models.DateField(_("gegeven op"))
    tot = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("VDAB-advies")
        verbose_name_plural = _("VDAB-adviezen")
        ordering = ["deelnemer_id", "van", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=F("van")), name="advies_tot_na_van"
            ),
        ]
        indexes = [models.Index(fields=["van", "tot"])]


@gevolgd(index=["deelnemer"])
class Arbeidsmarktpositie(models.Model):
    """A period of the VDAB feed; periods of one deelnemer never overlap (see rules)."""

    # Indexed by the unique (deelnemer, van) constraint, whose leading column it is.
    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.CASCADE, related_name="arbeidsmarktposities", db_index=False
    )
    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"), null=True, blank=True)
    positie = models.ForeignKey(
        Positie, on_delete=models.PROTECT, verbose_name=_("positie"), db_index=False
    )

    class Meta:
        verbose_name = _("arbeidsmarktpositie")
        verbose_name_plural = _("arbeidsmarktposities")
        ordering = ["deelnemer_id", "van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=F("van")), name="positie_tot_na_van"
            ),
            models.UniqueConstraint(fields=["deelnemer", "van"], name="positie_uniek_per_dag"),
        ]


@gevolgd(index=["traject"])
class ZorgNotitie(models.Model):
    """A health note of the Zorg compartment (diagnosis, therapy, CMPPS details).

    Need-to-know: only the casemanagers Zorg of the trajectory's zorg organisation read the
    text (see `deelnemers.selectors.zorgnotities_visible_to`).
    """

    class Soort(models.TextChoices):
        DIAGNOSE = "diagnose", _("Diagnose")
        THERAPIE = "therapie", _("Therapie")
        CMPPS = "cmpps", _("CMPPS")
        ANDERE = "andere", _("Andere")

    traject = models.ForeignKey(
        "trajectories.Activeringstraject",
        on_delete=models.CASCADE,
        related_name="zorgnotities",
        verbose_name=_("activeringstraject"),
    )
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    tekst = models.TextField(_("notitie"))
    door = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("zorgnotitie")
        verbose_name_plural = _("zorgnotities")
        ordering = ["-aangemaakt_op", "-id"]


@gevolgd(index=["deelnemer"])
class Registratie(models.Model):
    """Which organisation registered a deelnemer in the web application, and who.

    Gives the registering organisation access to a new dossier before any trajectory exists
    (see `deelnemers.selectors.visible_to`).
    """

    deelnemer = models.OneToOneField(
        Deelnemer, on_delete=models.CASCADE, related_name="registratie"
    )
    organisatie = models.ForeignKey(
        "organisaties.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    door = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        indexes = [models.Index(fields=["organisatie", "deelnemer"])]

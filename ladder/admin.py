"""Admin for the ladder catalog: werkvormen, groups, table rows and members are data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from audit.log import InzageAdminMixin
from ladder.models import (
    GroepLid,
    Ladderplaatsing,
    RegioWvl,
    TabelRij,
    Trede,
    Werkvorm,
    WerkvormGroep,
)
from ladder.rules import plaatsing_fouten


@admin.register(Trede)
class TredeAdmin(admin.ModelAdmin):
    list_display = ["nummer", "naam", "arbeidsovereenkomst"]


class GroepLidInline(admin.TabularInline):
    model = GroepLid
    fk_name = "groep"
    extra = 0
    fields = ["tabel", "volgorde", "lid_werkvorm", "lid_groep", "gewicht"]
    autocomplete_fields = ["lid_werkvorm", "lid_groep"]


class TabelRijWerkvormInline(admin.TabularInline):
    model = TabelRij
    fk_name = "werkvorm"
    extra = 0
    fields = ["tabel", "volgorde", "letter", "label"]


class TabelRijGroepInline(TabelRijWerkvormInline):
    fk_name = "groep"


class LidVanInline(admin.TabularInline):
    model = GroepLid
    fk_name = "lid_werkvorm"
    extra = 0
    fields = ["groep", "tabel", "volgorde", "gewicht"]
    verbose_name_plural = "lid van groepen"


@admin.register(WerkvormGroep)
class WerkvormGroepAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "trede", "ouder", "volgorde"]
    search_fields = ["code", "naam"]
    inlines = [GroepLidInline, TabelRijGroepInline]
    readonly_fields = ["catalogus"]


@admin.register(Werkvorm)
class WerkvormAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "naam",
        "trede",
        "groep",
        "telbasis_code",
        "geldig_van",
        "geldig_tot",
        "eerste_tabeljaar",
        "laatste_tabeljaar",
    ]
    list_filter = ["trede", "telbasis_code"]
    search_fields = ["code", "naam"]
    inlines = [LidVanInline, TabelRijWerkvormInline]
    readonly_fields = ["catalogus"]


@admin.register(RegioWvl)
class RegioWvlAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "volgorde"]


@admin.register(TabelRij)
class TabelRijAdmin(admin.ModelAdmin):
    list_display = ["tabel", "volgorde", "letter", "label", "werkvorm", "groep"]
    list_filter = ["tabel"]
    ordering = ["tabel", "volgorde"]


class LadderplaatsingAdminForm(forms.ModelForm):
    class Meta:
        model = Ladderplaatsing
        fields = [
            "id",
            "deelnemer",
            "werkvorm",
            "start",
            "einde",
            "provincie",
            "regio_wvl",
            "regio",
            "organisatie",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean answers cleaned_data
        werkvorm = data.get("werkvorm")
        if werkvorm is not None:
            fouten = plaatsing_fouten(werkvorm, data.get("start"), data.get("einde"))
            if fouten:
                raise ValidationError([f.bericht for f in fouten])
        return data


@admin.register(Ladderplaatsing)
class LadderplaatsingAdmin(InzageAdminMixin, admin.ModelAdmin):
    form = LadderplaatsingAdminForm
    list_display = ["id", "deelnemer", "werkvorm", "start", "einde", "provincie", "regio_wvl"]
    list_filter = ["werkvorm__trede", "provincie", "regio_wvl"]
    raw_id_fields = ["deelnemer", "organisatie"]
    list_select_related = ["deelnemer", "werkvorm", "provincie", "regio_wvl"]
    date_hierarchy = "start"

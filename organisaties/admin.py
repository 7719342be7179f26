from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organisaties.models import Lidmaatschap, Organisatie


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    verbose_name = _("lidmaatschap of erkenning")
    verbose_name_plural = _("lidmaatschappen en erkenningen")


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["id", "naam", "type", "provincie", "ondernemingsnummer"]
    list_filter = ["type", "provincie"]
    search_fields = ["id", "naam", "ondernemingsnummer"]
    inlines = [LidmaatschapInline]


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(admin.ModelAdmin):
    list_display = ["organisatie", "rol", "netwerk", "regio", "van", "tot"]
    list_filter = ["rol", "netwerk", "regio"]
    list_select_related = ["organisatie", "netwerk", "regio"]
    search_fields = ["organisatie__naam"]
    autocomplete_fields = ["organisatie"]

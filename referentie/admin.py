from django.contrib import admin

from referentie import models


class CodeAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "volgorde"]
    list_editable = ["volgorde"]
    search_fields = ["code", "naam"]


for model in (
    models.Netwerk,
    models.OrganisatieType,
    models.AdviesType,
    models.Stopreden,
    models.Positie,
):
    admin.site.register(model, CodeAdmin)


@admin.register(models.Provincie)
class ProvincieAdmin(CodeAdmin):
    list_display = ["code", "naam", "vlaams", "volgorde"]


@admin.register(models.Regio)
class RegioAdmin(CodeAdmin):
    list_display = ["code", "naam", "provincie", "netwerk", "volgorde"]
    list_filter = ["provincie", "netwerk"]


@admin.register(models.Eindadvies)
class EindadviesAdmin(CodeAdmin):
    list_display = ["code", "naam", "voor_activering", "voor_ama_se", "volgorde"]

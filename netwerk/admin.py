from django.contrib import admin

from netwerk.models import Melding, Opdracht, StageBegeleiding, Stageverslag


@admin.register(Opdracht)
class OpdrachtAdmin(admin.ModelAdmin):
    list_display = ("actie_id", "status", "toegewezen_op", "verwacht_klaar_op")
    list_filter = ("status",)
    raw_id_fields = ("actie", "beslist_door", "uitvoerder")


@admin.register(StageBegeleiding)
class StageBegeleidingAdmin(admin.ModelAdmin):
    list_display = ("stage_id", "organisatie", "geregistreerd_op")
    raw_id_fields = ("stage", "actie", "door")


@admin.register(Stageverslag)
class StageverslagAdmin(admin.ModelAdmin):
    list_display = ("stage_id", "datum", "advies", "organisatie")
    raw_id_fields = ("stage", "door")


@admin.register(Melding)
class MeldingAdmin(admin.ModelAdmin):
    list_display = ("soort", "voor", "organisatie", "traject_id", "aangemaakt_op")
    list_filter = ("soort", "voor")
    raw_id_fields = ("traject", "actie")

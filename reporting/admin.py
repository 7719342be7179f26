"""Admin views of the reports: generated runs can be looked at; submitted ones only read."""

from django.contrib import admin
from django.http import HttpRequest

from audit.admin import AlleenLezen
from reporting.models import GegenereerdRapport, IngediendRapport


@admin.register(GegenereerdRapport)
class GegenereerdRapportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "jaar",
        "peildatum",
        "status",
        "voortgang",
        "aangemaakt_door",
        "aangemaakt_op",
    ]
    list_filter = ["jaar", "status"]
    readonly_fields = [f.name for f in GegenereerdRapport._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a run is started from the Jaarrapport page, which queues its task


@admin.register(IngediendRapport)
class IngediendRapportAdmin(AlleenLezen):
    """Read-only: a submitted report is never changed or deleted (see the model)."""

    list_display = ["id", "jaar", "peildatum", "ingediend_door", "ingediend_op", "regels_versie"]
    list_filter = ["jaar"]
    readonly_fields = [f.name for f in IngediendRapport._meta.fields]

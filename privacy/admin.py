from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.admin import AlleenLezen
from privacy.models import ExtractLevering, GepseudonimiseerdDossier, Onderzoeksdoel, RetentieRun


@admin.register(Onderzoeksdoel)
class OnderzoeksdoelAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "ontvanger", "actief", "geregistreerd_op"]
    list_filter = ["actief"]
    search_fields = ["code", "naam", "ontvanger"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code is part of the pseudonymisation key: renaming it would change every pseudonym.
        return ["code", "geregistreerd_op"] if obj is not None else ["geregistreerd_op"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A purpose stays registered (its deliveries refer to it); make it inactive instead.
        return False


@admin.register(ExtractLevering)
class ExtractLeveringAdmin(AlleenLezen):
    list_display = ["op", "doel", "jaar", "door_naam", "kanaal", "regels_versie"]
    list_filter = ["doel", "kanaal"]


@admin.register(RetentieRun)
class RetentieRunAdmin(AlleenLezen):
    list_display = ["gestart_op", "afgerond_op", "jaren", "grensdatum", "dry_run", "aantal"]
    list_filter = ["dry_run", "kanaal"]


@admin.register(GepseudonimiseerdDossier)
class GepseudonimiseerdDossierAdmin(AlleenLezen):
    list_display = ["deelnemer_id", "op", "run"]
    search_fields = ["=deelnemer_id"]

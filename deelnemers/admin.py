"""Admin for deelnemers. Admins see every dossier, but not the Zorg notes (need-to-know):
ZorgNotitie is deliberately not registered here."""

from django.contrib import admin

from audit.log import InzageAdminMixin
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer, Registratie


class AdviesInline(admin.TabularInline):
    model = Advies
    extra = 0
    can_delete = False


class PositieInline(admin.TabularInline):
    model = Arbeidsmarktpositie
    extra = 0
    can_delete = False


@admin.register(Deelnemer)
class DeelnemerAdmin(InzageAdminMixin, admin.ModelAdmin):
    # The change page and the list (the participant search) are logged reads.
    inzage_deelnemer = "pk"
    list_display = ["id", "achternaam", "voornaam", "geboortedatum", "regio"]
    list_filter = ["regio", "provincie"]
    list_select_related = ["regio"]
    search_fields = ["id", "achternaam", "voornaam", "=insz"]
    readonly_fields = ["versie"]
    inlines = [AdviesInline, PositieInline]
    show_full_result_count = False

    # Changes go through the dossier forms (services, optimistic lock, audit): read-only here.
    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Registratie)
class RegistratieAdmin(InzageAdminMixin, admin.ModelAdmin):
    list_display = ["deelnemer", "organisatie", "door", "op"]
    list_select_related = ["deelnemer", "organisatie", "door"]
    raw_id_fields = ["deelnemer"]

"""Admins issue and revoke API tokens here; the key is shown once, on issue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Rol
from api.models import ApiToken, ApiTokenQuerySet
from api.tokens import VERBODEN_ROLLEN, issue_token, revoke_token, token_fouten


class ApiTokenAddForm(forms.ModelForm):
    rollen = forms.MultipleChoiceField(
        label=_("rollen"),
        choices=[(c, label) for c, label in Rol.choices if c not in VERBODEN_ROLLEN],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De rollen waarmee het systeem werkt: ze bepalen welke dossiers het ziet."),
    )

    class Meta:
        model = ApiToken
        fields = ["organisatie", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean answers cleaned_data
        if data.get("organisatie") and data.get("name") is not None:
            for fout in token_fouten(
                organisatie=data["organisatie"], name=data["name"], rollen=data.get("rollen", [])
            ):
                self.add_error(fout.veld if fout.veld in self.fields else None, fout.bericht)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisatie",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["organisatie"]
    search_fields = ["name", "organisatie__naam", "key_prefix"]
    readonly_fields = [
        "organisatie",
        "name",
        "user",
        "key_prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]  # a list of names is field groups; stubs' list is invariant
        if obj is None:
            return ["organisatie", "name", "rollen"]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return  # every field is read-only: a token is issued or revoked, never edited
        token, key = issue_token(
            organisatie=form.cleaned_data["organisatie"],
            name=form.cleaned_data["name"],
            rollen=form.cleaned_data["rollen"],
            created_by=request.user,
        )
        # The admin goes on with `obj`: make it the token just issued.
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding = False
        messages.warning(
            request,
            _(
                "De API-sleutel is %(key)s — kopieer hem nu: hij wordt niet bewaard en "
                "nooit meer getoond."
            )
            % {"key": key},
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the token stays as a record of who had access

    @admin.action(description=_("Geselecteerde API-sleutels intrekken"))
    def revoke(self, request: HttpRequest, queryset: ApiTokenQuerySet) -> None:
        for token in queryset.active():
            revoke_token(token=token)
        self.message_user(request, _("De API-sleutels zijn ingetrokken."))

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OrganisatiesConfig(AppConfig):
    name = "organisaties"
    verbose_name = _("Organisaties")

    def ready(self) -> None:
        # The apps are loaded: their models and the choice lists' home can be imported.
        from organisaties.models import Lidmaatschap, Organisatie
        from organisaties.selectors import vergeet_keuzes
        from referentie.models import Regio

        for model in (Regio, Organisatie, Lidmaatschap):
            for signaal in (post_save, post_delete):
                signaal.connect(
                    vergeet_keuzes, sender=model, dispatch_uid=f"keuzes-{model.__name__}"
                )

from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "dossier"
    verbose_name = "Dossier als geheel"

    def ready(self) -> None:
        # ready(): the services and their models are loaded now
        from accounts.services import DEACTIVERING_CONTROLES
        from dossier.overdracht import weigering_bij_deactivering

        if weigering_bij_deactivering not in DEACTIVERING_CONTROLES:
            DEACTIVERING_CONTROLES.append(weigering_bij_deactivering)

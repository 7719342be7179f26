from django.urls import path, register_converter

from reporting import views


class FormaatConverter:
    regex = "xlsx|csv|pdf|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormaatConverter, "formaat")

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("jaarrapport/", views.jaarrapport, name="jaarrapport"),
    path("jaarrapport/genereer/", views.genereer, name="genereer"),
    path("jaarrapport/<int:pk>/voortgang/", views.voortgang, name="voortgang"),
    path("jaarrapport/<int:pk>/indienen/", views.indienen, name="indienen"),
    path("jaarrapport/<int:pk>/download/<formaat:fmt>/", views.download, name="download"),
    path(
        "ingediend/<int:pk>/download/<formaat:fmt>/",
        views.download_ingediend,
        name="download_ingediend",
    ),
    path("bestand/<int:pk>/", views.bestand, name="bestand"),
    path("bestand/<int:pk>/download/", views.bestand_download, name="bestand_download"),
    path("ladder/export/", views.ladder_export, name="ladder_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("contingenten/", views.contingenten, name="contingenten"),
]

from django.urls import path

from deelnemers import views

app_name = "deelnemers"

urlpatterns = [
    path("", views.home, name="home"),
    path("dossiers/", views.caseload, name="caseload"),
    path("dossiers/nieuw/", views.registreer, name="registreer"),
    path("dossiers/<str:pk>/", views.dossier, name="dossier"),
    path("dossiers/<str:pk>/kenmerken/", views.wijzig_kenmerken, name="kenmerken"),
    path("dossiers/<str:pk>/geschiedenis/", views.geschiedenis, name="geschiedenis"),
    path("dossiers/<str:pk>/zorgnotities/", views.zorgnotitie_nieuw, name="zorgnotitie_nieuw"),
    path("aandacht/", views.aandacht, name="aandacht"),
]

from django.urls import path

from dossier import views

app_name = "dossier"

urlpatterns = [
    path("dossiers/<str:pk>/afdruk/", views.afdrukken, name="afdruk"),
    path("dossiers/<str:pk>/inzage/", views.inzage, name="inzage"),
    path("dossiers/<str:pk>/samenvoegen/", views.samenvoegen_view, name="samenvoegen"),
    path("dubbels/", views.dubbels, name="dubbels"),
    path("dubbels/voortgang/", views.dubbels_voortgang, name="dubbels_voortgang"),
    path("caseload/", views.caseload_overdragen, name="caseload"),
]

from django.urls import path

from netwerk import views

app_name = "netwerk"

urlpatterns = [
    path("acties/", views.mijn_acties, name="acties"),
    path("trajecten/<str:pk>/", views.traject, name="traject"),
    path("acties/<int:actie_id>/aanvaarden/", views.actie_aanvaard, name="actie_aanvaard"),
    path("acties/<int:actie_id>/weigeren/", views.actie_weiger, name="actie_weiger"),
    path("acties/<int:actie_id>/toewijzen/", views.actie_toewijzen, name="actie_toewijzen"),
    path("acties/<int:actie_id>/starten/", views.actie_start, name="actie_start"),
    path("acties/<int:actie_id>/afronden/", views.actie_afronden, name="actie_afronden"),
    path("acties/<int:actie_id>/voortgang/", views.actie_voortgang, name="actie_voortgang"),
    path("acties/<int:actie_id>/stage/", views.stage_nieuw, name="stage_nieuw"),
    path("stages/<int:stage_id>/verslag/", views.stageverslag, name="stageverslag"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("sturing/", views.sturing, name="sturing"),
    path("sturing/acties/", views.sturing_acties, name="sturing_acties"),
    path("sturing/export.xlsx", views.sturing_xlsx, name="sturing_xlsx"),
]

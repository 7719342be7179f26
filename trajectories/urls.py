from django.urls import path

from trajectories import views

app_name = "trajecten"

urlpatterns = [
    # A dossier's trajectories block (also loaded into web-core's dossier page).
    path("dossier/<str:deelnemer_id>/", views.dossier_trajecten, name="dossier_trajecten"),
    # Activeringstraject
    path(
        "dossier/<str:deelnemer_id>/activering/nieuw/",
        views.activering_nieuw,
        name="activering_nieuw",
    ),
    path("activering/<str:pk>/", views.activering_detail, name="activering_detail"),
    path("activering/<str:pk>/stap/<slug:stap>/", views.activering_stap, name="activering_stap"),
    path("activering/<str:pk>/plan/", views.plan, name="plan"),
    path(
        "activering/<str:pk>/plan/doelstellingen/",
        views.doelstelling_nieuw,
        name="doelstelling_nieuw",
    ),
    path("activering/<str:pk>/plan/acties/", views.actie_nieuw, name="actie_nieuw"),
    path(
        "activering/<str:pk>/plan/acties/<int:actie_id>/",
        views.actie_wijzig,
        name="actie_wijzig",
    ),
    path("activering/<str:pk>/plan/stages/", views.stage_nieuw, name="stage_nieuw"),
    path(
        "activering/<str:pk>/plan/<slug:soort>/<int:item_id>/verwijderen/",
        views.planitem_verwijder,
        name="planitem_verwijder",
    ),
    # AMA SE
    path("dossier/<str:deelnemer_id>/ama-se/nieuw/", views.ama_se_nieuw, name="ama_se_nieuw"),
    path("ama-se/<str:pk>/", views.ama_se_detail, name="ama_se_detail"),
    path("ama-se/<str:pk>/moment/<slug:soort>/", views.ama_se_moment, name="ama_se_moment"),
    path("ama-se/<str:pk>/stap/<slug:stap>/", views.ama_se_stap, name="ama_se_stap"),
    # AMA WVG
    path("dossier/<str:deelnemer_id>/ama-wvg/nieuw/", views.wvg_nieuw, name="wvg_nieuw"),
    path("ama-wvg/<str:pk>/", views.wvg_detail, name="wvg_detail"),
    path("ama-wvg/<str:pk>/evaluatie/", views.wvg_evaluatie, name="wvg_evaluatie"),
    path("ama-wvg/<str:pk>/beeindigen/", views.wvg_beeindig, name="wvg_beeindig"),
]

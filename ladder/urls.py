from django.urls import path

from ladder import views

app_name = "ladder"

urlpatterns = [
    path("", views.index, name="index"),
    path("rapport/", views.rapport, name="rapport"),
    path("deelnemer/<str:pk>/", views.deelnemer, name="deelnemer"),
    path("deelnemer/<str:pk>/plaatsing/nieuw/", views.plaatsing_nieuw, name="plaatsing_nieuw"),
]

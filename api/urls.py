"""`/api/v1/`: the resources, the VDAB feeds, the reports, the schema and its docs page."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("deelnemers", views.DeelnemerViewSet, basename="deelnemer")
router.register(
    "activeringstrajecten", views.ActiveringstrajectViewSet, basename="activeringstraject"
)
router.register("ama-se-trajecten", views.AmaSeTrajectViewSet, basename="ama-se-traject")
router.register(
    "ama-wvg-overeenkomsten", views.AmaWvgOvereenkomstViewSet, basename="ama-wvg-overeenkomst"
)
router.register("ladderplaatsingen", views.LadderplaatsingViewSet, basename="ladderplaatsing")
router.register("doelstellingen", views.DoelstellingViewSet, basename="doelstelling")
router.register("acties", views.ActieViewSet, basename="actie")
router.register("stages", views.StageViewSet, basename="stage")

v1 = [
    *router.urls,
    path("feeds/adviezen", views.AdviezenFeedView.as_view(), name="feed-adviezen"),
    path(
        "feeds/arbeidsmarktposities",
        views.ArbeidsmarktpositiesFeedView.as_view(),
        name="feed-arbeidsmarktposities",
    ),
    path("rapporten/mededeling", views.MededelingView.as_view(), name="rapport-mededeling"),
    path("rapporten/ladder", views.LadderRapportView.as_view(), name="rapport-ladder"),
    path(
        "rapporten/ingediend/<int:pk>",
        views.IngediendRapportView.as_view(),
        name="rapport-ingediend",
    ),
    path("netwerk/", include("netwerk.api")),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("docs/assets/<str:filename>", views.docs_asset, name="docs-asset"),
]

urlpatterns = [path("v1/", include(v1))]

from django.urls import include, path

from programmes import views

urlpatterns = [
    path("", views.hub_page, name="programmes-hub"),
    path("records/", include("programmes.records.urls")),
    path("pairs/", include("programmes.commitments.urls")),
    path("baseline/", include("programmes.baseline.urls")),
    path("reviews/", include("programmes.ballots.urls")),
    path("studios/", include("programmes.studios.urls")),
    path("assessment/", include("programmes.assessment.urls")),
    path("dashboard/", include("programmes.dashboard.urls")),
    path("", include("programmes.programme_urls")),
]

from django.urls import include, path

urlpatterns = [
    path("programmes/records/", include("programmes.records.api_urls")),
    path("programmes/pairs/", include("programmes.commitments.api_urls")),
    path("programmes/baseline/", include("programmes.baseline.api_urls")),
    path("programmes/reviews/", include("programmes.ballots.api_urls")),
    path("programmes/studios/", include("programmes.studios.api_urls")),
    path("programmes/assessment/", include("programmes.assessment.api_urls")),
    path("programmes/", include("programmes.programme_api_urls")),
]

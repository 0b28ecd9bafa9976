"""The votes' API, mounted at /api/v1/programmes/reviews/ (programmes/api_urls.py)."""

from django.urls import path

from programmes.ballots import apis

urlpatterns = [
    path("", apis.PollListApi.as_view(), name="api-programmes-ballots-list"),
    path("<int:pk>/", apis.PollApi.as_view(), name="api-programmes-ballots-poll"),
    path("<int:pk>/steps/<str:step>/", apis.PollStepApi.as_view(), name="api-programmes-ballots-step"),
    path("<int:pk>/nominees/", apis.NomineesApi.as_view(), name="api-programmes-ballots-nominees"),
    path("<int:pk>/ballot/", apis.BallotApi.as_view(), name="api-programmes-ballots-cast"),
    path("<int:pk>/results/", apis.ResultsApi.as_view(), name="api-programmes-ballots-results"),
    path("<int:pk>/verify/", apis.VerifyApi.as_view(), name="api-programmes-ballots-verify"),
    path("stars/<int:pk>/", apis.StarsApi.as_view(), name="api-programmes-ballots-stars"),
]

from django.urls import path

from programmes.assessment import apis

urlpatterns = [
    path("<int:pk>/", apis.AssessmentApi.as_view(), name="api-programmes-assessment-detail"),
    path("<int:pk>/open/", apis.OpenApi.as_view(), name="api-programmes-assessment-open"),
    path("<int:pk>/publish/", apis.PublishApi.as_view(), name="api-programmes-assessment-publish"),
    path("<int:pk>/scheme/", apis.SchemeApi.as_view(), name="api-programmes-assessment-scheme"),
    path("<int:pk>/corrections/", apis.CorrectionsApi.as_view(), name="api-programmes-assessment-corrections"),
    path("<int:pk>/sheets/<int:participant>/", apis.SheetApi.as_view(), name="api-programmes-assessment-sheet"),
    path(
        "corrections/<int:pk>/decide/",
        apis.DecideApi.as_view(),
        name="api-programmes-assessment-correction-decide",
    ),
]

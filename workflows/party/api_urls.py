from django.urls import path

from workflows.party import apis
from workflows.party.bundle.apis import BundleApi

urlpatterns = [
    path("party/cases/", apis.CaseListApi.as_view(), name="api-party-case-list"),
    path("party/cases/<int:pk>/", apis.CaseDetailApi.as_view(), name="api-party-case-detail"),
    path("party/cases/<int:pk>/actions/<str:action>/", apis.CaseActionApi.as_view(), name="api-party-case-action"),
    path("party/cases/<int:pk>/history/", apis.CaseHistoryApi.as_view(), name="api-party-case-history"),
    path(
        "party/cases/<int:pk>/political-review/", apis.PoliticalReviewApi.as_view(), name="api-party-political-review"
    ),
    path("party/cases/<int:pk>/bundle/", BundleApi.as_view(), name="api-party-bundle"),
]

from django.urls import path

from workflows.evaluation import apis

urlpatterns = [
    path("cases/", apis.CaseListApi.as_view(), name="api-evaluation-case-list"),
    path("cases/<int:pk>/", apis.CaseDetailApi.as_view(), name="api-evaluation-case-detail"),
    path("cases/<int:pk>/actions/<str:action>/", apis.CaseActionApi.as_view(), name="api-evaluation-case-action"),
    path("cases/<int:pk>/history/", apis.CaseHistoryApi.as_view(), name="api-evaluation-case-history"),
    path("cases/<int:pk>/results/", apis.CaseResultsApi.as_view(), name="api-evaluation-case-results"),
    path("cases/<int:pk>/results.xlsx", apis.CaseResultsXlsxApi.as_view(), name="api-evaluation-case-results-xlsx"),
    path("schemes/", apis.SchemeListApi.as_view(), name="api-evaluation-schemes"),
    path("indicator-sets/", apis.IndicatorSetListApi.as_view(), name="api-evaluation-indicator-sets"),
]

from django.urls import path

from workflows.evaluation import apis

urlpatterns = [
    path("schemes/", apis.SchemeListApi.as_view(), name="api-evaluation-schemes"),
    path("indicator-sets/", apis.IndicatorSetListApi.as_view(), name="api-evaluation-indicator-sets"),
]

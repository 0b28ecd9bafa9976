from django.urls import path

from programmes.baseline import apis

urlpatterns = [
    path(
        "people/<int:pk>/distinctions/", apis.DistinctionListApi.as_view(), name="api-programmes-baseline-distinctions"
    ),
    path("distinctions/<int:pk>/withdraw/", apis.WithdrawApi.as_view(), name="api-programmes-baseline-withdraw"),
    path("organisations/<int:pk>/figures/", apis.FiguresApi.as_view(), name="api-programmes-baseline-figures"),
    path("schools/<int:pk>/targets/", apis.TargetsApi.as_view(), name="api-programmes-baseline-targets"),
]

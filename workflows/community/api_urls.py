from django.urls import path

from workflows.community import apis

urlpatterns = []
for prefix, name, views in (
    (
        "projects",
        "project",
        (apis.ApplicationListApi, apis.ApplicationDetailApi, apis.ApplicationActionApi, apis.ApplicationHistoryApi),
    ),
    (
        "features",
        "feature",
        (apis.FeatureListApi, apis.FeatureDetailApi, apis.FeatureActionApi, apis.FeatureHistoryApi),
    ),
):
    listing, detail, act, history = views
    urlpatterns += [
        path(f"{prefix}/", listing.as_view(), name=f"api-community-{name}-list"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"api-community-{name}-detail"),
        path(f"{prefix}/<int:pk>/actions/<str:action>/", act.as_view(), name=f"api-community-{name}-action"),
        path(f"{prefix}/<int:pk>/history/", history.as_view(), name=f"api-community-{name}-history"),
    ]

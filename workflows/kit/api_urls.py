"""The generic API's routes: for each registered process's collections, /api/v1/<prefix>/ (list, create),
<id>/, <id>/actions/<action>/ and <id>/history/, named api-<name>-list|detail|action|history; and each process's
endpoints of its own (Api.extra under a case, Api.endpoints about none)."""

from django.urls import path

from workflows.kit.apis import collection_views
from workflows.kit.registry import PROCESS_TYPES

urlpatterns = []
for kind in PROCESS_TYPES.values():
    if kind.api is None:
        continue
    for collection in kind.api.collections:
        views = collection_views(kind, collection)
        name, prefix = collection.name, collection.prefix
        urlpatterns += [
            path(f"{prefix}/", views["list"].as_view(), name=f"api-{name}-list"),
            path(f"{prefix}/<int:pk>/", views["detail"].as_view(), name=f"api-{name}-detail"),
            path(f"{prefix}/<int:pk>/actions/<str:action>/", views["action"].as_view(), name=f"api-{name}-action"),
            path(f"{prefix}/<int:pk>/history/", views["history"].as_view(), name=f"api-{name}-history"),
        ]
        for route, view, url_name in kind.api.extra:
            urlpatterns.append(path(f"{prefix}/<int:pk>/{route}", view.as_view(), name=url_name))
    for route, view, url_name in kind.api.endpoints:
        urlpatterns.append(path(route, view.as_view(), name=url_name))

"""The generic pages' routes: for each registered process with pages, under its prefix, ``<id>/`` (the case page)
and ``<id>/act/<action>/`` (a step page), ``""`` (the list) and ``new/`` (a new case) when the process names them,
and the process's own pages (Pages.more); each under the name the process gives it (workflows.kit.registry.Pages)."""

from django.urls import path

from workflows.kit import print_views, views
from workflows.kit.registry import PROCESS_TYPES

urlpatterns = [*print_views.urlpatterns]  # the 审批单 of every process's cases and steps
for kind in PROCESS_TYPES.values():
    if kind.pages is None:
        continue
    pages, process = kind.pages, {"process": kind.code}
    if pages.list_name:
        urlpatterns.append(path(f"{pages.prefix}/", views.list_page, process, name=pages.list_name))
    if pages.start_name:
        start_view = pages.start_view or views.start_page
        urlpatterns.append(path(f"{pages.prefix}/new/", start_view, process, name=pages.start_name))
    urlpatterns += [
        path(f"{pages.prefix}/<int:pk>/", views.case_page, process, name=pages.case_name),
        path(
            f"{pages.prefix}/<int:pk>/act/<str:action>/",
            pages.step_view or views.step_page,
            process,
            name=pages.step_name,
        ),
        *(path(f"{pages.prefix}/{route}", view, name=name) for route, view, name in pages.more),
    ]

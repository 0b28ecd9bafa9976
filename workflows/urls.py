from django.urls import path

from workflows import task_views, views

urlpatterns = [
    path("", views.my_tasks, name="my-tasks"),
    path("bulk-claim/", views.bulk_claim, name="tasks-bulk-claim"),
    path("bulk-approve/", views.bulk_approve, name="tasks-bulk-approve"),
    path("filters/", views.save_filter, name="tasks-save-filter"),
    path("filters/all/", views.saved_filter_list, name="tasks-saved-filters"),
    path("filters/<int:pk>/delete/", views.delete_filter, name="tasks-delete-filter"),
    path("delegation/", task_views.delegation_page, name="tasks-delegation"),
    path("delegation/end/", task_views.delegation_end, name="tasks-delegation-end"),
    path("<int:pk>/", task_views.task_page, name="task-page"),
    path("<int:pk>/<str:action>/", task_views.task_action, name="task-action"),
    path("cases/<str:process>/<int:pk>/<str:action>/", views.case_action, name="case-page-action"),
]

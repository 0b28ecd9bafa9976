from django.urls import path

from workflows import apis

urlpatterns = [
    path("tasks/", apis.TaskListApi.as_view(), name="api-tasks"),
    path("tasks/bulk/", apis.TaskBulkApi.as_view(), name="api-tasks-bulk"),
    path("tasks/<int:pk>/<str:action>/", apis.TaskActionApi.as_view(), name="api-task-action"),
    path("cases/<str:process>/<int:pk>/<str:action>/", apis.CaseActionApi.as_view(), name="api-case-action"),
    path("inbox/filters/", apis.SavedFilterApi.as_view(), name="api-inbox-filters"),
    path("inbox/filters/<int:pk>/", apis.SavedFilterDetailApi.as_view(), name="api-inbox-filter"),
    path("me/delegation/", apis.DelegationApi.as_view(), name="api-me-delegation"),
]

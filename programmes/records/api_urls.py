from django.urls import path

from programmes.records import apis

urlpatterns = [
    path("", apis.RecordListApi.as_view(), name="api-programmes-records-list"),
    path("<int:pk>/", apis.RecordApi.as_view(), name="api-programmes-records-detail"),
    path("<int:pk>/confirm/", apis.ConfirmApi.as_view(), name="api-programmes-records-confirm"),
    path("<int:pk>/return/", apis.ReturnApi.as_view(), name="api-programmes-records-return"),
    path("progress/<int:pk>/", apis.ProgressApi.as_view(), name="api-programmes-records-progress"),
]

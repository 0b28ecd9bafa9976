from django.urls import path

from notifications import apis

urlpatterns = [
    path("notifications/", apis.NotificationListApi.as_view(), name="api-notifications"),
    path("notifications/counts/", apis.CountsApi.as_view(), name="api-notification-counts"),
    path("notifications/read/", apis.ReadApi.as_view(), name="api-notifications-read"),
    path("notifications/preferences/", apis.PreferenceApi.as_view(), name="api-notification-preferences"),
]

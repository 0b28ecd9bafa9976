"""The programmes core's API, mounted at /api/v1/programmes/ (programmes/api_urls.py)."""

from django.urls import path

from programmes import apis

urlpatterns = [
    path("plans/", apis.ProgrammeListApi.as_view(), name="api-programmes-programme-list"),
    path("plans/<int:pk>/", apis.ProgrammeApi.as_view(), name="api-programmes-programme-detail"),
    path("plans/<int:pk>/adopt/", apis.AdoptApi.as_view(), name="api-programmes-programme-adopt"),
    path("plans/<int:pk>/stages/", apis.StageListApi.as_view(), name="api-programmes-programme-stages"),
    path("plans/<int:pk>/stages/<int:stage>/", apis.StageApi.as_view(), name="api-programmes-programme-stage"),
    path("plans/<int:pk>/terms/<int:number>/", apis.TermApi.as_view(), name="api-programmes-programme-term"),
    path("plans/<int:pk>/quotas/", apis.QuotaListApi.as_view(), name="api-programmes-programme-quotas"),
    path("plans/<int:pk>/quotas/<int:quota>/", apis.QuotaApi.as_view(), name="api-programmes-programme-quota"),
    path(
        "plans/<int:pk>/participants/",
        apis.ParticipantListApi.as_view(),
        name="api-programmes-programme-participants",
    ),
    path("participants/<int:pk>/", apis.ParticipantApi.as_view(), name="api-programmes-programme-participant"),
    path(
        "participants/<int:pk>/remove/",
        apis.ParticipantRemoveApi.as_view(),
        name="api-programmes-programme-participant-remove",
    ),
    path(
        "participants/<int:pk>/invitations/",
        apis.InvitationListApi.as_view(),
        name="api-programmes-programme-invitations",
    ),
    path(
        "invitations/<int:pk>/attendance/",
        apis.AttendanceApi.as_view(),
        name="api-programmes-programme-attendance",
    ),
]

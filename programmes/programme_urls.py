"""The programme pages, mounted at /programmes/ (programmes/urls.py)."""

from django.urls import path

from programmes import views

urlpatterns = [
    path("plans/", views.programme_list, name="programmes-programme-list"),
    path("plans/new/", views.programme_new, name="programmes-programme-new"),
    path("plans/<int:pk>/", views.programme_detail, name="programmes-programme-detail"),
    path("plans/<int:pk>/edit/", views.programme_edit, name="programmes-programme-edit"),
    path("plans/<int:pk>/stages/", views.programme_stages, name="programmes-programme-stages"),
    path("plans/<int:pk>/stages/<int:stage>/", views.programme_stage, name="programmes-programme-stage"),
    path(
        "plans/<int:pk>/stages/<int:stage>/remove/",
        views.programme_stage_remove,
        name="programmes-programme-stage-remove",
    ),
    path("plans/<int:pk>/terms/", views.programme_terms, name="programmes-programme-terms"),
    path("plans/<int:pk>/quotas/", views.programme_quotas, name="programmes-programme-quotas"),
    path(
        "plans/<int:pk>/quotas/<int:quota>/remove/",
        views.programme_quota_remove,
        name="programmes-programme-quota-remove",
    ),
    path("plans/<int:pk>/adopt/", views.programme_adopt, name="programmes-programme-adopt"),
    path("plans/<int:pk>/participants/new/", views.participant_new, name="programmes-programme-participant-new"),
    path("plans/<int:pk>/export/", views.programme_export, name="programmes-programme-export"),
    path("participants/<int:pk>/", views.participant_page, name="programmes-programme-participant"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="programmes-programme-participant-remove"),
    path("participants/<int:pk>/invite/", views.participant_invite, name="programmes-programme-invite"),
    path("invitations/<int:pk>/attendance/", views.invitation_attendance, name="programmes-programme-attendance"),
]

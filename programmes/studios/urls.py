from django.urls import path

from programmes.studios import views

urlpatterns = [
    path("", views.studio_list, name="programmes-studios-list"),
    path("new/", views.studio_new, name="programmes-studios-new"),
    path("pools/<int:pk>/", views.pools_page, name="programmes-studios-pools"),
    path("pools/entries/<int:pk>/remove/", views.pool_remove, name="programmes-studios-pool-remove"),
    path("<int:pk>/", views.studio_page, name="programmes-studios-studio"),
    path("<int:pk>/people/", views.people_page, name="programmes-studios-people"),
    path("people/<int:pk>/leave/", views.person_leave, name="programmes-studios-person-leave"),
    path("<int:pk>/agreements/new/", views.agreement_new, name="programmes-studios-agreement-new"),
    path("agreements/<int:pk>/", views.agreement_page, name="programmes-studios-agreement"),
    path(
        "agreements/<int:pk>/acknowledge/",
        views.agreement_acknowledge,
        name="programmes-studios-agreement-acknowledge",
    ),
    path("<int:pk>/plans/new/", views.plan_new, name="programmes-studios-plan-new"),
    path("plans/<int:pk>/", views.plan_page, name="programmes-studios-plan"),
    path("plans/items/<int:pk>/remove/", views.plan_item_remove, name="programmes-studios-plan-item-remove"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="programmes-studios-plan-publish"),
    path("plans/<int:pk>/amend/", views.plan_amend, name="programmes-studios-plan-amend"),
    path("<int:pk>/activities/new/", views.activity_new, name="programmes-studios-activity-new"),
    path("activities/<int:pk>/", views.activity_page, name="programmes-studios-activity"),
    path("<int:pk>/reports/new/", views.report_new, name="programmes-studios-report-new"),
    path("<int:pk>/evaluations/new/", views.evaluation_new, name="programmes-studios-evaluation-new"),
    path("evaluations/<int:pk>/confirm/", views.evaluation_confirm, name="programmes-studios-evaluation-confirm"),
    path("<int:pk>/files/new/", views.file_new, name="programmes-studios-file-new"),
    path("<int:pk>/files/<int:attachment>/", views.file_download, name="programmes-studios-file"),
    path("<int:pk>/bundle/", views.bundle_download, name="programmes-studios-bundle"),
]

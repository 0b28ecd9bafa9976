from django.urls import path

from programmes.studios import apis

P = "api-programmes-studios-"

urlpatterns = [
    path("", apis.StudioListApi.as_view(), name=P + "list"),
    path("pools/", apis.PoolsApi.as_view(), name=P + "pools"),
    path("pools/<int:pk>/remove/", apis.PoolRemoveApi.as_view(), name=P + "pool-remove"),
    path("<int:pk>/", apis.StudioApi.as_view(), name=P + "studio"),
    path("<int:pk>/people/", apis.PeopleApi.as_view(), name=P + "people"),
    path("people/<int:pk>/leave/", apis.PersonLeaveApi.as_view(), name=P + "person-leave"),
    path("<int:pk>/agreements/", apis.AgreementsApi.as_view(), name=P + "agreements"),
    path("agreements/<int:pk>/", apis.AgreementApi.as_view(), name=P + "agreement"),
    path("agreements/<int:pk>/acknowledge/", apis.AcknowledgeApi.as_view(), name=P + "agreement-acknowledge"),
    path("<int:pk>/plans/", apis.PlansApi.as_view(), name=P + "plans"),
    path("plans/<int:pk>/", apis.PlanApi.as_view(), name=P + "plan"),
    path("plans/<int:pk>/items/", apis.PlanItemsApi.as_view(), name=P + "plan-items"),
    path("plans/<int:pk>/publish/", apis.PlanPublishApi.as_view(), name=P + "plan-publish"),
    path("plans/<int:pk>/amend/", apis.PlanAmendApi.as_view(), name=P + "plan-amend"),
    path("<int:pk>/activities/", apis.ActivitiesApi.as_view(), name=P + "activities"),
    path("<int:pk>/reports/", apis.ReportsApi.as_view(), name=P + "reports"),
    path("<int:pk>/evaluations/", apis.EvaluationsApi.as_view(), name=P + "evaluations"),
    path("evaluations/<int:pk>/confirm/", apis.EvaluationConfirmApi.as_view(), name=P + "evaluation-confirm"),
    path("<int:pk>/files/", apis.FilesApi.as_view(), name=P + "files"),
    path("<int:pk>/bundle/", apis.BundleApi.as_view(), name=P + "bundle"),
]

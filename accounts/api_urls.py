from django.urls import path

from accounts import apis, people_apis

urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="api-auth-token"),
    path("auth/sign-out/", apis.SignOutApi.as_view(), name="api-auth-sign-out"),
    path("auth/tokens/", apis.TokenListApi.as_view(), name="api-auth-tokens"),
    path("auth/tokens/<int:pk>/revoke/", apis.TokenRevokeApi.as_view(), name="api-auth-token-revoke"),
    path("me/", apis.MeApi.as_view(), name="api-me"),
    path("organisations/", apis.OrganisationListApi.as_view(), name="api-organisation-list"),
    path("organisations/<int:pk>/", apis.OrganisationDetailApi.as_view(), name="api-organisation-detail"),
    path(
        "organisations/<int:pk>/memberships/",
        apis.OrganisationMembershipsApi.as_view(),
        name="api-organisation-memberships",
    ),
    path("memberships/<int:pk>/end/", apis.MembershipEndApi.as_view(), name="api-membership-end"),
    path("people/", people_apis.PeopleApi.as_view(), name="api-people"),
    path("people/activation/", people_apis.PeopleActivationApi.as_view(), name="api-people-activation"),
    path("people/<int:pk>/", people_apis.PersonApi.as_view(), name="api-person"),
    path("people/<int:pk>/deactivate/", people_apis.PersonDeactivateApi.as_view(), name="api-person-deactivate"),
    path("people/<int:pk>/reactivate/", people_apis.PersonReactivateApi.as_view(), name="api-person-reactivate"),
    path("people/<int:pk>/reset-access/", people_apis.PersonResetAccessApi.as_view(), name="api-person-reset-access"),
]

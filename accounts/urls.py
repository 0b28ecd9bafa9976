from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import activation_views, people_activation_views, people_views, views
from accounts.forms import LoginForm
from core.throttling import throttle_sign_in

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        throttle_sign_in(auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_page, name="token-revoke"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/members/", views.organisation_members, name="organisation-members"),
    path("organisations/<int:pk>/import/", views.roster_import, name="roster-import"),
    path("organisations/import-template.xlsx", views.roster_template, name="roster-template"),
    path("people/", people_views.people_list, name="people-list"),
    path("people/new/", people_views.person_create, name="person-create"),
    path("people/activation/", people_activation_views.people_activation, name="people-activation"),
    path("people/<int:pk>/", people_views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people_views.person_edit, name="person-edit"),
    path("people/<int:pk>/roles/new/", people_views.person_role_grant, name="person-role-grant"),
    path("people/<int:pk>/deactivate/", people_views.person_deactivate, name="person-deactivate"),
    path("people/<int:pk>/reactivate/", people_views.person_reactivate, name="person-reactivate"),
    path("people/<int:pk>/reset-access/", people_activation_views.person_reset_access, name="person-reset-access"),
    path("people/<int:pk>/identity/", people_views.person_identity, name="person-identity"),
    path("roles/<int:pk>/end/", people_views.membership_end_page, name="membership-end"),
    path("activate/", activation_views.activate_start, name="activate-start"),
    path("activate/<str:code>/", activation_views.activate, name="activate"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
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
]

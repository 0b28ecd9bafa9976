from django.urls import path

from workflows.community import views

urlpatterns = [
    path("", views.application_list, name="community-application-list"),
    path("new/", views.application_new, name="community-application-new"),
    path("<int:pk>/", views.application_detail, name="community-application"),
    path("<int:pk>/act/<str:action>/", views.application_action, name="community-application-action"),
]

from django.urls import path

from dashboards import views

urlpatterns = [
    path("", views.index, name="dashboards"),
    path("party/", views.party, name="dashboard-party"),
    path("bureau/", views.bureau, name="dashboard-bureau"),
]

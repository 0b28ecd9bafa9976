"""The programmes' dashboard, mounted at /programmes/dashboard/ (programmes/urls.py)."""

from django.urls import path

from programmes.dashboard import views

urlpatterns = [
    path("", views.page, name="programmes-dashboard"),
    path("rows/", views.rows, name="programmes-dashboard-rows"),
    path("export/", views.export_view, name="programmes-dashboard-export"),
]

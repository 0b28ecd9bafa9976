from django.urls import path

from exports import views

urlpatterns = [
    path("", views.job_list, name="export-list"),
    path("<int:pk>/", views.job_detail, name="export-job"),
    path("<int:pk>/status/", views.job_status, name="export-status"),
    path("<int:pk>/download/", views.download, name="export-download"),
    path("<slug:key>.xlsx", views.start, name="export-start"),
]

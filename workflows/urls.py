from django.urls import path

from workflows import views

urlpatterns = [path("", views.my_tasks, name="my-tasks")]

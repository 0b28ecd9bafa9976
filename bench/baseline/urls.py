from django.urls import path

from bench.baseline.views import CompleteApi

urlpatterns = [path("tasks/<int:pk>/complete/", CompleteApi.as_view(), name="bench-baseline-complete")]

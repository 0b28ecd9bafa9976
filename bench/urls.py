"""The production URLs plus the baseline's completion endpoint (bench.settings only)."""

from django.urls import include, path

from config.urls import handler403, handler404, urlpatterns

urlpatterns = [*urlpatterns, path("bench/baseline/", include("bench.baseline.urls"))]

__all__ = ["handler403", "handler404", "urlpatterns"]

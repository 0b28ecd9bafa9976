from django.urls import path

from programmes.assessment import views

urlpatterns = [
    path("", views.list_page, name="programmes-assessment-list"),
    path("<int:pk>/", views.assessment_page, name="programmes-assessment-detail"),
    path("<int:pk>/open/", views.open_view, name="programmes-assessment-open"),
    path("<int:pk>/publish/", views.publish_view, name="programmes-assessment-publish"),
    path("<int:pk>/scheme/", views.scheme_page, name="programmes-assessment-scheme"),
    path("<int:pk>/export.xlsx", views.export_view, name="programmes-assessment-export"),
    path("<int:pk>/corrections/", views.corrections_page, name="programmes-assessment-corrections"),
    path("<int:pk>/sheets/<int:participant>/", views.sheet_page, name="programmes-assessment-sheet"),
    path(
        "<int:pk>/sheets/<int:participant>/correction/",
        views.correction_request_view,
        name="programmes-assessment-correction-request",
    ),
    path("corrections/<int:pk>/decide/", views.correction_decide_view, name="programmes-assessment-correction-decide"),
]

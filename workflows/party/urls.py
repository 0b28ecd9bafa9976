from django.urls import path

from workflows.party import views
from workflows.party.bundle import views as bundle_views

urlpatterns = [
    path("", views.case_list, name="party-case-list"),
    path("new/", views.case_new, name="party-case-new"),
    path("<int:pk>/", views.case_detail, name="party-case"),
    path("<int:pk>/political-review/", views.political_review, name="party-political-review"),
    path("<int:pk>/act/<str:action>/", views.case_action, name="party-case-action"),
    path("<int:pk>/bundle.zip", bundle_views.bundle_zip, name="party-bundle-zip"),
    path("<int:pk>/bundle.pdf", bundle_views.bundle_pdf, name="party-bundle-pdf"),
]

from django.urls import path

from workflows.evaluation import views

urlpatterns = [
    path("", views.case_list, name="evaluation-list"),
    path("new/", views.case_new, name="evaluation-new"),
    path("<int:pk>/", views.case_detail, name="evaluation-case"),
    path("<int:pk>/act/<str:action>/", views.case_action, name="evaluation-case-action"),
    path("<int:pk>/results/", views.results, name="evaluation-results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="evaluation-results-xlsx"),
]

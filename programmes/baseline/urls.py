from django.urls import path

from programmes.baseline import views

urlpatterns = [
    path("", views.home, name="programmes-baseline-home"),
    path("schools/<int:pk>/", views.school_page, name="programmes-baseline-school"),
    path("schools/<int:pk>/targets/", views.targets_page, name="programmes-baseline-targets"),
    path("counties/<int:pk>/", views.county_page, name="programmes-baseline-county"),
    path("organisations/<int:pk>/teachers/", views.teachers_page, name="programmes-baseline-teachers"),
    path("organisations/<int:pk>/teachers.xlsx", views.teachers_export, name="programmes-baseline-teachers-export"),
    path("organisations/<int:pk>/figures.xlsx", views.figures_export, name="programmes-baseline-figures-export"),
    path("people/<int:pk>/", views.person_page, name="programmes-baseline-person"),
    path("distinctions/<int:pk>/withdraw/", views.withdraw, name="programmes-baseline-withdraw"),
    path("distinctions/<int:pk>/evidence/", views.evidence, name="programmes-baseline-evidence"),
    path("import/", views.import_page, name="programmes-baseline-import"),
    path("import/template.xlsx", views.import_template, name="programmes-baseline-import-template"),
]

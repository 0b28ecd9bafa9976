from django.urls import path, re_path

from audit import views

urlpatterns = [
    path("", views.console, name="audit-console"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", views.export, name="audit-export"),
    path("cases/<str:process>/<int:case_id>/", views.case_timeline, name="audit-case"),
    path("people/<int:pk>/", views.person_record, name="audit-person"),
    path("verify/", views.verify, name="audit-verify"),
    path("filters/", views.save_filter, name="audit-save-filter"),
]

from django.urls import path

from designer import views

urlpatterns = [
    path("", views.definition_list, name="designer-list"),
    path("<int:pk>/", views.edit, name="designer-edit"),
    path("<int:pk>/versions/", views.versions, name="designer-versions"),
    path("<int:pk>/settings/", views.settings_page, name="designer-settings"),
    path("<int:pk>/publish/", views.publish, name="designer-publish"),
    path("<int:pk>/close/", views.enable, {"enabled": False}, name="designer-disable"),
    path("<int:pk>/open/", views.enable, {"enabled": True}, name="designer-enable"),
    path("<int:pk>/export/", views.export, name="designer-export"),
]

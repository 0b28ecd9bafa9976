from django.urls import path

from programmes.records import views

urlpatterns = [
    path("", views.mine, name="programmes-records-mine"),
    path("new/", views.new, name="programmes-records-new"),
    path("inbox/", views.inbox, name="programmes-records-inbox"),
    path("<int:pk>/", views.detail, name="programmes-records-detail"),
    path("<int:pk>/confirm/", views.confirm, name="programmes-records-confirm"),
    path("<int:pk>/return/", views.return_record, name="programmes-records-return"),
    path("<int:pk>/correct/", views.correct, name="programmes-records-correct"),
    path("<int:pk>/evidence/<int:attachment>/", views.evidence, name="programmes-records-evidence"),
    path("programme/<int:pk>/", views.school, name="programmes-records-school"),
    path("programme/<int:pk>/export/", views.export, name="programmes-records-export"),
    path("programme/<int:pk>/group/<int:group>/", views.group, name="programmes-records-group"),
    path("pair/<int:pk>/", views.pair, name="programmes-records-pair"),
]

"""Pages of pairs, plans and pledges and responsibility letters, under /programmes/pairs/."""

from django.urls import path

from programmes.commitments import views

urlpatterns = [
    path("mine/", views.my_pairs, name="programmes-pairs-mine"),
    path("<int:programme>/", views.pair_list, name="programmes-pairs-list"),
    path("<int:programme>/public/", views.public_pledges, name="programmes-pairs-public"),
    path("<int:programme>/people/<int:person>/", views.person_pledges, name="programmes-pairs-pledges"),
    path("<int:programme>/letters/", views.letters, name="programmes-pairs-letters"),
    path("pair/<int:pk>/", views.pair_page, name="programmes-pairs-pair"),
    path("pair/<int:pk>/edit/", views.pair_edit, name="programmes-pairs-pair-edit"),
    path("pair/<int:pk>/acknowledge/", views.pair_acknowledge, name="programmes-pairs-pair-acknowledge"),
    path("pair/<int:pk>/end/", views.pair_end, name="programmes-pairs-pair-end"),
    path("pledge/<int:pk>/edit/", views.pledge_edit, name="programmes-pairs-pledge-edit"),
    path("pledge/<int:pk>/publish/", views.pledge_publish, name="programmes-pairs-pledge-publish"),
    path("pledge/<int:pk>/revise/", views.pledge_revise, name="programmes-pairs-pledge-revise"),
    path("pledge/<int:pk>/review/", views.pledge_review, name="programmes-pairs-pledge-review"),
    path("letter/<int:pk>/acknowledge/", views.letter_acknowledge, name="programmes-pairs-letter-acknowledge"),
]

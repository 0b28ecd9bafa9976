"""API of pairs, plans and pledges and responsibility letters, under /api/v1/programmes/pairs/."""

from django.urls import path

from programmes.commitments import apis

urlpatterns = [
    path("", apis.PairListApi.as_view(), name="api-programmes-pairs-pairs"),
    path("<int:pk>/", apis.PairApi.as_view(), name="api-programmes-pairs-pair"),
    path("<int:pk>/acknowledge/", apis.PairAcknowledgeApi.as_view(), name="api-programmes-pairs-pair-acknowledge"),
    path("<int:pk>/end/", apis.PairEndApi.as_view(), name="api-programmes-pairs-pair-end"),
    path("pledges/", apis.PledgeListApi.as_view(), name="api-programmes-pairs-pledges"),
    path("pledges/<int:pk>/", apis.PledgeApi.as_view(), name="api-programmes-pairs-pledge"),
    path("pledges/<int:pk>/<str:action>/", apis.PledgeActionApi.as_view(), name="api-programmes-pairs-pledge-action"),
    path("letters/", apis.LetterListApi.as_view(), name="api-programmes-pairs-letters"),
    path("letters/<int:pk>/", apis.LetterApi.as_view(), name="api-programmes-pairs-letter"),
    path(
        "letters/<int:pk>/acknowledge/",
        apis.LetterAcknowledgeApi.as_view(),
        name="api-programmes-pairs-letter-acknowledge",
    ),
]

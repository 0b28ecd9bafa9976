"""The vote pages, mounted at /programmes/reviews/ (programmes/urls.py)."""

from django.urls import path

from programmes.ballots import views
from programmes.ballots.models import PollKind

urlpatterns = [
    path("", views.poll_list, name="programmes-ballots-list"),
    path("new/review/", views.poll_new, {"kind": PollKind.REVIEW}, name="programmes-ballots-new-review"),
    path("new/election/", views.poll_new, {"kind": PollKind.ELECTION}, name="programmes-ballots-new-election"),
    path("<int:pk>/", views.poll_page, name="programmes-ballots-poll"),
    path("<int:pk>/ballot/", views.poll_cast, name="programmes-ballots-cast"),
    path("<int:pk>/nominees/", views.poll_nominees, name="programmes-ballots-nominees"),
    path("<int:pk>/open/", views.poll_step, {"step": "open"}, name="programmes-ballots-open"),
    path("<int:pk>/close/", views.poll_step, {"step": "close"}, name="programmes-ballots-close"),
    path("<int:pk>/publish/", views.poll_step, {"step": "publish"}, name="programmes-ballots-publish"),
    path("<int:pk>/results/", views.poll_results, name="programmes-ballots-results"),
    path("<int:pk>/verify/", views.poll_verify, name="programmes-ballots-verify"),
    path("stars/<int:pk>/", views.stars_page, name="programmes-ballots-stars"),
]

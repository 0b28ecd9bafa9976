"""The pages with arguments of programmes.ballots that tests/test_mobile.py opens on a phone."""

from django.urls import reverse

# POST-only actions: no page to open.
POST_ONLY = tuple(f"programmes-ballots-{name}" for name in ("cast", "nominees", "open", "close", "publish"))


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo)."""
    from accounts.models import Organisation
    from programmes.ballots.models import Poll, PollKind, PollStatus

    polls = Poll.objects.filter(organisation__code="YH-C1-S0-B1")
    voting = polls.filter(kind=PollKind.REVIEW, status=PollStatus.OPEN).first()  # the secretary's ballot form
    published = polls.filter(status=PollStatus.PUBLISHED).first()
    draft = polls.filter(kind=PollKind.ELECTION, status=PollStatus.DRAFT).first()  # the nominees form
    school = Organisation.objects.get(code="YH-C1-S0")
    return {
        "programmes-ballots-poll": [
            ("secretary", reverse("programmes-ballots-poll", args=[voting.pk])),
            ("secretary", reverse("programmes-ballots-poll", args=[draft.pk])),
            ("secretary", reverse("programmes-ballots-poll", args=[published.pk])),
        ],
        "programmes-ballots-results": [("secretary", reverse("programmes-ballots-results", args=[published.pk]))],
        "programmes-ballots-verify": [("auditor", reverse("programmes-ballots-verify", args=[published.pk]))],
        "programmes-ballots-stars": [("secretary", reverse("programmes-ballots-stars", args=[school.pk]))],
    } | dict.fromkeys(POST_ONLY, [])

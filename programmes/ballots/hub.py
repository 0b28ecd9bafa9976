"""What this part offers on the programmes hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open."""
    from core.dates import business_today
    from programmes.ballots import selectors
    from programmes.ballots.models import PollStatus, Voter

    if not user.is_authenticated:
        return []
    found = []
    waiting = Voter.objects.filter(person=user, voted_at__isnull=True, poll__status=PollStatus.OPEN)
    for voter in waiting.select_related("poll")[:5]:
        found.append(
            {
                "label": _("Vote: %(title)s") % {"title": voter.poll.title},
                "url": reverse("programmes-ballots-poll", args=[voter.poll_id]),
                "hint": _("Secret ballot, closes %(day)s") % {"day": voter.poll.closes.isoformat()},
            }
        )
    if selectors.organised_branches(user).exists() or selectors.polls_for(user).exists():
        found.append(
            {
                "label": _("Democratic reviews and selection votes"),
                "url": reverse("programmes-ballots-list"),
                "hint": _("民主评议党员, 评选表彰: turnout, counts and their verification"),
            }
        )
    for school in selectors.schools_of(user)[:3]:
        found.append(
            {
                "label": _("Three stars · %(school)s") % {"school": school.name},
                "url": reverse("programmes-ballots-stars", args=[school.pk]),
                "hint": _("Who holds 德育之星, 教学之星, 科学之星 this school year"),
            }
        )
    definition = selectors.may_start_stars(user, business_today())
    if definition is not None:
        found.append(
            {
                "label": _("Apply for a star"),
                "url": reverse("designed-new", args=[definition.pk]),
                "hint": definition.name,
            }
        )
    return found

"""The pages with arguments of programmes.commitments that tests/test_mobile.py opens on a phone."""


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo). POST-only
    actions are listed without addresses (nothing to open)."""
    from django.urls import reverse

    from programmes.commitments.models import Pledge, PledgeStatus
    from programmes.models import Pair

    pair = Pair.objects.filter(mentee__username="applicant").select_related("programme").first()
    if pair is None:
        return {}
    programme = pair.programme
    applicant = demo.users["applicant"]
    draft = Pledge.objects.filter(person=applicant, status=PledgeStatus.DRAFT).first()
    public = Pledge.objects.filter(programme=programme, status=PledgeStatus.PUBLISHED).first()
    found = {
        "programmes-pairs-list": [("secretary", reverse("programmes-pairs-list", args=[programme.pk]))],
        "programmes-pairs-public": [("schooldept", reverse("programmes-pairs-public", args=[programme.pk]))],
        "programmes-pairs-letters": [("groupleader", reverse("programmes-pairs-letters", args=[programme.pk]))],
        "programmes-pairs-pledges": [
            ("applicant", reverse("programmes-pairs-pledges", args=[programme.pk, applicant.pk])),
            ("secretary", reverse("programmes-pairs-pledges", args=[programme.pk, public.person_id])),
        ],
        "programmes-pairs-pair": [
            ("applicant", reverse("programmes-pairs-pair", args=[pair.pk])),
            ("groupleader", reverse("programmes-pairs-pair", args=[pair.pk])),
        ],
        "programmes-pairs-pair-edit": [],  # both have acknowledged the demo's pair with 陈思远: nothing to change
        "programmes-pairs-pair-end": [("secretary", reverse("programmes-pairs-pair-end", args=[pair.pk]))],
        "programmes-pairs-pledge-edit": [("applicant", reverse("programmes-pairs-pledge-edit", args=[draft.pk]))],
        "programmes-pairs-pledge-revise": [],  # the public ones are 周海涛's and 吴晓燕's, who are not among demo.users
        "programmes-pairs-pledge-review": [("secretary", reverse("programmes-pairs-pledge-review", args=[public.pk]))],
        "programmes-pairs-pair-acknowledge": [],  # POST-only actions
        "programmes-pairs-pledge-publish": [],
        "programmes-pairs-letter-acknowledge": [],
    }
    other = Pair.objects.filter(programme=programme, mentor_acknowledged_at__isnull=False, mentee_acknowledged_at=None)
    if other.exists():  # the trainer's pair: the mentee has not acknowledged; the organiser may still change it
        found["programmes-pairs-pair-edit"] = [("secretary", reverse("programmes-pairs-pair-edit", args=[other[0].pk]))]
    return found

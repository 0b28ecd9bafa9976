"""The pages with arguments of the programmes core that tests/test_mobile.py opens on a phone."""

from django.urls import reverse

# POST-only actions and the lists' Excel file: no page to open (an empty list tells test_mobile so).
NOT_PAGES = (
    "programmes-programme-stage-remove",
    "programmes-programme-quota-remove",
    "programmes-programme-participant-remove",
    "programmes-programme-attendance",
    "programmes-programme-export",
)


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo)."""
    from programmes.models import Direction, Programme, ProgrammeKind

    branch = Programme.objects.filter(organisation__code="YH-C1-S0-B1", kind=ProgrammeKind.DUAL)
    programme = branch.order_by("-school_year").first()  # the demo's (its school year is the demo day's)
    pk = programme.pk
    stage = programme.stages.order_by("order").first()
    listed = programme.participants.order_by("pk")
    candidate = listed.filter(direction=Direction.TO_MEMBER).first()

    def on(name, *args):
        return reverse(name, args=args)

    found = {
        "programmes-programme-detail": [
            ("secretary", on("programmes-programme-detail", pk)),
            ("groupleader", on("programmes-programme-detail", pk)),
        ],
        "programmes-programme-edit": [("secretary", on("programmes-programme-edit", pk))],
        "programmes-programme-stages": [("secretary", on("programmes-programme-stages", pk))],
        "programmes-programme-stage": [("secretary", on("programmes-programme-stage", pk, stage.pk))],
        "programmes-programme-terms": [("secretary", on("programmes-programme-terms", pk))],
        "programmes-programme-quotas": [("secretary", on("programmes-programme-quotas", pk))],
        "programmes-programme-adopt": [("secretary", on("programmes-programme-adopt", programme.adopted_from_id))],
        "programmes-programme-participant-new": [("secretary", on("programmes-programme-participant-new", pk))],
        "programmes-programme-participant": [("secretary", on("programmes-programme-participant", listed.first().pk))],
        "programmes-programme-invite": [("groupleader", on("programmes-programme-invite", candidate.pk))],
    }
    return found | dict.fromkeys(NOT_PAGES, [])

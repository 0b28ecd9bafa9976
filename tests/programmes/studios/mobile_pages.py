"""The pages with arguments of programmes.studios that tests/test_mobile.py opens on a phone."""


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo)."""
    from django.urls import reverse

    from programmes.studios.demo import NAME
    from programmes.studios.models import Studio

    studio = Studio.objects.filter(name=NAME).select_related("organisation").first()
    if studio is None:
        return {}
    plan = studio.plans.order_by("-version").first()
    agreement = studio.agreements.order_by("pk").first()
    activity = studio.activities.order_by("pk").first()
    pk = studio.pk
    # The lead (吴晓燕, introducer) manages the studio; the secretary organises the school's pools; the bureau's
    # leading group evaluates.
    lead = "introducer"
    return {
        "programmes-studios-studio": [
            (lead, reverse("programmes-studios-studio", args=[pk])),
            ("member", reverse("programmes-studios-studio", args=[pk])),
        ],
        "programmes-studios-people": [(lead, reverse("programmes-studios-people", args=[pk]))],
        "programmes-studios-pools": [("secretary", reverse("programmes-studios-pools", args=[studio.organisation_id]))],
        "programmes-studios-agreement-new": [(lead, reverse("programmes-studios-agreement-new", args=[pk]))],
        "programmes-studios-agreement": [("applicant", reverse("programmes-studios-agreement", args=[agreement.pk]))],
        "programmes-studios-plan-new": [(lead, reverse("programmes-studios-plan-new", args=[pk]))],
        "programmes-studios-plan": [(lead, reverse("programmes-studios-plan", args=[plan.pk]))],
        "programmes-studios-activity-new": [("applicant", reverse("programmes-studios-activity-new", args=[pk]))],
        "programmes-studios-activity": [(lead, reverse("programmes-studios-activity", args=[activity.pk]))],
        "programmes-studios-report-new": [(lead, reverse("programmes-studios-report-new", args=[pk]))],
        "programmes-studios-evaluation-new": [
            ("leadinggroup", reverse("programmes-studios-evaluation-new", args=[pk]))
        ],
        "programmes-studios-file-new": [(lead, reverse("programmes-studios-file-new", args=[pk]))],
    } | dict.fromkeys(NOT_PAGES, [])


# Routes with arguments that are not pages: POST-only actions and files (a stored file, the archive zip).
NOT_PAGES = (
    "programmes-studios-pool-remove",
    "programmes-studios-person-leave",
    "programmes-studios-agreement-acknowledge",
    "programmes-studios-plan-item-remove",
    "programmes-studios-plan-publish",
    "programmes-studios-plan-amend",
    "programmes-studios-evaluation-confirm",
    "programmes-studios-file",
    "programmes-studios-bundle",
)

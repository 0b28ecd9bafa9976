"""The pages with arguments of programmes.assessment that tests/test_mobile.py opens on a phone."""

from django.urls import reverse

# POST-only actions and the results' Excel file: no page to open (an empty list tells test_mobile so).
NOT_PAGES = (
    "programmes-assessment-open",
    "programmes-assessment-publish",
    "programmes-assessment-export",
    "programmes-assessment-correction-request",
    "programmes-assessment-correction-decide",
)


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo)."""
    from programmes.assessment.models import Assessment

    assessment = (
        Assessment.objects.filter(programme__organisation__code="YH-C1-S0-B1", programme__kind="DUAL")
        .select_related("programme")
        .order_by("-programme__school_year")
        .first()
    )
    if assessment is None:
        return dict.fromkeys(NOT_PAGES, [])
    pk = assessment.programme_id
    scored = assessment.sheets.order_by("pk").first()
    unscored = (
        assessment.programme.participants.filter(status="LISTED").exclude(assessment_sheets__isnull=False).first()
    )
    sheets = [("secretary", reverse("programmes-assessment-sheet", args=[pk, scored.participant_id]))] if scored else []
    if unscored is not None:
        sheets.append(("secretary", reverse("programmes-assessment-sheet", args=[pk, unscored.pk])))
    found = {
        "programmes-assessment-detail": [("secretary", reverse("programmes-assessment-detail", args=[pk]))],
        "programmes-assessment-scheme": [("secretary", reverse("programmes-assessment-scheme", args=[pk]))],
        "programmes-assessment-corrections": [("secretary", reverse("programmes-assessment-corrections", args=[pk]))],
        "programmes-assessment-sheet": sheets,
    }
    return found | dict.fromkeys(NOT_PAGES, [])

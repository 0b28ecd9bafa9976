"""The pages with arguments of programmes.baseline that tests/test_mobile.py opens on a phone."""

from django.urls import reverse

# Files and POST-only actions: no page to open.
NOT_PAGES = (
    "programmes-baseline-teachers-export",
    "programmes-baseline-figures-export",
    "programmes-baseline-withdraw",
    "programmes-baseline-evidence",
)


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo)."""
    from accounts.models import Organisation

    school = Organisation.objects.get(code="YH-C1-S0")
    bureau = Organisation.objects.get(code="YH-EDU")
    target = demo.users["applicant"]  # 陈思远: 县级教学能手 and 校级优秀班主任, a 重点发展对象
    return {
        "programmes-baseline-school": [("secretary", reverse("programmes-baseline-school", args=[school.pk]))],
        "programmes-baseline-targets": [("secretary", reverse("programmes-baseline-targets", args=[school.pk]))],
        "programmes-baseline-teachers": [
            ("secretary", reverse("programmes-baseline-teachers", args=[school.pk]) + "?figure=advanced"),
            ("bureau", reverse("programmes-baseline-teachers", args=[bureau.pk])),
        ],
        "programmes-baseline-county": [("bureau", reverse("programmes-baseline-county", args=[bureau.pk]))],
        "programmes-baseline-person": [
            ("secretary", reverse("programmes-baseline-person", args=[target.pk])),  # with the record form
            ("applicant", reverse("programmes-baseline-person", args=[target.pk])),  # their own, read only
        ],
    } | dict.fromkeys(NOT_PAGES, [])

"""The pages with arguments of programmes.records that tests/test_mobile.py opens on a phone."""

from django.db.models import Q
from django.urls import reverse


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """route name -> [(demo username, url)] for each route with arguments (demo: test_mobile's Demo)."""
    from accounts.models import Organisation
    from programmes.models import Pair, Programme
    from programmes.records.models import ActivityRecord, RecordStatus

    programme = Programme.objects.filter(organisation__code="YH-C1-S0-B1", kind="DUAL").order_by("-school_year").first()
    if programme is None:
        return {}
    records = ActivityRecord.objects.filter(programme=programme, person__username="applicant")
    returned = records.filter(status=RecordStatus.RETURNED).first()
    waiting = ActivityRecord.objects.filter(programme=programme, status=RecordStatus.SUBMITTED).first()
    group = Organisation.objects.filter(code="YH-C1-S0-B1-G1").first()
    pair = (
        Pair.objects.filter(programme=programme)
        .filter(Q(mentor__username="applicant") | Q(mentee__username="applicant"))
        .first()
        or Pair.objects.filter(programme=programme).first()
    )
    found: dict[str, list[tuple[str, str]]] = {
        "programmes-records-school": [("secretary", reverse("programmes-records-school", args=[programme.pk]))],
        "programmes-records-detail": [],
        "programmes-records-correct": [],
        "programmes-records-group": [],
        "programmes-records-pair": [],
    }
    if waiting is not None:
        found["programmes-records-detail"].append(
            ("groupleader", reverse("programmes-records-detail", args=[waiting.pk]))
        )
    if returned is not None:
        found["programmes-records-detail"].append(
            ("applicant", reverse("programmes-records-detail", args=[returned.pk]))
        )
        found["programmes-records-correct"].append(
            ("applicant", reverse("programmes-records-correct", args=[returned.pk]))
        )
    if group is not None:
        url = reverse("programmes-records-group", args=[programme.pk, group.pk])
        found["programmes-records-group"].append(("groupleader", url))
    if pair is not None:
        found["programmes-records-pair"].append(("secretary", reverse("programmes-records-pair", args=[pair.pk])))
    # POST-only actions and files: no page to open.
    not_pages = ("programmes-records-confirm", "programmes-records-return", "programmes-records-export")
    return found | dict.fromkeys((*not_pages, "programmes-records-evidence"), [])

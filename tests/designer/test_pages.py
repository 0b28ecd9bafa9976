"""The designed processes' pages, in Chinese: a process administrator creates and publishes a definition; a teacher
starts a case from its form; the approver decides on the step page; the case page shows the form and the diagram."""

import re

from django.urls import reverse

from designer import services
from designer.models import DesignedCase, Stage
from tests.clients import page
from tests.designer.world import approval, document, people, published


def _text(response) -> str:
    return re.sub(r"<[^>]+>", " ", response.content.decode())


def test_designer_creates_and_publishes_from_the_pages(w):
    client = page(w.designer)
    response = client.post(
        reverse("designer-list"),
        {
            "new-name": "外出培训申请",
            "new-code": "training",
            "new-category": "人事",
            "new-icon": "training",
            "new-owner": w.bureau.pk,
            "new-shared": "on",
        },
    )
    definition = services.Definition.objects.get(code="training")
    assert response.status_code == 302 and response["Location"] == reverse("designer-edit", args=[definition.pk])
    assert client.get(reverse("designer-edit", args=[definition.pk])).status_code == 200
    services.draft_save(actor=w.designer, definition=definition, document=document(approval("p", people(w.principal))))
    assert client.post(reverse("designer-publish", args=[definition.pk])).status_code == 302
    versions = client.get(reverse("designer-versions", args=[definition.pk]))
    assert "版本 1" in _text(versions) or "第 1 版" in _text(versions) or "1" in _text(versions)
    listed = client.get(reverse("designer-list"))
    assert "外出培训申请" in _text(listed)


def test_a_teacher_starts_and_the_principal_approves_on_the_pages(w):
    definition = published(w, document(approval("p", people(w.principal), name="校长审批")))
    teacher = page(w.teacher)
    chooser = teacher.get(reverse("designed-start"))
    assert "外出培训申请" in _text(chooser)
    form = teacher.get(reverse("designed-new", args=[definition.pk]))
    assert form.status_code == 200 and "事由" in _text(form)
    refused = teacher.post(reverse("designed-new", args=[definition.pk]), {"reason": "", "days": "2"})
    assert refused.status_code == 422 and not DesignedCase.objects.exists()
    started = teacher.post(reverse("designed-new", args=[definition.pk]), {"reason": "参加培训", "days": "2"})
    case = DesignedCase.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("designed-case", args=[case.pk])
    principal = page(w.principal)
    shown = principal.get(reverse("designed-case", args=[case.pk]))
    text = _text(shown)
    assert "参加培训" in text and "校长审批" in text and "approve" not in text
    step = principal.get(reverse("designed-case-action", args=[case.pk, "approve"]))
    assert step.status_code == 200
    done = principal.post(reverse("designed-case-action", args=[case.pk, "approve"]), {"comment": "同意"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.APPROVED


def test_who_may_not(w):
    definition = published(w, document(approval("p", people(w.principal))))
    assert page(w.outsider).get(reverse("designed-new", args=[definition.pk])).status_code == 404
    assert page(w.teacher).get(reverse("designer-edit", args=[definition.pk])).status_code == 403
    assert page(w.outsider).get(reverse("designer-edit", args=[definition.pk])).status_code == 404
    assert page(w.teacher).get(reverse("designer-list")).status_code == 403


def test_the_settings_page_narrows_who_may_start(w):
    from core.dates import business_today
    from designer.selectors import start_places

    definition = published(w, document(approval("p", people(w.principal))))
    client = page(w.designer)
    assert client.get(reverse("designer-settings", args=[definition.pk])).status_code == 200
    outside = client.post(
        reverse("designer-settings", args=[definition.pk]),
        {"name": "外出培训申请", "icon": "training", "shared": "on", "roles": ["MEMBER_SCHOOL"], "scope": w.other.pk},
    )
    assert outside.status_code == 422
    saved = client.post(
        reverse("designer-settings", args=[definition.pk]),
        {"name": "外出培训申请", "icon": "training", "shared": "on", "roles": ["MEMBER_SCHOOL"], "scope": w.school.pk},
    )
    assert saved.status_code == 302
    definition.refresh_from_db()
    assert definition.starters == [{"role": "MEMBER_SCHOOL", "organisation": w.school.pk}]
    assert start_places(w.principal, definition, business_today()) and not start_places(
        w.teacher, definition, business_today()
    )

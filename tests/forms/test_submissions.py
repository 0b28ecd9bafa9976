import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import ApplicationError
from forms.models import Submission
from forms.selectors import definition_current
from forms.services import attachment_create, definition_publish, submission_create, submission_revise
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FIELDS = [
    {"name": "title", "label": "项目名称", "type": "text", "required": True},
    {"name": "budget", "label": "预算", "type": "decimal", "min": 0},
    {"name": "start", "label": "开始日期", "type": "date", "required": True},
]


def test_publishing_again_makes_a_new_version_and_keeps_the_old_one():
    first = definition_publish(code="help_project", title="帮扶项目申报表", fields=FIELDS)
    second = definition_publish(code="help_project", title="帮扶项目申报表", fields=FIELDS[:2])
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert len(first.fields) == 3


def test_a_submission_keeps_the_version_it_was_filled_against():
    definition = definition_publish(code="f", title="t", fields=FIELDS)
    submission = submission_create(
        definition=definition, data={"title": "x", "budget": "12.50", "start": "2026-09-01"}, submitted_by=UserFactory()
    )
    definition_publish(code="f", title="t", fields=FIELDS)
    submission.refresh_from_db()
    assert submission.definition.version == 1
    assert submission.data == {"title": "x", "budget": "12.50", "start": "2026-09-01"}


def test_invalid_data_is_refused_with_field_errors_and_nothing_is_stored():
    definition = definition_publish(code="f", title="t", fields=FIELDS)
    with pytest.raises(ApplicationError) as caught:
        submission_create(definition=definition, data={"budget": "-1"}, submitted_by=UserFactory())
    assert caught.value.code == "invalid"
    assert set(caught.value.fields) == {"title", "budget", "start"}
    assert not Submission.objects.exists()


def test_an_edit_is_a_new_submission_and_a_second_edit_of_the_same_one_is_a_conflict():
    definition = definition_publish(code="f", title="t", fields=FIELDS)
    user = UserFactory()
    original = submission_create(definition=definition, data={"title": "a", "start": "2026-09-01"}, submitted_by=user)
    edited = submission_create(
        definition=definition, data={"title": "b", "start": "2026-09-01"}, submitted_by=user, supersedes=original
    )
    original.refresh_from_db()
    assert original.data["title"] == "a" and edited.supersedes == original
    with pytest.raises(ApplicationError) as caught:
        submission_create(
            definition=definition, data={"title": "c", "start": "2026-09-01"}, submitted_by=user, supersedes=original
        )
    assert caught.value.code == "submission_superseded" and caught.value.status_code == 409


def test_bad_definitions_are_refused():
    with pytest.raises(ApplicationError):
        definition_publish(code="f", title="t", fields=[{"name": "a", "type": "text"}, {"name": "a", "type": "text"}])
    with pytest.raises(ApplicationError):
        definition_publish(code="f", title="t", fields=[{"name": "a", "type": "colour"}])


def pdf(user, name: str):
    upload = SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")
    return attachment_create(uploaded_by=user, upload=upload)


def test_a_revision_supersedes_the_last_against_the_newest_version_and_says_what_changed():
    definition_publish(code="f", title="t", fields=FIELDS)
    user, data = UserFactory(), {"title": "a", "start": "2026-09-01"}
    first, changes = submission_revise(code="f", data=data, submitted_by=user, attachments=[pdf(user, "plan.pdf")])
    assert changes == {} and first.supersedes is None
    newest = definition_publish(code="f", title="t", fields=FIELDS)
    second, changes = submission_revise(code="f", data={**data, "title": "b"}, submitted_by=user, previous=first)
    assert second.definition == newest and second.supersedes == first
    assert changes == {"title": ["a", "b"]}  # no file sent: the last one's is kept
    assert [file.original_name for file in second.attachments.all()] == ["plan.pdf"]
    other = pdf(user, "plan2.pdf")
    third, changes = submission_revise(
        code="f", data={**data, "title": "b"}, submitted_by=user, previous=second, attachments=[other], files_key="plan"
    )
    assert changes == {"plan": ["plan.pdf", "plan2.pdf"]}


def test_a_form_never_published_has_no_current_version():
    with pytest.raises(ApplicationError) as caught:
        definition_current("never_published")
    assert caught.value.code == "form_missing"

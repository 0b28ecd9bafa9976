"""Workflow events become notifications for the right people (issue 6): a new step, a hand-over, a return,
a decision, a copy, a mention, a reminder."""

import pytest

from notifications.models import Kind, Notification
from tests.workflows.community.factories import draft, run_action, submitted
from workflows.community.models import Kind as AppKind
from workflows.services import case_cc, case_remind, comment_add

pytestmark = pytest.mark.django_db


def got(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("title", flat=True))


def test_the_bureau_reviewers_are_told_of_a_submission_and_the_school_of_the_return(yuhuan):
    o = yuhuan
    application = submitted(o, o.fusion_member, AppKind.HELP_PROJECT)
    assert got(o.basic_edu, Kind.TASK_NEW) and got(o.basic_edu2, Kind.TASK_NEW)
    assert not got(o.leading, Kind.TASK_NEW) and not got(o.teacher, Kind.TASK_NEW)
    assert len(got(o.member_lead, Kind.TASK_NEW)) == 1  # the agreement step, once
    run_action(case_id=application.pk, code="return", actor=o.basic_edu, payload={"reason": "请补充目标"})
    returned = Notification.objects.get(recipient=o.core_lead, kind=Kind.RETURNED)
    assert returned.body == "请补充目标" and returned.url == f"/community/{application.pk}/"
    assert not got(o.basic_edu, Kind.RETURNED)  # not the one who returned it
    drafts = [title for title in got(o.core_lead, Kind.TASK_NEW) if title.endswith("填写申报")]
    assert len(drafts) == 1  # the draft step again (not the first one: they opened it themselves)


def test_copies_mentions_and_reminders(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, AppKind.FEATURE)
    process = application.process_ptr
    case_cc(process=process, actor=o.member_lead, users=[o.teacher])
    assert got(o.teacher, Kind.CC)
    comment_add(process=process, author=o.member_lead, body="@宋老师 请看一下；@外县校长 看不到")
    assert got(o.teacher, Kind.MENTION) and not got(o.outsider, Kind.MENTION)
    case_remind(process=process, actor=o.member_lead)
    assert not got(o.member_lead, Kind.REMINDER)  # the draft step is their own: nobody is told of their own action

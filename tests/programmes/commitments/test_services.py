"""The rules of pairs, plans and pledges and responsibility letters: each refusal has its stable code and writes
nothing; each change is audited."""

import datetime

import pytest

from audit.models import AuditEvent
from core.dates import business_today
from core.exceptions import ApplicationError
from notifications.models import Notification
from programmes.commitments import services
from programmes.commitments.models import Outcome, Pledge, PledgeKind, PledgeStatus, ResponsibilityLetter
from programmes.models import Pair

pytestmark = pytest.mark.django_db


def state():
    return (
        Pair.objects.count(),
        list(Pair.objects.order_by("pk").values_list("goals", "mentor_acknowledged_at", "mentee_acknowledged_at")),
        list(Pledge.objects.order_by("pk").values_list("text", "status", "outcome")),
        list(ResponsibilityLetter.objects.order_by("pk").values_list("acknowledged_on", flat=True)),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def refused(code, call, **kwargs):
    before = state()
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    assert state() == before, "a refused change wrote something"


def pair(o, mentor=None, mentee=None):
    return services.pair_create(
        actor=o.secretary,
        programme=o.programme,
        mentor=mentor or o.mentor,
        mentee=mentee or o.mentee,
        goals="上好一节公开课",
        duties="每周听课一节",
    )


def test_a_pair_is_made_by_the_organiser_audited_and_both_people_are_asked_to_acknowledge(branch):
    made = pair(branch)
    assert AuditEvent.objects.filter(process="commitments", action="pair_create", organisation=branch.branch).exists()
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {branch.mentor.pk, branch.mentee.pk}
    assert all(url.endswith(f"/pair/{made.pk}/") for url in Notification.objects.values_list("url", flat=True))


def test_a_mentee_paired_with_themself_is_refused(branch):
    refused("pair_with_self", pair, o=branch, mentor=branch.mentee, mentee=branch.mentee)


def test_a_person_outside_the_programme_organisation_is_refused(branch):
    refused("person_out_of_reach", pair, o=branch, mentee=branch.stranger)


def test_someone_who_does_not_organise_the_programme_makes_no_pair(branch):
    refused(
        "not_organiser",
        services.pair_create,
        actor=branch.member,
        programme=branch.programme,
        mentor=branch.mentor,
        mentee=branch.mentee,
        goals="x",
        duties="y",
    )


def test_a_mentor_guides_at_most_two_people_and_the_same_pair_is_made_once(branch):
    pair(branch, mentee=branch.mentee)
    refused("pair_exists", pair, o=branch, mentee=branch.mentee)
    pair(branch, mentee=branch.member)
    refused("mentor_full", pair, o=branch, mentee=branch.member2)


def test_each_of_the_two_acknowledges_once_and_then_the_goals_are_frozen(branch):
    made = pair(branch)
    refused("not_in_pair", services.pair_acknowledge, actor=branch.groupleader, pair=made)
    services.pair_acknowledge(actor=branch.mentor, pair=made)
    refused("already_acknowledged", services.pair_acknowledge, actor=branch.mentor, pair=made)
    # Changed before both acknowledged: the mentor acknowledges the new text again.
    services.pair_update(actor=branch.secretary, pair=made, goals="新的目标", duties="每周听课两节")
    made.refresh_from_db()
    assert made.mentor_acknowledged_at is None and made.goals == "新的目标"
    services.pair_acknowledge(actor=branch.mentor, pair=made)
    services.pair_acknowledge(actor=branch.mentee, pair=made)
    refused("pair_frozen", services.pair_update, actor=branch.secretary, pair=made, goals="再改", duties="再改")


def test_an_ended_pair_keeps_its_reason_frees_the_mentor_and_takes_no_acknowledgement(branch):
    first, _second = pair(branch), pair(branch, mentee=branch.member)
    today = business_today()
    refused(
        "end_date_invalid",
        services.pair_end,
        actor=branch.secretary,
        pair=first,
        ended_on=today + datetime.timedelta(days=1),
        reason="调动",
    )
    services.pair_end(actor=branch.secretary, pair=first, ended_on=today, reason="徒弟调往他校")
    first.refresh_from_db()
    assert first.ended_on == today and first.ending.reason == "徒弟调往他校"
    refused("pair_ended", services.pair_acknowledge, actor=branch.mentee, pair=first)
    pair(branch, mentee=branch.member2)  # a third person: one of the two earlier pairs has ended


def test_a_pledge_edited_after_publication_is_refused_and_a_new_version_is_made_public_again(branch):
    first = services.pledge_create(actor=branch.mentor, programme=branch.programme, kind=PledgeKind.PLEDGE, text="甲")
    services.pledge_edit(actor=branch.mentor, pledge=first, text="甲一")
    services.pledge_publish(actor=branch.mentor, pledge=first)
    refused("pledge_published", services.pledge_edit, actor=branch.mentor, pledge=first, text="改过")
    refused("not_own_pledge", services.pledge_revise, actor=branch.member, pledge=first, text="代写")
    second = services.pledge_revise(actor=branch.mentor, pledge=first, text="甲二")
    assert (second.version, second.status, second.previous_id) == (2, PledgeStatus.DRAFT, first.pk)
    refused("pledge_not_latest", services.pledge_revise, actor=branch.mentor, pledge=first, text="甲三")
    services.pledge_publish(actor=branch.mentor, pledge=second)
    first.refresh_from_db()
    assert (first.text, first.status) == ("甲一", PledgeStatus.PUBLISHED)  # the earlier version, as it was


def test_only_people_of_the_programme_write_plans_and_pledges(branch):
    refused(
        "person_out_of_reach",
        services.pledge_create,
        actor=branch.stranger,
        programme=branch.programme,
        kind=PledgeKind.PLAN,
        text="计划",
    )


def test_the_year_end_review_is_the_organisers_or_the_responsible_persons_of_the_latest_public_version(branch):
    own = services.pledge_create(actor=branch.mentee, programme=branch.programme, kind=PledgeKind.PLEDGE, text="乙")
    refused(
        "pledge_not_published", services.pledge_review, actor=branch.groupleader, pledge=own, outcome="KEPT", comment=""
    )
    services.pledge_publish(actor=branch.mentee, pledge=own)
    refused("not_reviewer", services.pledge_review, actor=branch.member, pledge=own, outcome="KEPT", comment="")
    services.pledge_review(actor=branch.groupleader, pledge=own, outcome=Outcome.PARTLY, comment="家访次数不足")
    own.refresh_from_db()
    assert (own.status, own.outcome, own.reviewed_by) == (PledgeStatus.REVIEWED, "PARTLY", branch.groupleader)
    refused("pledge_reviewed", services.pledge_review, actor=branch.secretary, pledge=own, outcome="KEPT", comment="")
    assert Notification.objects.filter(recipient=branch.mentee, kind="decision").exists()


def test_the_organisers_own_pledge_is_reviewed_by_someone_else(branch):
    own = services.pledge_create(actor=branch.secretary, programme=branch.programme, kind=PledgeKind.PLAN, text="丙")
    services.pledge_publish(actor=branch.secretary, pledge=own)
    refused("not_reviewer", services.pledge_review, actor=branch.secretary, pledge=own, outcome="KEPT", comment="")


def test_a_letter_goes_only_to_a_party_group_of_the_branch_and_only_its_leader_acknowledges_it(branch):
    for group in (branch.other_group, branch.branch):
        refused(
            "not_a_party_group",
            services.letter_issue,
            actor=branch.secretary,
            programme=branch.programme,
            group=group,
            text="责任书",
            duties="督导",
        )
    letter = services.letter_issue(
        actor=branch.secretary, programme=branch.programme, group=branch.group, text="责任书", duties="督导"
    )
    assert Notification.objects.filter(recipient=branch.groupleader).exists()
    for person in (branch.secretary, branch.member):
        refused("not_group_leader", services.letter_acknowledge, actor=person, letter=letter)
    services.letter_acknowledge(actor=branch.groupleader, letter=letter)
    letter.refresh_from_db()
    assert (letter.acknowledged_by, letter.acknowledged_on) == (branch.groupleader, business_today())
    refused("already_acknowledged", services.letter_acknowledge, actor=branch.groupleader, letter=letter)

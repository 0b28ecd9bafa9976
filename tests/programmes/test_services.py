"""programmes.services: a programme with the seed's defaults, quotas, adoption, the cultivation lists' rules and
invitations to 组织生活会."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from core.dates import business_today
from core.exceptions import ApplicationError
from programmes import services
from programmes.models import (
    ActivityKind,
    Attendance,
    Audience,
    Direction,
    Participant,
    ParticipantStatus,
    Programme,
    ProgrammeKind,
    Quota,
    QuotaPeriod,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _refused(code, call, **kwargs):
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as raised:
        call(**kwargs)
    assert raised.value.code == code
    assert AuditEvent.objects.count() == events
    return raised.value


def test_a_new_programme_has_the_seeds_terms_stages_and_quotas(w, programme):
    assert [(t.number, t.starts, t.ends) for t in programme.terms.all()] == [
        (1, D(w.year, 9, 1), D(w.year + 1, 1, 31)),
        (2, D(w.year + 1, 2, 1), D(w.year + 1, 7, 15)),
    ]
    assert [s.name for s in programme.stages.all()] == ["摸清底子", "制定方案", "落实措施", "开展考评"]
    assert programme.stages.get(name="落实措施").ends == D(w.year, 12, 31)
    quotas = {(q.kind, q.audience): (q.period, q.count) for q in programme.quotas.all()}
    assert quotas[(ActivityKind.OBSERVATION, Audience.ALL)] == (QuotaPeriod.TERM, 20)
    assert quotas[(ActivityKind.READING_NOTE, Audience.ALL)] == (QuotaPeriod.TWO_MONTHS, 1)
    assert quotas[(ActivityKind.DEMONSTRATION, Audience.TO_BACKBONE)] == (QuotaPeriod.MONTH, 1)
    assert programme.name == f"语文教研党支部{w.year}学年“双培双促进”活动实施方案"
    assert AuditEvent.objects.filter(process="programmes", action="programme_create").count() == 1


def test_an_excellence_programme_has_the_four_stages_of_seed_002(w):
    made = services.programme_create(
        actor=w.secretary, kind=ProgrammeKind.EXCELLENCE, organisation=w.branch, school_year=w.year
    )
    assert [s.name for s in made.stages.all()][0] == "广泛发动，安排部署"
    assert made.stages.count() == 4


def test_a_programme_is_made_only_where_one_organises(w):
    _refused(
        "organisation_out_of_reach",
        services.programme_create,
        actor=w.member,
        kind=ProgrammeKind.DUAL,
        organisation=w.branch,
        school_year=w.year,
    )
    assert not Programme.objects.exists()


def test_a_second_programme_of_a_kind_and_year_is_refused(w, programme):
    _refused(
        "programme_exists",
        services.programme_create,
        actor=w.secretary,
        kind=ProgrammeKind.DUAL,
        organisation=w.branch,
        school_year=w.year,
    )


def test_a_quota_below_zero_is_refused_and_nothing_changes(w, programme):
    quota = programme.quotas.get(kind=ActivityKind.OBSERVATION)
    _refused(
        "quota_below_zero",
        services.quota_set,
        actor=w.secretary,
        programme=programme,
        kind=ActivityKind.OBSERVATION,
        period=QuotaPeriod.TERM,
        count=-1,
    )
    quota.refresh_from_db()
    assert quota.count == 20


def test_setting_a_quota_again_changes_it(w, programme):
    services.quota_set(
        actor=w.secretary, programme=programme, kind=ActivityKind.OBSERVATION, period=QuotaPeriod.TERM, count=25
    )
    assert programme.quotas.get(kind=ActivityKind.OBSERVATION, audience=Audience.ALL).count == 25


def test_an_unknown_period_is_refused(w, programme):
    _refused(
        "unknown_period",
        services.quota_set,
        actor=w.secretary,
        programme=programme,
        kind=ActivityKind.OBSERVATION,
        period="WEEK",
        count=2,
    )


def test_terms_may_not_overlap(w, programme):
    first = programme.terms.get(number=1)
    _refused(
        "terms_overlap",
        services.term_update,
        actor=w.secretary,
        term=first,
        starts=D(w.year, 9, 1),
        ends=D(w.year + 1, 2, 10),
    )


def test_a_stage_outside_the_school_year_is_refused(w, programme):
    _refused(
        "stage_outside_school_year",
        services.stage_add,
        actor=w.secretary,
        programme=programme,
        name="总结",
        starts=D(w.year + 1, 8, 1),
        ends=D(w.year + 1, 9, 15),
    )


def test_a_branch_adopts_the_bureaus_programme_once(w):
    source = services.programme_create(
        actor=w.leading, kind=ProgrammeKind.DUAL, organisation=w.bureau, school_year=w.year
    )
    services.quota_set(actor=w.leading, programme=source, kind=ActivityKind.OUTREACH, period=QuotaPeriod.YEAR, count=1)
    copy = services.programme_adopt(actor=w.secretary, source=source, organisation=w.branch)
    assert copy.adopted_from == source and copy.organisation == w.branch
    assert copy.quotas.filter(kind=ActivityKind.OUTREACH).exists()
    assert copy.stages.count() == source.stages.count() == 4
    assert copy.terms.count() == 2
    _refused("already_adopted", services.programme_adopt, actor=w.secretary, source=source, organisation=w.branch)


def test_a_programme_is_adopted_only_below_the_bureau_by_its_organisers(w):
    source = services.programme_create(
        actor=w.leading, kind=ProgrammeKind.DUAL, organisation=w.bureau, school_year=w.year
    )
    _refused(
        "organisation_out_of_reach", services.programme_adopt, actor=w.member, source=source, organisation=w.branch
    )


def test_an_organiser_lists_a_party_member_with_a_responsible_person(w, programme):
    deadline = D(w.year + 1, 7, 15)
    participant = services.participant_add(
        actor=w.secretary,
        programme=programme,
        person=w.member,
        direction=Direction.TO_BACKBONE,
        responsible=w.leader,
        deadline=deadline,
    )
    assert participant.status == ParticipantStatus.LISTED
    assert participant.responsible_unit == w.group and participant.deadline == deadline


def test_the_school_office_may_be_responsible(w, programme):
    participant = services.participant_add(
        actor=w.secretary, programme=programme, person=w.teacher, direction=Direction.TO_MEMBER, responsible=w.dept
    )
    assert participant.responsible_unit == w.school


def test_a_non_member_is_not_cultivated_into_a_backbone(w, programme):
    _refused(
        "direction_mismatch",
        services.participant_add,
        actor=w.secretary,
        programme=programme,
        person=w.teacher,
        direction=Direction.TO_BACKBONE,
    )
    assert not Participant.objects.exists()


def test_a_party_member_is_not_cultivated_into_a_party_member(w, programme):
    _refused(
        "direction_mismatch",
        services.participant_add,
        actor=w.secretary,
        programme=programme,
        person=w.member,
        direction=Direction.TO_MEMBER,
    )


def test_a_person_of_another_school_is_out_of_reach(w, programme):
    _refused(
        "person_out_of_reach",
        services.participant_add,
        actor=w.secretary,
        programme=programme,
        person=w.stranger,
        direction=Direction.TO_BACKBONE,
    )


def test_a_plain_member_cannot_be_responsible(w, programme):
    _refused(
        "responsible_not_eligible",
        services.participant_add,
        actor=w.secretary,
        programme=programme,
        person=w.member,
        direction=Direction.TO_BACKBONE,
        responsible=w.member2,
    )


def test_a_school_office_member_of_another_school_cannot_be_responsible(w, programme):
    _refused(
        "responsible_not_eligible",
        services.participant_add,
        actor=w.secretary,
        programme=programme,
        person=w.member,
        direction=Direction.TO_BACKBONE,
        responsible=w.stranger,
    )


def test_a_deadline_in_the_past_is_refused(w, programme):
    _refused(
        "deadline_in_past",
        services.participant_add,
        actor=w.secretary,
        programme=programme,
        person=w.member,
        direction=Direction.TO_BACKBONE,
        deadline=business_today() - datetime.timedelta(days=1),
    )


def test_a_plain_member_does_not_change_the_list(w, programme):
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=w.member, programme=programme, person=w.member2, direction=Direction.TO_BACKBONE)


def test_removing_keeps_the_row_with_its_reason(w, programme):
    participant = services.participant_add(
        actor=w.secretary, programme=programme, person=w.member, direction=Direction.TO_BACKBONE
    )
    _refused("reason_required", services.participant_remove, actor=w.secretary, participant=participant, reason=" ")
    services.participant_remove(actor=w.secretary, participant=participant, reason="调离本校")
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.REMOVED and participant.removed_reason == "调离本校"


def test_an_invitation_goes_to_a_teacher_cultivated_into_a_party_member(w, programme):
    today = business_today()
    backbone = services.participant_add(
        actor=w.secretary, programme=programme, person=w.member, direction=Direction.TO_BACKBONE
    )
    _refused(
        "invitation_not_to_member",
        services.invitation_create,
        actor=w.secretary,
        participant=backbone,
        meeting_date=today,
        title="组织生活会",
    )
    candidate = services.participant_add(
        actor=w.secretary, programme=programme, person=w.teacher, direction=Direction.TO_MEMBER, responsible=w.leader
    )
    invitation = services.invitation_create(
        actor=w.leader, participant=candidate, meeting_date=today + datetime.timedelta(days=3), title="组织生活会"
    )
    _refused("meeting_not_held", services.invitation_record, actor=w.leader, invitation=invitation, attended="YES")
    services.invitation_record(
        actor=w.leader, invitation=invitation, attended=Attendance.YES, today=today + datetime.timedelta(days=3)
    )
    invitation.refresh_from_db()
    assert invitation.attended == Attendance.YES and invitation.recorded_by == w.leader


def test_quota_removal_is_audited(w, programme):
    quota = programme.quotas.first()
    services.quota_remove(actor=w.secretary, quota=quota)
    assert not Quota.objects.filter(pk=quota.pk).exists()
    assert AuditEvent.objects.filter(process="programmes", action="quota_remove").exists()

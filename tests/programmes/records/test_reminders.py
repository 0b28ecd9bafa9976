import pytest

from notifications.models import Notification
from programmes.models import ActivityKind
from programmes.records import services
from programmes.records.reminders import send_reminders
from tests.programmes.records.conftest import TODAY, D, observation

pytestmark = pytest.mark.django_db


def test_whoever_is_behind_is_told_once_per_term_and_quota_before_the_term_ends(w, settings):
    settings.PROGRAMME_RECORDS_REMIND_DAYS = 14
    for i in range(20):
        services.record_create(
            actor=w.teacher,
            programme=w.programme,
            kind=ActivityKind.OBSERVATION,
            date=D(2026, 9, 1 + i),
            details=observation(),
            today=TODAY,
        )
    assert send_reminders(today=D(2027, 1, 16)) == 0  # 15 days before the term ends: not yet
    sent = send_reminders(today=D(2027, 1, 17))
    told = Notification.objects.filter(kind="reminder")
    by_person = {}
    for notice in told:
        by_person.setdefault(notice.recipient_id, []).append(notice.title)
    # the teacher has the 20 听课 (waiting counts as recorded) but no 示范课, 读书心得 or paper
    assert len(by_person[w.teacher.pk]) == 3 and not any(
        t.startswith(str(ActivityKind.OBSERVATION.label)) for t in by_person[w.teacher.pk]
    )
    assert len(by_person[w.mentee.pk]) == 3 and len(by_person[w.mentor.pk]) == 3  # 听课, 示范课, 读书心得
    assert w.leader.pk not in by_person and w.stranger.pk not in by_person
    assert sent == told.count() == 9
    assert send_reminders(today=D(2027, 1, 20)) == 0  # once per term and quota
    assert told.count() == 9


def test_the_reminders_run_from_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["programme-records-reminders"]
    assert entry["task"] == "programmes.records.tasks.send_reminders_task"
    from programmes.records.tasks import send_reminders_task

    assert send_reminders_task.name == entry["task"]

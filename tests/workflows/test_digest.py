"""The morning digest: once a day, from the configured hour, to those who asked, listing their open steps."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications.delivery import deliver_pending
from notifications.models import Kind, Notification
from notifications.services import preference_set
from tests.workflows.community.factories import submitted
from workflows.community.models import Kind as AppKind
from workflows.digest import send_daily_digests

pytestmark = pytest.mark.django_db


def at(hour):
    return timezone.make_aware(datetime.datetime(2026, 11, 23, hour, 5))


def test_the_digest_goes_once_a_day_after_the_hour_to_those_who_asked(yuhuan, settings):
    settings.DIGEST_HOUR = 7
    o = yuhuan
    submitted(o, o.fusion_member, AppKind.HELP_PROJECT)
    o.basic_edu.email, o.basic_edu2.email = "luo@yh.edu.cn", "sun@yh.edu.cn"
    o.basic_edu.save(), o.basic_edu2.save()
    preference_set(user=o.basic_edu, email_kinds=[], daily_digest=True)
    assert send_daily_digests(now=at(6)) == 0
    assert send_daily_digests(now=at(8)) == 1
    assert send_daily_digests(now=at(9)) == 0  # once a day
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient == o.basic_edu and "城关第一小学" not in digest.title and "坎门小学" in digest.body
    mail.outbox.clear()
    deliver_pending()
    assert [m.to for m in mail.outbox] == [["luo@yh.edu.cn"]]

"""The token lookup of every API request, written as SQL (accounts/tokens.py, issue 16 item 8), reads the token and
its person exactly as the ORM's select_related did: every column, converted alike, in one statement."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.tokens import _live_token, key_digest, token_issue, token_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def orm_live_token(digest, now):
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest, revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )


def columns(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def test_it_reads_what_the_orm_read():
    person = UserFactory(email="lin@example.cn", birth_date=datetime.date(1990, 2, 3))
    token, key = token_issue(user=person, ip="10.0.0.7")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        read = _live_token(key_digest(key), now)
    expected = orm_live_token(key_digest(key), now)
    assert len(queries) == 1
    assert columns(read) == columns(expected) and columns(read.user) == columns(expected.user)
    assert isinstance(read.user, User) and not read._state.adding and read._state.db == expected._state.db
    assert read.user.birth_date == datetime.date(1990, 2, 3) and read.last_used_at.tzinfo is not None


def test_nothing_for_an_unknown_revoked_or_expired_key():
    person = UserFactory()
    revoked, revoked_key = token_issue(user=person)
    token_revoke(token=revoked, actor=person)
    expired, expired_key = token_issue(user=person)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    now = timezone.now()
    for key in ("0" * 40, revoked_key, expired_key):
        assert _live_token(key_digest(key), now) is None is orm_live_token(key_digest(key), now)

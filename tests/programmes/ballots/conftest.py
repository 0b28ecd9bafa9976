"""Personas of the ballot tests: the party fixture's branch (a secretary, an organisation member, six full members,
a probationary member), the bureau's auditor, a teacher of the school without party standing, and helpers that open a
vote and cast ballots through the services."""

from types import SimpleNamespace

import pytest

from accounts.roles import Role
from core.dates import business_today
from programmes.ballots import services
from programmes.ballots.models import Choice, Poll
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import make_party


@pytest.fixture
def branch(tree) -> SimpleNamespace:
    p = make_party(tree)
    p.auditor = UserFactory(username="b_auditor", real_name="谢审计")
    grant(p.auditor, tree.bureau, Role.AUDITOR)
    p.teacher = UserFactory(username="b_teacher", real_name="宋老师")
    grant(p.teacher, tree.school, Role.SCHOOL_DEPT)
    p.voters = [p.secretary, p.orgmember, *p.members]
    return p


def open_review(p, *, title="2026年度民主评议党员") -> Poll:
    today = business_today()
    review = services.review_create(actor=p.secretary, organisation=p.branch, title=title, opens=today, closes=today)
    return services.poll_open(actor=p.secretary, poll=review)


def marks_for(poll: Poll, choice=Choice.COMPETENT, **by_person) -> dict:
    """A mark for every candidate: ``choice``, or by_person[str(person id)] for that person."""
    return {c.pk: by_person.get(str(c.person_id), choice) for c in poll.candidates.all()}


@pytest.fixture
def review(branch) -> Poll:
    return open_review(branch)

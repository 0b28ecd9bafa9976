"""待办: each open step shows to the people who can do it, and to nobody else."""

import pytest
from django.test import Client

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.workflows.party.conftest import case_before, submit
from workflows.inbox import open_tasks_for

pytestmark = pytest.mark.django_db


def titles(user):
    return [(t.flow_task.name, t.process_id) for t in open_tasks_for(user)]


def test_the_talk_waits_for_the_branch_officers_only(party):
    case_id = submit(party, date="2026-11-01")
    assert titles(party.secretary) == [("record_talk", case_id)]
    assert titles(party.orgmember) == [("record_talk", case_id)]
    for nobody in (party.members[0], party.applicant, party.committeemen[0], party.outsider):
        assert titles(nobody) == []


def test_a_committee_decision_waits_for_the_committee_with_authority_not_a_lower_one(party, tree):
    case_id = case_before(party, "pre_review")
    lower = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=tree.school, name="无审批权党委")
    stranger = UserFactory()
    grant(stranger, lower, Role.PARENT_COMMITTEE)
    assert ("pre_review", case_id) in titles(party.committeemen[0])
    assert titles(stranger) == [] and ("pre_review", case_id) not in titles(party.secretary)


def test_the_form_waits_for_the_applicant_in_person(party):
    case_id = case_before(party, "fill_form")
    assert titles(party.applicant) == [("fill_form", case_id)]


def test_the_task_page_lists_the_step_with_its_deadline(party):
    submit(party, date="2026-11-01")
    client = Client()
    client.force_login(party.secretary)
    page = client.get("/tasks/").content.decode()
    assert "与申请人谈话" in page and "陈申请" in page and "2026-12-01" in page

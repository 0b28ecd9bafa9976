"""The pickers where people choose someone on the pages: a step's people offered as the process's rule allows
(trainers: full members with full rights, never the applicant), the branch staff's new application naming its
applicant from a picker instead of a person number, a substitute (委托) and the audit console's organisation."""

import re

import pytest
from django.urls import reverse

from accounts.models import OrganisationKind
from accounts.roles import Role
from tests.clients import page
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.workflows.party.conftest import case_before, submit
from workflows.kit.registry import PROCESS_TYPES
from workflows.party import form_help
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>|<select[^>]* name="{name}".*?</select>', html, re.S).group(0)


def test_trainers_are_offered_only_among_the_full_members_with_full_rights(party):
    case = PartyCase.objects.get(pk=submit(party))
    appoint = PROCESS_TYPES["party"].actions["appoint_trainers"]
    offered = {pk for pk, _label in form_help.people(appoint, case, case.application_date)}
    assert offered == set(party.full_ids)  # not the probationary member, not the applicant


def test_branch_staff_name_the_applicant_of_a_new_application_from_a_person_picker(party):
    html = page(party.secretary).get(reverse("party-case-new")).content.decode()
    picker = _select(html, "person_id")
    assert 'data-picker="person"' in picker and "data-search=" in picker
    assert f"{party.applicant.real_name} · {party.branch.name}" in picker
    assert party.outsider.real_name not in picker  # another bureau's person is never offered


def test_a_party_group_is_chosen_among_the_branchs_from_an_organisation_picker(party):
    group = OrganisationFactory.create(kind=OrganisationKind.PARTY_GROUP, parent=party.branch, name="第一党小组")
    elsewhere = OrganisationFactory.create(kind=OrganisationKind.PARTY_GROUP, parent=party.tree.branch_b, name="别组")
    case_id = case_before(party, "assign_group")
    html = page(party.secretary).get(reverse("party-case-action", args=[case_id, "assign_group"])).content.decode()
    picker = _select(html, "group_id")
    assert 'data-picker="organisation"' in picker and f'value="{group.pk}"' in picker
    assert elsewhere.name not in picker


def test_the_substitute_is_chosen_from_a_person_picker(party):
    deputy = UserFactory(real_name="副书记")
    grant(deputy, party.branch, Role.BRANCH_SECRETARY)
    picker = _select(page(party.secretary).get(reverse("tasks-delegation")).content.decode(), "substitute_id")
    assert 'data-picker="person"' in picker and f"副书记 · {party.branch.name}" in picker


def test_the_audit_console_filters_by_an_organisation_picker(tree, people):
    picker = _select(page(people.auditor).get(reverse("audit-console")).content.decode(), "organisation")
    assert 'data-picker="organisation"' in picker and f"{tree.committee.name} › {tree.branch_a.name}" in picker

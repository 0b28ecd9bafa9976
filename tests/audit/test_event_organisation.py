"""Every event carries the organisation it belongs to (issue 15 item 6): the shared step actions (claim, unclaim,
transfer, comment, 抄送, 催办, 加签) file their events under the case's organisation, so an auditor of that subtree
sees a case's whole history; a delegation or an export is filed under the actor's organisation (or the one the
export was filtered to); and audit_record refuses a case event without its organisation."""

import datetime

import pytest
from django.db import transaction

from accounts.roles import Role
from audit import selectors
from audit.models import AuditEvent
from audit.services import audit_record, export_record
from tests.clients import api
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import party, submit  # noqa: F401  (the party fixture)
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped_auditor(party):  # noqa: F811
    """An auditor of the branch's committee: its subtree holds the branch, not the rest of the bureau."""
    auditor = UserFactory(real_name="委员会审计")
    grant(auditor, party.committee, Role.AUDITOR)
    return auditor


def test_a_scoped_auditor_sees_every_event_of_a_case_in_their_subtree(party, scoped_auditor):  # noqa: F811
    case_id = submit(party, date="2026-11-01")
    case = PartyCase.objects.get(pk=case_id)
    task = case.task_set.get(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]).pk
    secretary = api(party.secretary)
    reader = UserFactory(real_name="校长")
    grant(reader, party.tree.school, Role.SCHOOL_DEPT)
    cc = secretary.post(f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [reader.pk]}, format="json")
    assert cc.status_code == 200, cc.content
    remind = api(party.applicant).post(f"/api/v1/cases/party/{case_id}/remind/", {}, format="json")
    assert remind.status_code == 200, remind.content
    for action, body in [
        ("claim", {}),
        ("unclaim", {}),
        ("comment", {"body": "请补充材料"}),
        ("transfer", {"to_user_id": party.orgmember.pk, "reason": "出差"}),
    ]:
        response = secretary.post(f"/api/v1/tasks/{task}/{action}/", body, format="json")
        assert response.status_code in (200, 201), (action, response.content)

    events = AuditEvent.objects.filter(process="party", case_id=case_id)
    actions = set(events.values_list("action", flat=True))
    assert {"claim", "unclaim", "comment", "transfer", "cc", "remind"} <= actions
    assert set(events.values_list("organisation_id", flat=True)) == {party.branch.pk}
    seen = set(selectors.search_events(scoped_auditor, {}).filter(case_id=case_id).values_list("pk", flat=True))
    assert seen == set(events.values_list("pk", flat=True))


def test_caseless_events_are_filed_under_the_actors_or_the_exports_organisation(party, scoped_auditor):  # noqa: F811
    deputy = UserFactory(real_name="副书记")
    grant(deputy, party.branch, Role.BRANCH_SECRETARY)
    today = datetime.date.today()
    body = {
        "substitute_id": deputy.pk,
        "starts_on": str(today - datetime.timedelta(days=1)),
        "ends_on": str(today + datetime.timedelta(days=3)),
    }
    assert api(party.secretary).put("/api/v1/me/delegation/", body, format="json").status_code == 200
    assert api(party.secretary).put("/api/v1/me/delegation/", {"substitute_id": None}, format="json").status_code == 200

    from exports.services import export_start
    from exports.specs import SPECS

    export_start(user=party.secretary, spec=SPECS["tasks"], params={})
    export_record(reader=scoped_auditor, params={"organisation": str(party.branch.pk)}, count=0, fmt="csv")
    export_record(reader=scoped_auditor, params={}, count=0, fmt="csv")

    filed = dict(
        AuditEvent.objects.filter(
            process="admin", action__in=["delegation_set", "delegation_end", "list_export"]
        ).values_list("action", "organisation_id")
    )
    assert filed == {
        "delegation_set": party.branch.pk,
        "delegation_end": party.branch.pk,
        "list_export": party.branch.pk,
    }
    exports = list(
        AuditEvent.objects.filter(action="audit_export").order_by("id").values_list("organisation_id", flat=True)
    )
    assert exports == [party.branch.pk, party.committee.pk]  # the filter's organisation, else the auditor's own
    visible = set(selectors.search_events(scoped_auditor, {"process": "admin"}).values_list("action", flat=True))
    assert {"delegation_set", "delegation_end", "list_export", "audit_export"} <= visible


def test_audit_record_refuses_a_case_event_without_its_organisation():
    with pytest.raises(ValueError, match="organisation"), transaction.atomic():
        audit_record(process="party", case_id=1, action="comment", actor=None)
    assert not AuditEvent.objects.exists()

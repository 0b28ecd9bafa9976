"""Migration community 0003: the applications' form versions move to forms.CaseFormVersion. Going back to 0002
copies them into ApplicationVersion (the plan as its plan) and drops them from CaseFormVersion; forward again copies
them back as they were (number, form, plan, changes, who and when). Run inside the test's transaction."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forms.models import CaseFormVersion
from tests.workflows.community.factories import HELP_FORM, draft, run_action
from workflows.community.models import Kind

pytestmark = pytest.mark.django_db

BEFORE, AFTER = ("community", "0002_application_forms"), ("community", "0003_application_versions_in_forms")
COLUMNS = ("case_type_id", "case_id", "number", "submission_id", "attachment_id", "changes", "created_by_id")


def migrate(target):
    MigrationExecutor(connection).migrate([target])


def rows():
    return list(CaseFormVersion.objects.order_by("case_id", "number").values_list(*COLUMNS, "created_at"))


def test_the_versions_go_back_to_the_application_and_forward_again_unchanged(yuhuan):
    application = draft(yuhuan, yuhuan.fusion_member, Kind.HELP_PROJECT)
    edited = {**HELP_FORM, "goals": "达标率提升到95%"}
    run_action(case_id=application.pk, code="edit", actor=yuhuan.core_lead, payload={"form": edited})
    before = rows()
    assert [row[2] for row in before] == [1, 2] and before[1][4] == before[0][4] is not None  # the plan kept

    migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, plan_id FROM community_applicationversion ORDER BY number")
        assert cursor.fetchall() == [(1, before[0][4]), (2, before[1][4])]
    assert not CaseFormVersion.objects.exists()
    migrate(AFTER)

    assert rows() == before

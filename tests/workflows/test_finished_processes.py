"""Issue 16 item 5: a case whose flow has ended has its viewflow Process DONE with ``finished`` set, whatever the
process (the community engine once saved its whole row after the flow's End and put the Process back to NEW)."""

import pytest
from viewflow.workflow.models import Process
from viewflow.workflow.status import STATUS

from tests.workflows.community.factories import filed_application
from workflows.community.models import Kind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [Kind.HELP_PROJECT, Kind.FEATURE])
def test_a_filed_community_application_has_its_process_done(yuhuan, kind):
    application = filed_application(yuhuan, yuhuan.fusion_member, kind)
    process = Process.objects.get(pk=application.pk)
    end = process.task_set.get(flow_task_type="END")
    assert end.status == STATUS.DONE
    assert process.status == STATUS.DONE and process.finished is not None

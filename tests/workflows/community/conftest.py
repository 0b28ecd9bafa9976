import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from forms.models import CaseFormVersion
from workflows.community.models import Application, Consultation


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def snapshot():
    """Everything an action may write: compared before and after a refused action."""
    return (
        AuditEvent.objects.count(),
        CaseFormVersion.objects.count(),
        Consultation.objects.count(),
        sorted(Application.objects.values_list("pk", "stage", "version", "late", "filing_number")),
    )


@pytest.fixture
def unchanged():
    """with unchanged(): ... asserts the block wrote nothing."""

    class Guard:
        def __enter__(self):
            self.before = snapshot()

        def __exit__(self, *exc):
            assert snapshot() == self.before
            return False

    return Guard

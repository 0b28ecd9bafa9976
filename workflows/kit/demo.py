"""What a process's demo (ProcessType.demo, manage.py seed_demo) takes from the kit: a file a demo person uploads,
and an action run through the engine on a given business day, so the demo obeys every rule."""

from django.core.files.uploadedfile import SimpleUploadedFile

from forms.services import attachment_create
from workflows.kit.engine import run_action


def demo_pdf(user, name: str) -> int:
    """A small PDF named ``name``, uploaded by ``user``: its attachment's id."""
    upload = SimpleUploadedFile(name, b"%PDF-1.4 demo " + name.encode(), content_type="application/pdf")
    return attachment_create(uploaded_by=user, upload=upload).pk


def act(process: str, case, code: str, actor, day, **payload):
    """Run the action ``code`` of ``process`` on ``case`` as ``actor`` on the business day ``day``."""
    return run_action(process=process, case_id=case.pk, code=code, actor=actor, payload=payload, today=day)

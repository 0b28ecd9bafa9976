"""The security world's objects for programmes.baseline (issue 19), added to each county's tree: a county-level
teaching title of a party member of the branch (under the 协作型 core school), with a certificate as evidence,
recorded by the branch secretary."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile


def add_baseline(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    from forms.services import attachment_create
    from programmes.baseline.models import Level, Title
    from programmes.baseline.services import distinction_record

    secretary = tree.party.secretary
    certificate = attachment_create(
        uploaded_by=secretary,
        upload=SimpleUploadedFile("证书.pdf", f"%PDF-1.4 {tree.tag}".encode(), content_type="application/pdf"),
    )
    tree.baseline_distinction = distinction_record(
        actor=secretary,
        person=tree.party.members[0],
        title=Title.TEACHING_BACKBONE,
        level=Level.COUNTY,
        awarded_on=datetime.date(2025, 9, 10),
        awarding_body=f"{tree.tag}教育局",
        evidence=certificate,
    )

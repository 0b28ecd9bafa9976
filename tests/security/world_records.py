"""The security world's objects for programmes.records (issue 19), added to each county's tree.

In the tree's branch's 双培双促进 programme of 2026 (the core's, or made here when the core's world has none; its two
terms made when missing):
- the matrix's "member" (party.members[5]) on the list (党员→骨干), the branch committee member ("committee") the
  person responsible for them; a pair: a plain member (party.members[1]) mentors them;
- their 听课 waiting for confirmation (``record``, with a photo as evidence) and another one returned to them
  (``record_returned``);
- a party group under the branch (``records_group``), led by nobody of the matrix.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import OrganisationKind as K
from programmes.models import ActivityKind, Direction, Pair, Participant, ParticipantStatus, Programme, Term
from programmes.records import services
from tests.factories import OrganisationFactory

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DETAILS = {
    "class_name": "二(1)班",
    "subject": "语文",
    "teacher": "",
    "topic": "《秋天》",
    "notes": "导入自然。",
    "suggestions": "小组分工再明确些。",
    "reflection": "识字环节可借鉴。",
}


def add_records(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    party, tag = tree.party, tree.tag
    programme = getattr(tree, "programme", None)
    if programme is None:
        programme, _made = Programme.objects.get_or_create(
            organisation=tree.branch,
            kind="DUAL",
            school_year=2026,
            defaults={"name": f"{tag}双培双促进", "created_by": party.secretary},
        )
    Term.objects.get_or_create(
        programme=programme, number=1, defaults={"starts": D(2026, 9, 1), "ends": D(2027, 1, 31)}
    )
    Term.objects.get_or_create(
        programme=programme, number=2, defaults={"starts": D(2027, 2, 1), "ends": D(2027, 7, 15)}
    )
    member = party.members[5]
    Participant.objects.get_or_create(
        programme=programme,
        person=member,
        direction=Direction.TO_BACKBONE,
        defaults={
            "status": ParticipantStatus.LISTED,
            "responsible": party.branch_committee,
            "added_by": party.secretary,
        },
    )
    Participant.objects.filter(programme=programme, person=member).update(
        status=ParticipantStatus.LISTED, responsible=party.branch_committee
    )
    tree.records_pair = Pair.objects.create(
        programme=programme,
        mentor=party.members[1],
        mentee=member,
        goals=f"{tag}结对目标",
        duties="每周听课指导",
        created_by=party.secretary,
    )
    tree.records_programme = programme
    photo = SimpleUploadedFile("听课.png", PNG, content_type="image/png")
    tree.record = services.record_create(
        actor=member,
        programme=programme,
        kind=ActivityKind.OBSERVATION,
        date=D(2026, 10, 12),
        details={**DETAILS, "topic": f"{tag}《秋天》"},
        uploads=[photo],
        today=D(2026, 11, 21),
    )
    tree.record_evidence = tree.record.evidence.get()
    returned = services.record_create(
        actor=member,
        programme=programme,
        kind=ActivityKind.OBSERVATION,
        date=D(2026, 10, 13),
        details=DETAILS,
        today=D(2026, 11, 21),
    )
    tree.record_returned = services.record_return(actor=party.branch_committee, record=returned, reason="请补充反思")
    tree.records_group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=tree.branch, name=f"{tag}记录党小组")

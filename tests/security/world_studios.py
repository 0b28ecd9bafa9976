"""The security world's objects for programmes.studios (issue 19), added to each county's tree.

A studio of the 协作型 core school (the school of the tree's party branch), set up by the branch secretary: its lead
is the branch's plain member (the matrix's "member"), members[4] is a member, the branch's applicant its apprentice.
The school keeps a reserve-pool entry; there is an agreement awaiting both acknowledgements, this school year's
term-1 plan published and its term-2 plan a draft with one item, an activity held with a photo, a report, an archive
photo, and an annual evaluation by a second leading-group person, awaiting confirmation."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from core.dates import business_today
from forms.services import attachment_create
from programmes.studios import selectors, services
from programmes.studios.models import ActivityKind, FileKind, Grade, Level, Pool, StudioPerson, StudioRole
from tests.factories import UserFactory, grant

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def add_studios(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    o, p = tree, tree.party
    tag = o.tag
    today = business_today()
    year = selectors.term_of(today)[0]
    lead, member, apprentice = p.members[5], p.members[4], p.applicant
    o.studio = services.studio_create(
        actor=p.secretary, school=o.collab_core, name=f"{tag}名师工作室", lead=lead, founded_on=today, subject="语文"
    )
    services.studio_person_add(actor=lead, studio=o.studio, person=member, role=StudioRole.MEMBER)
    services.studio_person_add(actor=lead, studio=o.studio, person=apprentice, role=StudioRole.APPRENTICE)
    o.studio_row = StudioPerson.objects.get(studio=o.studio, person=member)
    o.pool_entry = services.pool_add(
        actor=p.secretary, organisation=o.collab_core, pool=Pool.RESERVE, person=member, reason=f"{tag}后备"
    )
    o.agreement = services.agreement_create(
        actor=lead,
        studio=o.studio,
        mentor=lead,
        apprentice=apprentice,
        school_year=year,
        term=1,
        mentor_duties=f"{tag}导师职责",
        apprentice_goals=f"{tag}徒弟目标",
    )
    o.studio_plan = services.plan_create(actor=lead, studio=o.studio, school_year=year, term=1)
    services.plan_item_add(actor=lead, plan=o.studio_plan, kind=ActivityKind.SHOWCASE, responsible=lead)
    services.plan_publish(actor=lead, plan=o.studio_plan)
    o.studio_draft = services.plan_create(actor=lead, studio=o.studio, school_year=year, term=2)
    o.studio_item = services.plan_item_add(
        actor=lead, plan=o.studio_draft, kind=ActivityKind.OUTREACH, responsible=member
    )
    photo = attachment_create(uploaded_by=lead, upload=SimpleUploadedFile(f"{tag}.png", PNG, content_type="image/png"))
    o.studio_activity = services.activity_record(
        actor=lead,
        studio=o.studio,
        kind=ActivityKind.READING,
        held_on=today,
        level=Level.SCHOOL,
        record=f"{tag}读书交流",
        participants=[lead, apprentice],
        photos=[photo],
    )
    o.studio_photo = photo
    services.report_write(actor=lead, studio=o.studio, school_year=year, term=None, title=f"{tag}汇报", text="…")
    founding = attachment_create(
        uploaded_by=lead, upload=SimpleUploadedFile(f"{tag}揭牌.png", PNG + b"\x01", content_type="image/png")
    )
    services.studio_file_add(actor=lead, studio=o.studio, kind=FileKind.FOUNDING, title="揭牌", attachment=founding)
    leading2 = UserFactory(username=f"{tag.lower()}_leading2", real_name=f"{tag}领导小组二")
    grant(leading2, o.bureau, Role.BUREAU_LEADING_GROUP)
    o.studio_evaluation = services.evaluation_record(
        actor=leading2, studio=o.studio, school_year=year, grade=Grade.GOOD
    )
    o.studio_new_day = (today - datetime.timedelta(days=1)).isoformat()

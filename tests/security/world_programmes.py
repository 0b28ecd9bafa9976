"""The security world's objects for the programmes core (issue 19), added to each county's tree:

- ``tree.programme``: the branch's 双培双促进 programme of this school year (made by the secretary, with the seed's
  defaults), its first stage (``tree.programme_stage``) and a quota (``tree.programme_quota``);
- on its lists the tree's plain member (党员→骨干) and its applicant (骨干→党员, ``tree.participant``), the latter
  invited to today's 组织生活会 (``tree.invitation``, attendance not yet recorded);
- ``tree.bureau_programme``: the bureau's 双培双促进 programme of next school year, for the branch to adopt.
"""

from core.dates import business_today
from core.school_year import school_year_of
from programmes import services
from programmes.models import Direction, ProgrammeKind


def add_programmes(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    today = business_today()
    year = school_year_of(today)
    secretary = tree.party.secretary
    tree.programme = services.programme_create(
        actor=secretary, kind=ProgrammeKind.DUAL, organisation=tree.branch, school_year=year, today=today
    )
    tree.programme_stage = tree.programme.stages.order_by("order").first()
    tree.programme_quota = tree.programme.quotas.order_by("pk").first()
    services.participant_add(
        actor=secretary, programme=tree.programme, person=tree.party.members[5], direction=Direction.TO_BACKBONE
    )
    tree.participant = services.participant_add(
        actor=secretary, programme=tree.programme, person=tree.party.applicant, direction=Direction.TO_MEMBER
    )
    tree.invitation = services.invitation_create(
        actor=secretary, participant=tree.participant, meeting_date=today, title=f"{tree.tag}组织生活会", today=today
    )
    tree.bureau_programme = services.programme_create(
        actor=tree.leading, kind=ProgrammeKind.DUAL, organisation=tree.bureau, school_year=year + 1, today=today
    )

"""The security world's objects for programmes.commitments (issue 19), added to each county's tree.

In the tree's branch's 双培双促进 programme (the core's world's, or made here when it has none):
- on its list the party case's applicant (the matrix's "applicant") and the plain member ("member",
  party.members[5]), both with the branch committee member ("committee") as their responsible person;
- a pair: another member (party.members[0]) mentors the applicant; nobody has acknowledged it yet;
- the member's public pledge and draft plan;
- two party groups under the branch, each with a leader of its own (no role of the matrix): the first with an
  unacknowledged responsibility letter, the second without one (the organisers may issue it).
"""

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from programmes.commitments import services
from programmes.commitments.models import PledgeKind
from programmes.models import Direction, Participant, ParticipantStatus, Programme
from tests.factories import OrganisationFactory, UserFactory, grant


def add_commitments(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    party, tag = tree.party, tree.tag
    # The branch's own programme (the core's world may have made it; its expectations are the branch's).
    programme = Programme.objects.filter(organisation=tree.branch, kind="DUAL").order_by("pk").first()
    if programme is None:
        programme = Programme.objects.create(
            organisation=tree.branch, kind="DUAL", school_year=2026, name=f"{tag}双培双促进", created_by=party.secretary
        )
    # The branch committee member ("committee") is the person responsible for the applicant and for the member (the
    # core's world lists both without one; the records part's names them for the member too).
    for person, direction in ((party.applicant, Direction.TO_MEMBER), (party.members[5], Direction.TO_BACKBONE)):
        Participant.objects.get_or_create(
            programme=programme,
            person=person,
            direction=direction,
            defaults={"status": ParticipantStatus.LISTED, "added_by": party.secretary},
        )
        Participant.objects.filter(programme=programme, person=person).update(
            status=ParticipantStatus.LISTED, responsible=party.branch_committee
        )
    c = tree.commitments = type(tree)()
    c.programme = programme
    c.pair = services.pair_create(
        actor=party.secretary,
        programme=programme,
        mentor=party.members[0],
        mentee=party.applicant,
        goals=f"{tag}结对目标",
        duties=f"{tag}师傅职责",
    )
    member = party.members[5]
    c.pledge = services.pledge_create(actor=member, programme=programme, kind=PledgeKind.PLEDGE, text=f"{tag}承诺")
    services.pledge_publish(actor=member, pledge=c.pledge)
    c.draft = services.pledge_create(actor=member, programme=programme, kind=PledgeKind.PLAN, text=f"{tag}计划")
    c.groups = []
    for number in (1, 2):
        group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=tree.branch, name=f"{tag}第{number}党小组")
        leader = UserFactory(real_name=f"{tag}党小组长{number}")
        grant(leader, group, Role.PARTY_GROUP)
        c.groups.append(group)
    c.letter = services.letter_issue(
        actor=party.secretary, programme=programme, group=c.groups[0], text=f"{tag}责任书", duties=f"{tag}督导"
    )

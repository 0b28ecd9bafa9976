"""The security world's objects for programmes.assessment (issue 19), added to each county's tree.

In the branch: its 双培双促进 programme (the core's tree.programme, the one another part's world made, or one made
here) with the branch's 党员5 (党员→骨干) and the applicant (骨干→党员) on the list; its assessment opened by the
secretary, both sheets scored and published, and a correction requested by the secretary waiting for a second
organiser (tree.assessment_correction). And the branch's 创先争优 programme with the same two listed, its assessment
opened and scored, not yet published (tree.assessment_open_programme): where publishing and scoring are still
open."""

from decimal import Decimal

from core.dates import business_today
from core.school_year import school_year_of
from programmes import services as programme_services
from programmes.assessment import services
from programmes.models import Direction, Participant, ParticipantStatus, Programme, ProgrammeKind


def _programme(tree, kind: str) -> Programme:
    """The branch's programme of the kind (the latest one the other parts' worlds made), else one made here."""
    found = Programme.objects.filter(organisation=tree.branch, kind=kind).order_by("-school_year").first()
    return found or programme_services.programme_create(
        actor=tree.party.secretary, kind=kind, organisation=tree.branch, school_year=school_year_of(business_today())
    )


def _listed(tree, programme: Programme, person, direction: str) -> Participant:
    found = Participant.objects.filter(programme=programme, person=person, status=ParticipantStatus.LISTED).first()
    return found or programme_services.participant_add(
        actor=tree.party.secretary, programme=programme, person=person, direction=direction
    )


def _scored(tree, programme: Programme):
    participants = [
        _listed(tree, programme, tree.party.members[5], Direction.TO_BACKBONE),
        _listed(tree, programme, tree.party.applicant, Direction.TO_MEMBER),
    ]
    assessment = services.assessment_open(actor=tree.party.secretary, programme=programme)
    for participant in programme.participants.filter(status=ParticipantStatus.LISTED):
        items = [
            {"indicator": i.code, "score": i.max_score, "reason": "考评小组评定"}
            for i in assessment.scheme.indicators.all()
        ]
        services.sheet_score(actor=tree.party.secretary, assessment=assessment, participant=participant, items=items)
    return assessment, participants


def add_assessment(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    programme = getattr(tree, "programme", None) or _programme(tree, ProgrammeKind.DUAL)
    assessment, (member, _applicant) = _scored(tree, programme)
    services.assessment_publish(actor=tree.party.secretary, assessment=assessment)
    assessment.refresh_from_db()
    tree.assessment_programme, tree.assessment_participant = programme, member
    tree.assessment_correction = services.correction_request(
        actor=tree.party.secretary,
        assessment=assessment,
        participant=member,
        indicator=assessment.scheme.indicators.order_by("order").first().code,  # the matrix asks about another
        after=Decimal("1"),
        reason="复核",
    )
    other = _programme(tree, ProgrammeKind.EXCELLENCE)
    _assessment, (other_member, _other_applicant) = _scored(tree, other)
    tree.assessment_open_programme, tree.assessment_open_participant = other, other_member

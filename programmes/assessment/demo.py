"""The assessment's demo data (manage.py seed_demo, after the records' demo): the demo programme's assessment opened
by the branch secretary 林晓红 and one participant's sheet (周海涛's, or the first listed participant's) scored from
the records' proposals, not yet published. Made through the services; does nothing when the programme or its list is
missing or its assessment exists."""

import datetime
from decimal import Decimal

from accounts.models import User
from core.school_year import school_year_of
from programmes.assessment import scoring, services
from programmes.assessment.models import Assessment
from programmes.models import ParticipantStatus, Programme, ProgrammeKind

BRANCH = "YH-C1-S0-B1"
HAND_SCORES = {"D5": Decimal("12"), "D6": Decimal("13.5")}  # the items no record proposes (竞赛辅导, 教学成绩)


def seed(*, today: datetime.date) -> int:
    programme = Programme.objects.filter(
        organisation__code=BRANCH, kind=ProgrammeKind.DUAL, school_year=school_year_of(today)
    ).first()
    secretary = User.objects.filter(username="secretary").first()
    if programme is None or secretary is None or Assessment.objects.filter(programme=programme).exists():
        return 0
    listed = programme.participants.filter(status=ParticipantStatus.LISTED).select_related("person")
    participant = listed.filter(person__username="trainer").first() or listed.order_by("pk").first()
    if participant is None:
        return 0
    assessment = services.assessment_open(actor=secretary, programme=programme)
    indicators = list(assessment.scheme.indicators.order_by("order", "code"))
    found = scoring.proposals(participant, indicators)
    items = []
    for indicator in indicators:
        proposal = found[indicator.code]
        if proposal is not None:
            items.append({"indicator": indicator.code, "score": proposal.value, "reason": ""})
        else:
            score = min(HAND_SCORES.get(indicator.code, indicator.max_score * Decimal("0.8")), indicator.max_score)
            items.append({"indicator": indicator.code, "score": score.quantize(Decimal("0.01")), "reason": ""})
    services.sheet_score(actor=secretary, assessment=assessment, participant=participant, items=items)
    return 2

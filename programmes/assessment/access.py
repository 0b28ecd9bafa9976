"""Who may do what with a programme's year-end assessment (404 to whoever does not see the programme, 403 to whoever
sees it without the right):

- the programme's organisers (programmes.access.may_organise) open it, edit its indicator set, score, publish,
  request and decide corrections, export;
- a participant and the person responsible for them see the participant's own sheet once it is published.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from programmes.access import may_organise, programme_for_user
from programmes.assessment.models import Assessment, Correction, Sheet, SheetStatus
from programmes.models import Participant, Programme


def assessment_for_user(user, pk) -> tuple[Programme, Assessment | None]:
    """The programme (pk) and its assessment, or None while it is not opened: organisers only."""
    programme = programme_for_user(user, pk, organise=True)
    return programme, Assessment.objects.filter(programme=programme).select_related("scheme").first()


def opened_for_user(user, pk) -> Assessment:
    programme, assessment = assessment_for_user(user, pk)
    if assessment is None:
        raise Http404
    assessment.programme = programme
    return assessment


def sheet_for_user(user, pk, participant_pk) -> tuple[Programme, Participant, Assessment | None, Sheet | None, bool]:
    """(programme, participant, assessment, current sheet, organises): an organiser sees every sheet; the participant
    and the person responsible for them see it once published."""
    programme = programme_for_user(user, pk)
    participant = (
        Participant.objects.select_related("person", "responsible")
        .filter(programme=programme, pk=participant_pk)
        .first()
    )
    if participant is None:
        raise Http404
    assessment = Assessment.objects.filter(programme=programme).select_related("scheme").first()
    sheet = None
    if assessment is not None:
        assessment.programme = programme
        sheet = (
            Sheet.objects.filter(assessment=assessment, participant=participant)
            .exclude(status=SheetStatus.SUPERSEDED)
            .select_related("scored_by", "scheme")
            .first()
        )
    organises = may_organise(user, programme)
    if not organises:
        own = user.pk in (participant.person_id, participant.responsible_id)
        if not (own and sheet is not None and sheet.status == SheetStatus.PUBLISHED):
            raise PermissionDenied
    return programme, participant, assessment, sheet, organises


def correction_for_user(user, pk) -> Correction:
    """A correction to decide: organisers of its programme."""
    correction = (
        Correction.objects.select_related("sheet__assessment__programme__organisation", "sheet__participant__person")
        .filter(pk=pk)
        .first()
    )
    if correction is None:
        raise Http404
    programme_for_user(user, correction.sheet.assessment.programme_id, organise=True)
    return correction

"""The two tracks of a case: which schools act on them, which schools they inspect, and opening a
project/feature track from the application Process B filed for the pair (DOMAIN §4.4)."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from workflows.evaluation.models import EvaluationCase, ProjectEvaluation, RoutineEvaluation, Track
from workflows.evaluation.schemes import assesses, self_evaluation_due

# Process B's application kinds for each component.
APPLICATION_KIND = {Track.PROJECT: "HELP_PROJECT", Track.FEATURE: "FEATURE"}


def acting_schools(track) -> list:
    """Schools whose lead self-evaluates the track: the school for a routine term, either school of the
    pair for the help project, the member school for its feature plan."""
    if isinstance(track, RoutineEvaluation):
        return [track.school]
    return track.inspected_schools()


def inspected_schools(track) -> list:
    """Schools whose staff may not assess the track (DOMAIN C7)."""
    return [track.school] if isinstance(track, RoutineEvaluation) else track.inspected_schools()


def describe(track) -> dict:
    if isinstance(track, RoutineEvaluation):
        return {"routine_id": track.pk, "school": track.school.name, "term": track.term}
    return {
        "project_id": track.pk,
        "component": track.component,
        "core_school": track.core_school.name,
        "member_school": track.member_school.name,
        "application_id": track.application_id,
    }


def project_track_open(*, case: EvaluationCase, core_school, member_school, component: str) -> ProjectEvaluation:
    """The pair's track for the component, opened (FILED) from its filed application if not yet there."""
    from workflows.community.selectors import filed_application  # Process B owns the application

    existing = ProjectEvaluation.objects.filter(case=case, member_school=member_school, component=component).first()
    if existing is not None:
        return existing
    if not assesses(case.scheme, component, case.community.community_type):
        raise ApplicationError("feature_not_assessed", _("This community type has no feature evaluation."))
    application = filed_application(
        community=case.community,
        core_school=core_school,
        member_school=member_school,
        school_year=case.school_year,
        kind=APPLICATION_KIND[component],
    )
    if application is None or not getattr(application, "assessed", True):
        raise ApplicationError(
            "application_not_filed",
            _("The bureau has not filed this pair's application for the year, so there is nothing to evaluate yet."),
        )
    return ProjectEvaluation.objects.create(
        case=case,
        core_school=core_school,
        member_school=member_school,
        component=component,
        application_id=application.pk,
        due=self_evaluation_due(case.scheme, case.school_year, component),
    )

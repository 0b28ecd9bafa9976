"""The two tracks of a case: which schools act on them, which schools they inspect, which one an action acts on,
and opening a project/feature track from the application Process B filed for the pair (DOMAIN §4.4)."""

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


def label(track) -> str:
    """What a track is called on a page: the school and term, or the member school and the component."""
    if isinstance(track, RoutineEvaluation):
        return f"{track.school.name} · {track.get_term_display()}"
    return f"{track.member_school.name} · {track.get_component_display()}"


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
    from workflows.community.spec import filed_application  # Process B owns the application

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


def case_schools(case: EvaluationCase) -> list:
    return [ev.school for ev in case.routine.select_related("school").filter(term=1)]


def target_for(action, case: EvaluationCase, data: dict):
    """What an action acts on, locked (the kit engine's ``target``): the case, or the track its input names — by
    routine_id, by project_id, or by pair and component. A project track not opened yet is only sketched (unsaved)
    until the actor's right on it is checked; ``opened`` then opens it."""
    from workflows.evaluation.actions import CASE, PROJECT, ROUTINE, target_of

    target = target_of(action)
    if target == CASE:
        return case
    if data.get("routine_id") and target != PROJECT:
        found = (
            RoutineEvaluation.objects.select_for_update(of=("self",))
            .select_related("school")
            .filter(case=case, pk=data["routine_id"])
            .first()
        )
        field_name = "routine_id"
    elif data.get("project_id") and target != ROUTINE:
        found = (
            ProjectEvaluation.objects.select_for_update(of=("self",))
            .select_related("core_school", "member_school")
            .filter(case=case, pk=data["project_id"])
            .first()
        )
        field_name = "project_id"
    else:
        schools = case_schools(case)
        member = next((s for s in schools if s.pk == data["member_school_id"] and not s.is_core_school), None)
        core = next((s for s in schools if s.is_core_school), None)
        if member is None or core is None:
            raise ApplicationError(
                "evaluation_unknown", _("No such evaluation in this case."), fields={"member_school_id": ["?"]}
            )
        found = ProjectEvaluation.objects.select_for_update(of=("self",)).filter(
            case=case, member_school=member, component=data["component"]
        ).select_related("core_school", "member_school").first() or ProjectEvaluation(
            case=case, core_school=core, member_school=member, component=data["component"]
        )
        field_name = "member_school_id"
    if found is None:
        raise ApplicationError("evaluation_unknown", _("No such evaluation in this case."), fields={field_name: ["?"]})
    found.case = case
    return found


def opened(sketch: ProjectEvaluation) -> None:
    """Open a sketched track from the pair's filed application (Process B), locked like any other; the sketch
    becomes that row, so the engine saves what the step changes on it."""
    track = project_track_open(
        case=sketch.case, core_school=sketch.core_school, member_school=sketch.member_school, component=sketch.component
    )
    row = ProjectEvaluation.objects.select_for_update(of=("self",)).get(pk=track.pk)
    for field in ProjectEvaluation._meta.concrete_fields:
        setattr(sketch, field.attname, getattr(row, field.attname))
    sketch._state.adding, sketch._state.db = False, row._state.db

"""Reads for evaluation cases: visibility, lists, the loaded case page, what the viewer may do now,
history and results. Each costs a fixed number of queries, whatever the number of tracks or scores."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts import roles
from accounts.models import Membership, Organisation, User
from accounts.permissions import ancestor_paths
from audit.models import AuditEvent
from workflows.evaluation.actions import (
    ACTIONS,
    BUREAU,
    CASE,
    PROJECT,
    ROUTINE,
    SCHOOL,
    TRACK,
    changes_scores,
    target_of,
)
from workflows.evaluation.models import (
    Appointment,
    CaseStatus,
    CorrectionStatus,
    EvaluationCase,
    EvaluationProcess,
    GradingResult,
    IndicatorScore,
    OnSiteVisit,
    ProjectEvaluation,
    ProjectStatus,
    ResultCorrection,
    RoutineEvaluation,
    RoutineStatus,
    Track,
)
from workflows.evaluation.rights import perms_by_org
from workflows.evaluation.schemes import assesses
from workflows.evaluation.tracks import acting_schools, inspected_schools
from workflows.schools import community_visible_q


def cases_visible_to(user) -> QuerySet[EvaluationCase]:
    """Cases of the communities the user belongs to, is above or has a school in, and the cases of the
    evaluations the user is appointed to (an inspector from another community sees only those)."""
    if not (user.is_authenticated and user.is_active):
        return EvaluationCase.objects.none()
    appointed = Appointment.objects.filter(user=user).values("project__case_id")
    return EvaluationCase.objects.filter(community_visible_q(user, "community__path") | Q(pk__in=appointed))


def filter_cases(cases: QuerySet[EvaluationCase], params, *, organisation=None) -> QuerySet[EvaluationCase]:
    """The list page's filters (school year, organisation subtree); bad values are ignored."""
    year = str(params.get("year") or "")
    if year.isdigit():
        cases = cases.filter(school_year=int(year))
    if organisation is not None:
        cases = cases.filter(community__path__startswith=organisation.path)
    return cases


def case_list(user) -> QuerySet[EvaluationCase]:
    return (
        cases_visible_to(user)
        .select_related("community", "scheme")
        .annotate(
            routine_total=Count("routine", distinct=True),
            routine_scored=Count("routine", filter=Q(routine__status=RoutineStatus.SCORED), distinct=True),
            project_total=Count("projects", distinct=True),
            project_scored=Count("projects", filter=Q(projects__status=ProjectStatus.SCORED), distinct=True),
        )
        .order_by("-school_year", "community__path")
    )


def _scores():
    return IndicatorScore.objects.select_related("indicator", "assessed_by").prefetch_related("evidence")


def case_loaded(queryset: QuerySet[EvaluationCase]) -> QuerySet[EvaluationCase]:
    """Everything the case page and the detail API show, prefetched."""
    return queryset.select_related(
        "community", "scheme__routine_set", "scheme__project_set", "scheme__feature_set", "created_by", "process"
    ).prefetch_related(
        Prefetch(
            "routine",
            queryset=RoutineEvaluation.objects.select_related("school", "self_submitted_by", "scored_by")
            .prefetch_related(Prefetch("scores", queryset=_scores()))
            .order_by("-school__is_core_school", "school__path", "term"),
        ),
        Prefetch(
            "projects",
            queryset=ProjectEvaluation.objects.select_related(
                "core_school", "member_school", "self_submitted_by", "scored_by"
            )
            .prefetch_related(
                Prefetch("scores", queryset=_scores()),
                Prefetch("appointments", queryset=Appointment.objects.select_related("user")),
                Prefetch(
                    "visits",
                    queryset=OnSiteVisit.objects.select_related("recorded_by").prefetch_related("inspectors", "photos"),
                ),
            )
            .order_by("member_school__path", "-component"),
        ),
        Prefetch(
            "results",
            queryset=GradingResult.objects.select_related("computed_by", "published_by")
            .prefetch_related(
                Prefetch("corrections", queryset=ResultCorrection.objects.select_related("requested_by", "decided_by"))
            )
            .order_by("version"),
        ),
    )


def sees_unpublished(user, case: EvaluationCase) -> bool:
    """The bureau side (case rights at the community or above) sees results before publication."""
    return roles.SEE_CASES in perms_by_org(user, [case.community])[case.community.pk]


def visible_results(case: EvaluationCase, user, *, bureau_side: bool | None = None) -> list[GradingResult]:
    bureau_side = sees_unpublished(user, case) if bureau_side is None else bureau_side
    return [r for r in case.results.all() if bureau_side or r.published_at is not None]


def missing_tracks(case: EvaluationCase) -> list[dict]:
    """Pairs whose project or feature track has not opened yet (its application not filed at opening)."""
    schools = [ev.school for ev in case.routine.all() if ev.term == 1]
    core = next((s for s in schools if s.is_core_school), None)
    have = {(p.member_school_id, p.component) for p in case.projects.all()}
    out = []
    for member in (s for s in schools if not s.is_core_school):
        for component in (Track.PROJECT, Track.FEATURE):
            if (member.pk, component) not in have and assesses(case.scheme, component, case.community.community_type):
                out.append({"core_school": core, "member_school": member, "component": component})
    return out


def available_actions(case: EvaluationCase, user) -> list[dict]:
    """What the viewer could run now, each with the track it applies to (the engine re-checks all of it).
    Expects a case from case_loaded()."""
    routine, projects = list(case.routine.all()), list(case.projects.all())
    schools = [ev.school for ev in routine if ev.term == 1]
    held = perms_by_org(user, [case.community, *schools])
    appointed = {(a.project_id, a.role) for p in projects for a in p.appointments.all() if a.user_id == user.pk}

    def may(spec, track=None) -> bool:
        if spec.where == BUREAU:
            return spec.perm in held[case.community.pk]
        if spec.where == SCHOOL:
            return any(spec.perm in held.get(s.pk, set()) for s in acting_schools(track))
        return (track.pk, spec.appointed) in appointed

    out = []
    for code, spec in ACTIONS.items():
        if changes_scores(spec) and case.status == CaseStatus.PUBLISHED:
            continue
        if target_of(spec) == CASE:
            if case.status in spec.transitions and may(spec) and _case_action_useful(code, case, user):
                out.append({"action": code, "label": str(spec.label)})
            continue
        if case.status != CaseStatus.OPEN:
            continue
        tracks = [("routine_id", t) for t in routine if target_of(spec) in (ROUTINE, TRACK)]
        tracks += [("project_id", t) for t in projects if target_of(spec) in (PROJECT, TRACK)]
        for key, track in tracks:
            if track.status in spec.transitions and may(spec, track):
                out.append({"action": code, "label": str(spec.label), key: track.pk})
    spec = ACTIONS["self_evaluate"]
    if case.status == CaseStatus.OPEN:
        for gap in missing_tracks(case):
            schools = [gap["member_school"]] + ([gap["core_school"]] if gap["component"] == Track.PROJECT else [])
            if any(spec.perm in held.get(s.pk, set()) for s in schools):
                out.append(
                    {
                        "action": "self_evaluate",
                        "label": str(spec.label),
                        "member_school_id": gap["member_school"].pk,
                        "component": gap["component"],
                    }
                )
    return out


def _case_action_useful(code: str, case: EvaluationCase, user) -> bool:
    if code in ("approve_correction", "reject_correction"):
        pending = [c for r in case.results.all() for c in r.corrections.all() if c.status == CorrectionStatus.PENDING]
        return any(code == "reject_correction" or c.requested_by_id != user.pk for c in pending)
    return True


def case_history(case: EvaluationCase) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(process="evaluation", case_id=case.pk).select_related("actor").order_by("pk")


def cc_candidates(process) -> QuerySet[User]:
    """People who may be copied (抄送) on an evaluation: those with a role in its community, its schools or above."""
    community = (process.case if isinstance(process, EvaluationProcess) else process).community  # or the case
    around = Q(memberships__organisation__path__startswith=community.path) | Q(
        memberships__organisation__path__in=ancestor_paths(community.path)
    )
    return User.objects.filter(around, is_active=True).distinct().order_by("real_name")


def appointable(track: ProjectEvaluation, day) -> QuerySet[User]:
    """Whom the leading group may appoint to a track's inspection team or panel on ``day``, as the appointment
    checks it: people working in the bureau's tree (not only in an administrative role), none of them from an
    inspected school (C7)."""
    from workflows.access import ADMINISTRATIVE_ROLES

    memberships = Membership.objects.active_on(day)
    root = track.case.community.path[: Organisation.steplen]
    working = memberships.filter(organisation__path__startswith=root).exclude(role__in=ADMINISTRATIVE_ROLES)
    people = User.objects.filter(is_active=True, pk__in=working.values("user_id"))
    for school in inspected_schools(track):
        people = people.exclude(pk__in=memberships.filter(organisation__path__startswith=school.path).values("user_id"))
    return people.order_by("real_name", "pk")

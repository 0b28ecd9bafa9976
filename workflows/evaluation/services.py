"""Writes outside the action catalogue: opening a community's year, and publishing new versions of the
indicator sets and the scheme (versioned data: never edited, only superseded by a next version)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.permissions import role_used
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from workflows.announce import announce_open_tasks
from workflows.evaluation.flows import EvaluationFlow
from workflows.evaluation.inputs import CaseOpenInput, validated
from workflows.evaluation.models import (
    CaseStatus,
    EvaluationCase,
    Indicator,
    IndicatorSet,
    RoutineEvaluation,
    SchemeVersion,
    Track,
)
from workflows.evaluation.rights import perms_by_org
from workflows.evaluation.schemes import YEAR_END_FULL_MARKS, assesses, grading_scheme, self_evaluation_due
from workflows.evaluation.tracks import project_track_open
from workflows.schools import communities_visible_to, core_school_of, member_schools_of

OPENERS = (roles.ORGANISE_EVALUATION, roles.REVIEW_COMMUNITY)


def case_open(*, actor, payload: dict, today: datetime.date | None = None, client_type="", ip=None) -> EvaluationCase:
    """Open a community's evaluation for a school year: a routine track per school and term, and a
    project/feature track for each application Process B has already filed (later ones open on the
    school's self-evaluation). The leading group or the basic-education section may open it."""
    today = today or business_today()
    data = validated(CaseOpenInput, payload)
    community = communities_visible_to(actor).filter(pk=data["community"]).first()
    if community is None:
        raise Http404
    held = perms_by_org(actor, [community])[community.pk]
    perm = next((p for p in OPENERS if p in held), None)
    if perm is None:
        raise PermissionDenied
    scheme = (
        SchemeVersion.objects.filter(pk=data["scheme"]).first()
        if data["scheme"]
        else SchemeVersion.objects.filter(is_default=True).first()
    )
    if scheme is None:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"scheme": [_("Unknown scheme.")]})
    core = core_school_of(community)
    members = list(member_schools_of(community).order_by("path"))
    if core is None or not members:
        raise ApplicationError("community_incomplete", _("The community needs a core school and a member school."))
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the unique constraint settles a race between two openers
                case = EvaluationCase.objects.create(
                    community=community, school_year=data["school_year"], scheme=scheme, created_by=actor
                )
        except IntegrityError:
            raise ConflictError("case_exists", _("This community's evaluation for the year is already open."))
        for school in [core, *members]:
            for term in (1, 2):
                RoutineEvaluation.objects.create(
                    case=case,
                    school=school,
                    term=term,
                    due=self_evaluation_due(scheme, case.school_year, Track.ROUTINE, term),
                )
        opened = []
        for member in members:
            for component in (Track.PROJECT, Track.FEATURE):
                if not assesses(scheme, component, community.community_type):
                    continue
                try:
                    track = project_track_open(case=case, core_school=core, member_school=member, component=component)
                except ApplicationError:
                    continue  # not filed yet: the track opens with the school's self-evaluation
                opened.append(
                    {"member_school": member.name, "component": component, "application_id": track.application_id}
                )
        audit_record(
            process="evaluation",
            case_id=case.pk,
            action="open",
            actor=actor,
            actor_role=role_used(actor, perm, community, today),
            organisation=community,
            business_date=today,
            from_state="",
            to_state=CaseStatus.OPEN,
            rule_set=scheme.code,
            data={
                "community": community.name,
                "community_type": community.community_type,
                "school_year": case.school_year,
                "scheme": scheme.code,
                "reading": scheme.reading,
                "schools": [s.name for s in [core, *members]],
                "project_tracks": opened,
            },
            client_type=client_type,
            ip=ip,
        )
        # Its steps as tasks (the schools' self-evaluations first), told to whoever can act on them after commit.
        process = EvaluationFlow.start.run(case=case, initiator=actor)
        announce_open_tasks(process.pk, case=process, actor=actor)
    return case


def indicator_set_publish(*, code: str, track: str, title: str, indicators: list[dict]) -> IndicatorSet:
    """The next version of an indicator set; full marks are the sum of the maxima."""
    if track not in Track.values:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"track": [track]})
    codes = [i.get("code") for i in indicators]
    if not indicators or not all(codes) or len(set(codes)) != len(codes):
        raise ApplicationError("invalid", _("Every indicator needs a unique code."))
    maxima = [Decimal(str(i["max_score"])) for i in indicators]
    if min(maxima) <= 0:
        raise ApplicationError("invalid", _("Every indicator needs a positive maximum."))
    with transaction.atomic():
        latest = IndicatorSet.objects.select_for_update().filter(code=code).order_by("-version").first()
        made = IndicatorSet.objects.create(
            code=code, version=(latest.version + 1 if latest else 1), track=track, title=title, full_marks=sum(maxima)
        )
        Indicator.objects.bulk_create(
            Indicator(
                indicator_set=made,
                code=item["code"],
                title=item["title"],
                description=item.get("description", ""),
                max_score=maxima[order],
                order=order + 1,
            )
            for order, item in enumerate(indicators)
        )
    return made


def scheme_version_create(
    *, code: str, title: str, routine_set: IndicatorSet, project_set: IndicatorSet, feature_set: IndicatorSet, **fields
) -> SchemeVersion:
    """A new scheme version, checked as the grading engine will read it (C5: ratios keyed by component × type)."""
    version = SchemeVersion(
        code=code, title=title, routine_set=routine_set, project_set=project_set, feature_set=feature_set, **fields
    )
    version.routine_full_marks = fields.get("routine_full_marks", routine_set.full_marks)
    scheme_checked(version)
    with transaction.atomic():
        if version.is_default:
            SchemeVersion.objects.filter(is_default=True).update(is_default=False)
        version.save()
    return version


def scheme_checked(version: SchemeVersion) -> None:
    """Refuse a scheme version the grading engine could not read (C5: ratios keyed by component × type), with
    indicator sets of the wrong component, full marks that do not match them, or a deadline that is no date."""
    grading_scheme(version).validate()
    for indicator_set, track in (
        (version.routine_set, Track.ROUTINE),
        (version.project_set, Track.PROJECT),
        (version.feature_set, Track.FEATURE),
    ):
        if indicator_set.track != track:
            raise ApplicationError("indicator_set_track", _("An indicator set is used for the wrong component."))
    if Decimal(version.routine_full_marks) != version.routine_set.full_marks or {
        version.project_set.full_marks,
        version.feature_set.full_marks,
    } != {YEAR_END_FULL_MARKS}:
        raise ApplicationError(
            "full_marks_mismatch",
            _("Routine full marks must match the routine indicators; project and feature indicators total 40."),
            fields={"routine_full_marks": [str(version.routine_set.full_marks)]},
        )
    for month, day in (
        (version.term1_due_month, version.term1_due_day),
        (version.term2_due_month, version.term2_due_day),
        (version.project_due_month, version.project_due_day),
    ):
        try:
            datetime.date(2001, month, day)
        except ValueError:
            raise ApplicationError("invalid", _("A deadline is not a valid date."))

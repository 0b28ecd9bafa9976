"""Which steps an evaluation case waits for now (DOMAIN §4.4), each as the node that runs it and its task's data:
the part of the case it acts on, whom it asks for and, where the domain fixes one, the date it is due by. The flow's
gateway opens them as tasks (workflows.evaluation.flows); the engine's transition table alone moves the stages.

Due dates. A self-evaluation is due on its track's date, from the scheme version (routine terms 11-10 and 06-10,
project and feature plans 05-30). The bureau evaluates each term in the month its self-evaluations are due (学期评估:
November and June), so its evaluation and the term score are due on that month's last day. The seed fixes no date
for the year-end steps — appointing, the on-site check, the panel review and its confirmation, aggregation and
publication happen "at the year's end" (学年末) — so they carry none.

It reads the case only through its relations, so that migration 0004 runs it on its historical models too.
"""

import calendar
import datetime

from accounts import roles
from workflows.evaluation.schemes import assesses

# Whom each step asks for: the holders of a right on an organisation (the track's school, or for the bureau's steps
# the community, held there or above), or None for the steps of appointed people (one task per person).
STEP_RIGHTS = {
    "self_evaluate": f"accounts.{roles.SUBMIT_SCHOOL_APPLICATIONS}",
    "term_evaluate": f"accounts.{roles.REVIEW_COMMUNITY}",
    "term_score": f"accounts.{roles.REVIEW_COMMUNITY}",
    "appoint": f"accounts.{roles.ORGANISE_EVALUATION}",
    "record_visit": None,
    "panel_score": None,
    "panel_confirm": f"accounts.{roles.ORGANISE_EVALUATION}",
    "aggregate": f"accounts.{roles.REVIEW_COMMUNITY}",
    "publish": f"accounts.{roles.ORGANISE_EVALUATION}",
    "decide_correction": f"accounts.{roles.ORGANISE_EVALUATION}",
}
# What tells two steps of one node apart: the part of the case and whom it asks for (never its due date, nor what
# a claim (认领) adds to the task's data).
IDENTITY = ("routine_id", "project_id", "correction_id", "org_id", "user_id")


def identity(node: str, data: dict) -> tuple:
    return (node, *((data or {}).get(key) for key in IDENTITY))


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _step(node: str, part: dict, *, org=None, user_id=None, due=None) -> tuple[str, dict]:
    data = dict(part)
    if org is not None:
        data["org_id"] = org.pk
    if user_id is not None:
        data["user_id"] = user_id
    if due is not None:
        data["due"] = due.isoformat()
    return node, data


def _routine_steps(track, community) -> list[tuple[str, dict]]:
    part = {"routine_id": track.pk, "school": track.school.name, "term": track.term}
    if track.status == "OPEN":
        return [_step("self_evaluate", part, org=track.school, due=track.due)]
    if track.status in ("SELF_SUBMITTED", "BUREAU_EVALUATED"):
        node = "term_evaluate" if track.status == "SELF_SUBMITTED" else "term_score"
        return [_step(node, part, org=community, due=_month_end(track.due))]
    return []


def _project_steps(track, community) -> list[tuple[str, dict]]:
    part = {"project_id": track.pk, "school": track.member_school.name, "component": track.component}
    appointed = list(track.appointments.all())
    if track.status == "FILED":  # the help project: either school of the pair; the feature plan: the member school
        schools = [track.core_school, track.member_school] if track.component == "PROJECT" else [track.member_school]
        return [_step("self_evaluate", part, org=school, due=track.due) for school in schools]
    if track.status == "ON_SITE_CHECK":
        people = sorted({a.user_id for a in appointed if a.role == "INSPECTOR"})
        return [_step("record_visit", part, user_id=pk) for pk in people] or [_step("appoint", part, org=community)]
    if track.status == "PANEL_REVIEW":
        scores = list(track.scores.all())
        if scores and all(s.assessed_score is not None for s in scores):
            return [_step("panel_confirm", part, org=community)]
        people = sorted({a.user_id for a in appointed if a.role == "PANEL"})
        return [_step("panel_score", part, user_id=pk) for pk in people] or [_step("appoint", part, org=community)]
    if track.status == "SELF_SUBMITTED":
        return [_step("appoint", part, org=community)]
    return []


def _all_scored(case, routine, projects) -> bool:
    """Every input of the year is in (DOMAIN C6): each track scored, and every pair's project and feature
    evaluation that the community type is assessed on opened."""
    if not routine or any(t.status != "SCORED" for t in routine + projects):
        return False
    opened = {(p.member_school_id, p.component) for p in projects}
    members = {t.school_id for t in routine if not t.school.is_core_school}
    wanted = [c for c in ("PROJECT", "FEATURE") if assesses(case.scheme, c, case.community.community_type)]
    return all((member, c) in opened for member in members for c in wanted)


def steps_due(case) -> list[tuple[str, dict]]:
    """(node, task data) of every step the case waits for now."""
    community = case.community
    steps: list[tuple[str, dict]] = []
    if case.status == "OPEN":
        routine = list(case.routine.select_related("school").order_by("pk"))
        projects = list(
            case.projects.select_related("core_school", "member_school")
            .prefetch_related("appointments", "scores")
            .order_by("pk")
        )
        for track in routine:
            steps += _routine_steps(track, community)
        for track in projects:
            steps += _project_steps(track, community)
        if _all_scored(case, routine, projects):
            steps.append(_step("aggregate", {}, org=community))
    elif case.status == "AGGREGATED":
        steps.append(_step("publish", {}, org=community))
    if case.status != "OPEN":
        results = case.results.prefetch_related("corrections").order_by("pk")
        for correction in (c for r in results for c in r.corrections.all() if c.status == "PENDING"):
            steps.append(_step("decide_correction", {"correction_id": correction.pk}, org=community))
    return steps

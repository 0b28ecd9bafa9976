"""The evaluation's case page as the kit shows it (templates/evaluation/case.html extends kit/case.html): what the
viewer can do now, each step named with the track it acts on; the two tracks of every school with their scores,
appointments and visits; the results the viewer may see. The list page's filters and the states' names."""

from django.db.models import QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from accounts.permissions import organisations_granted
from audit.models import AuditEvent
from forms.selectors import files_linked
from workflows.evaluation import selectors
from workflows.evaluation.models import CaseStatus, ProjectStatus, RoutineEvaluation, RoutineStatus, Track
from workflows.evaluation.progress import action_url
from workflows.evaluation.scheme_services import READERS
from workflows.evaluation.step_forms import TRACK_KEYS
from workflows.evaluation.tracks import label as track_label

# Every state a case or a track passes through, in words (a track's and the case's OPEN differ: the case's wins,
# as only the year's opening moves anything into OPEN).
TERMS = dict(RoutineEvaluation._meta.get_field("term").choices)
STATES = {**dict(RoutineStatus.choices), **dict(ProjectStatus.choices), **dict(CaseStatus.choices)}


def state_label(state: str) -> str:
    return str(STATES.get(state, ""))


def title(case) -> str:
    year = _("School year %(start)d–%(end)d") % {"start": case.school_year, "end": case.school_year + 1}
    return f"{case.community.name} · {year}"


def offered(case, user) -> list[dict]:
    """What the viewer could run now, each with the track it acts on (selectors.available_actions), read once for
    the page: the kit asks for the case's actions, the page for its tracks'."""
    cached = getattr(case, "_offered", None)
    if cached is None or cached[0] != user.pk:
        case._offered = (user.pk, selectors.available_actions(case, user))
    return case._offered[1]


def available(case, user) -> list[str]:
    """The year's own steps the viewer may take now (aggregate, publish, corrections): those on no track."""
    return [item["action"] for item in offered(case, user) if not any(key in item for key in TRACK_KEYS)]


def _about(item: dict, tracks: dict, gaps: dict) -> str:
    if "routine_id" in item or "project_id" in item:
        key = ("routine", item["routine_id"]) if "routine_id" in item else ("project", item["project_id"])
        return track_label(tracks[key])
    if "member_school_id" in item:
        gap = gaps[(item["member_school_id"], item["component"])]
        return f"{gap['member_school'].name} · {Track(gap['component']).label}"
    return ""


def case_context(request, case, events) -> dict:
    """The tracks, the results, and what the viewer can do now on the year and on each track (for the kit's "now"
    card and the phone's action bar)."""
    tracks = {("routine", t.pk): t for t in case.routine.all()} | {("project", t.pk): t for t in case.projects.all()}
    gaps = selectors.missing_tracks(case)
    by_pair = {(gap["member_school"].pk, gap["component"]): gap for gap in gaps}
    actions = []
    for item in offered(case, request.user):
        part = {key: item[key] for key in TRACK_KEYS if key in item}
        about = _about(item, tracks, by_pair)
        label = f"{item['label']} · {about}" if about else item["label"]
        actions.append((item["action"], label, action_url(case, item["action"], part)))
    return {
        "actions": actions,
        "quick_actions": actions[:2],
        "routine": list(case.routine.all()),
        "projects": list(case.projects.all()),
        "gaps": gaps,
        "results": selectors.visible_results(case, request.user),
    }


def list_context(request) -> dict:
    """The school years of the cases the person sees (the list's filter)."""
    years = selectors.cases_visible_to(request.user).values_list("school_year", flat=True)
    reads_schemes = any(organisations_granted(request.user, perm).exists() for perm in READERS)
    return {"years": sorted(set(years), reverse=True), "year": request.GET.get("year", ""), "schemes": reads_schemes}


def whose(event) -> str:
    """Which school (and term, or component) an event concerns, from the track facts its data records."""
    data = event.data or {}
    if data.get("term") in (1, 2) and data.get("school"):
        return f"{data['school']} · {TERMS[data['term']]}"
    if data.get("component") in Track.values and data.get("member_school"):
        schools = data["member_school"]
        if data["component"] == Track.PROJECT and data.get("core_school"):
            schools = f"{data['core_school']}、{data['member_school']}"
        return f"{schools} · {Track(data['component']).label}"
    return _("The whole community")


def events_in_order(case) -> QuerySet[AuditEvent]:
    """The case's events in date order (the business date, else the day recorded; then when recorded): the page's
    history and the API's."""
    day = Coalesce("business_date", TruncDate("created_at"))
    events = AuditEvent.objects.filter(process="evaluation", case_id=case.pk).select_related("actor")
    return events.order_by(day, "created_at", "pk")


def history(request, case) -> list:
    """The page's history: in date order, each event saying whose it is, with its files linked (预览 / 下载)."""
    events = files_linked(events_in_order(case))
    for event in events:
        event.about = whose(event)
    return events

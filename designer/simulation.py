"""The designer page's live checks: a document's problems for a sample initiator (a node whose ``who`` finds nobody
for them), and a simulation — for an initiator and field values, the path the case would take and who would act at
each node. People and organisations are named only within the designer's own reach."""

import dataclasses

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.permissions import granted_roots
from accounts.roles import DESIGN_PROCESSES
from core.dates import business_today
from core.exceptions import ApplicationError
from designer import walking
from designer.selectors import current_memberships

LIMIT = 20


def _roots(user) -> list[str]:
    return [""] if user.is_superuser else granted_roots(user, DESIGN_PROCESSES)


def _reach_q(user, field: str) -> Q:
    condition = Q(pk__in=[])
    for root in _roots(user):
        condition |= Q(**{f"{field}__startswith": root})
    return condition


def people_in_reach(user, q: str = "", *, limit: int = LIMIT) -> list[dict]:
    """Active people with a role in the designer's subtree, matching ``q`` (name or user name)."""
    people = User.objects.filter(is_active=True, memberships__in=_memberships_q(user)).distinct()
    if q:
        people = people.filter(Q(real_name__icontains=q) | Q(username__icontains=q))
    rows = []
    for person in people.order_by("real_name", "pk")[:limit]:
        membership = person.memberships.select_related("organisation").order_by("-valid_from").first()
        rows.append(
            {
                "id": person.pk,
                "name": person.real_name,
                "organisation": membership.organisation.name if membership else "",
            }
        )
    return rows


def _memberships_q(user):
    from accounts.models import Membership

    return Membership.objects.filter(_reach_q(user, "organisation__path"))


def organisations_in_reach(user, q: str = "", *, limit: int = LIMIT) -> list[dict]:
    found = Organisation.objects.filter(_reach_q(user, "path"))
    if q:
        found = found.filter(name__icontains=q)
    return [{"id": o.pk, "name": o.name} for o in found.order_by("path")[:limit]]


def _person_in_reach(user, pk) -> User:
    person = User.objects.filter(pk=pk, is_active=True, memberships__in=_memberships_q(user)).distinct().first()
    if person is None:
        raise ApplicationError(
            "person_not_eligible",
            _("This person is outside the organisations you design for."),
            fields={"initiator": [str(pk)]},
        )
    return person


def _place(person: User, organisation_id=None) -> Organisation:
    memberships = current_memberships(person, business_today())
    places = [m.organisation for m in memberships]
    chosen = next((o for o in places if o.pk == organisation_id), None)
    if chosen is None and not places:
        raise ApplicationError(
            "person_without_role", _("This person holds no role today."), fields={"initiator": [str(person.pk)]}
        )
    return chosen or sorted(places, key=lambda o: -o.depth)[0]


class _Owner:
    """The definition's owner for a document not yet saved: the sample's organisation's root (whose process
    administrators would act for empty nodes)."""

    def __init__(self, organisation):
        self.owner = type(organisation).objects.get(path=organisation.path[: organisation.steplen])


def sample_problems(user, document: dict, sample_id=None) -> list:
    from designer.services import problems_of

    if not sample_id:
        return problems_of(document)
    person = _person_in_reach(user, sample_id)
    organisation = _place(person)
    walker = walking.walker_for(
        document=document,
        definition=_Owner(organisation),
        initiator=person,
        organisation=organisation,
        values={},
        day=business_today(),
    )

    def people_for(who: dict, node: dict) -> list[int]:
        return walker.resolver.people(who, values={}, chosen=who.get("default", []), previous=[])

    return problems_of(document, people_for=people_for)


def simulated(user, *, document: dict, initiator: int, organisation=None, values=None, chosen=None) -> dict:
    """The path of a case the initiator would start with these values (those given: the rest left empty)."""
    from designer.definition import walk
    from designer.services import problems_of

    person = _person_in_reach(user, initiator)
    place = _place(person, organisation)
    problems = [p.as_dict() for p in problems_of(document)]
    given = {k: v for k, v in (values or {}).items() if v not in (None, "", [])}
    try:
        from designer.values import checked

        stored = checked(document, given, organisation=place, today=business_today(), keys=set(given))
    except ApplicationError as refused:
        return {"visits": [], "problems": problems, "refused": None, "values": refused.fields}
    picks = {k: [int(p) for p in v] for k, v in (chosen or {}).items() if isinstance(v, list)}
    walker = walking.walker_for(
        document=document,
        definition=_Owner(place),
        initiator=person,
        organisation=place,
        values=stored,
        day=business_today(),
    )
    refused = None
    visits = walk.simulate(document, walker.facts, walker.resolve, chosen=picks)
    stopped = next((visit for visit in visits if visit.passed_reason == "refused"), None)
    if stopped is not None:  # a node that must find someone finds nobody: the case could not start
        message = _("Nobody can act at “%(node)s”: the case cannot start.") % {"node": stopped.name}
        refused = {"node": stopped.node, "message": str(message)}
    ids = {pk for visit in visits for pk in visit.people}
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "real_name"))
    rows = []
    for visit in visits:
        row = dataclasses.asdict(visit)
        row["people"] = [{"id": pk, "name": names.get(pk, "")} for pk in visit.people]
        rows.append(row)
    return {"visits": rows, "problems": problems, "refused": refused}

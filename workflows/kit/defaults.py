"""What the process registry (workflows.kit.registry) derives for a process from what it declares: each function
takes the ProcessType (``kind``), or the parts of it it reads, and stands for what the process left out."""

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Q

from accounts.permissions import organisations_granted
from workflows.kit.actions import Catalogue, Context
from workflows.kit.models import SubmittedCase
from workflows.kit.people import people_around
from workflows.models import CaseCc


def derived(*args, **kwargs):
    """Stands for what a process need not declare: the registry derives it from what it does declare."""
    raise NotImplementedError


def case_fields(kind) -> dict:
    """The case's fields the kit reads that the process left out: the Process's related name for it (a Process
    subclass's name) and a SubmittedCase's deadline and lateness."""
    model = case_model(kind) if kind.flow_class is not None else None
    fields: dict = {}
    if model is not None and not kind.case_lookup and model._meta.parents:
        fields["case_lookup"] = model._meta.model_name
    if model is not None and issubclass(model, SubmittedCase):
        fields |= {"due_field": kind.due_field or "deadline", "late_field": kind.late_field or "late"}
    return fields


def api_fields(kind, api) -> dict:
    """The API list's filters, search and ordering the process left out, from its declared fields."""
    organisation = kind.pages.organisation_field if kind.pages is not None else ""
    subject, shown = kind.shown_as or ("", "")
    declared = {
        "filterset_fields": (kind.state_field, organisation, shown, kind.year_field, kind.late_field),
        "search_fields": (subject, f"{shown}__name" if shown else ""),
        "ordering_fields": (kind.year_field, "id") if kind.year_field else (),
    }
    return {name: tuple(filter(None, value)) for name, value in declared.items() if getattr(api, name) is derived}


def filtered(filters: Mapping, organisation_field: str, cases, params, organisation):
    """The list's filters as ``Pages.filters`` and ``organisation_field`` declare them; bad values are ignored."""
    for param, name in filters.items():
        value, choices = str(params.get(param) or ""), cases.model._meta.get_field(name).choices
        if value in {str(choice) for choice, _label in choices} if choices else value.isdigit():
            cases = cases.filter(**{name: value})
    if organisation is not None and organisation_field:
        cases = cases.filter(**{f"{organisation_field}__path__startswith": organisation.path})
    return cases


def case_model(kind):
    flow_class: Any = kind.flow_class  # a viewflow Flow: its process_class
    return flow_class.process_class


def visible(kind, user):
    """Who sees a case: through their organisations (``visible_q``), as who started it, as someone copied on it."""
    model = case_model(kind)
    if not (user.is_authenticated and user.is_active) or kind.visible_q is None:
        return model.objects.none()
    seen = kind.visible_q(user) | Q(pk__in=CaseCc.objects.filter(user=user).values("process_id"))
    if any(f.name == "initiator" for f in model._meta.fields):
        seen |= Q(initiator=user)
    return model.objects.filter(seen)


def state_label(kind, state) -> str:
    choices = dict(case_model(kind)._meta.get_field(kind.state_field).choices) if kind.state_field else {}
    return choices.get(state, "")


def described(kind, case) -> tuple:
    """An inbox row's (what the case is about, its organisation's name, its state in words), from ``shown_as``."""
    if not kind.shown_as:
        return ("", "", "")
    subject, organisation = (getattr(case, name) for name in kind.shown_as)
    state = kind.pages.state_label(kind.state(case)) if kind.pages else ""
    return (str(subject), organisation.name, str(state))


def filter_choices(kind, request) -> dict:
    """The choices of the list's filters (Pages.filters) on fields with choices, by query parameter."""
    fields = {param: case_model(kind)._meta.get_field(name) for param, name in kind.pages.filters.items()}
    return {"choices": {param: field.choices for param, field in fields.items() if field.choices}}


def case_facts(kind, case) -> dict:
    due = getattr(case, kind.due_field) if kind.due_field else None
    return {"due": due, "action": "", "status": kind.state(case)}


def deadline_fact(kind, ctx: Context) -> None:
    due = getattr(ctx.case, kind.due_field) if kind.due_field else None
    if due:
        late = getattr(ctx.case, kind.late_field) if kind.late_field else False
        ctx.deadlines.append({"name": kind.case_lookup, "due": due.isoformat(), "met": not late})


def place(declared) -> Callable:
    """Where a right is held (ProcessType.places): as declared, or the organisations the case's field (or fields)
    holds."""
    if callable(declared):
        return declared
    names = (declared,) if isinstance(declared, str) else tuple(declared)
    return lambda case, target: [getattr(case, name) for name in names]


def working_rights(kind, case) -> list:
    """Who has a part in a case by right: each right an action of the process declares (its start's included),
    on the organisations where it is held for this case."""
    rights = []
    for action in [*kind.actions.values(), *filter(None, [kind.start])]:
        for organisation in kind.places[action.where](case, None) if action.perm and action.where else []:
            if (action.perm, organisation) not in rights:
                rights.append((action.perm, organisation))
    return rights


def organisation_of(kind, case):
    """The organisation a case belongs to: its field the pages' organisation filter reads (Pages.organisation_field)."""
    field = kind.pages.organisation_field if kind.pages is not None else ""
    return getattr(case, field) if field else None


def school_years(kind, user) -> set[int]:
    """The school years (``year_field``) of the cases the user sees."""
    if not kind.year_field:
        return set()
    return set(kind.visible_cases(user).order_by().values_list(kind.year_field, flat=True).distinct())


def action_for_step(actions: Catalogue, case, node: str, decision: str = "approve") -> str | None:
    on_node = actions.for_node(node)
    taking = [a for a in on_node if decision in a.decisions] or [a for a in on_node if not a.decisions]
    ready = [a for a in taking if a.when is None or a.when(case)] or taking
    return ready[0].code if ready else None


def copied_candidates(kind, case):
    organisation = kind.organisation_of(case)
    return None if organisation is None else people_around(organisation)


def deciders(approvers: Mapping, case, node: str) -> list | None:
    if node not in approvers:
        return None
    return [person for _mode, people in approvers[node](case) for person in people]


def lock(kind, case_id: int):
    model = case_model(kind)
    rows = ("self", model._meta.pk.name) if model._meta.parents else ("self",)  # a Process subclass: both its rows
    return model.objects.select_for_update(of=rows).select_related(*kind.case_related).get(pk=case_id)


def listed(visible_cases: Callable, related: tuple, ordering: tuple, user):
    return visible_cases(user).select_related(*related).order_by(*ordering)


def holds(codename: str, user) -> bool:
    return organisations_granted(user, codename).exists()

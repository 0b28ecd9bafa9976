"""The process registry: everything the shared code (engine, inbox, pages, API, audit, exports, dashboards,
demo) needs to know about each process. Each process app registers itself when Django starts (its apps.py);
nothing outside a process package imports one."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from workflows.kit import defaults
from workflows.kit.actions import Action, Catalogue, Context

_derived = defaults.derived  # what a process need not declare: the registry derives it from what it does


@dataclass(frozen=True)
class Collection:
    """One collection of a process's cases in the API: ``/api/v1/<prefix>/`` named ``api-<name>-…``; ``filters``
    select its cases and are added to what a POST creates (community: help projects and feature plans)."""

    prefix: str
    name: str
    filters: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Api:
    """How the kit's generic API (workflows.kit.apis) lists, shows, creates and traces a process's cases."""

    collections: tuple
    list_serializer: type
    detail_serializer: type
    # user -> QuerySet of the cases the user may see, ordered, with what the list reads; default: the visible cases
    # with ``case_related``, in ``ordering``
    case_list: Callable = _derived
    ordering: tuple = ("-pk",)
    # The new case: its input, and (actor=, payload=, client_type=, ip=) -> workflows.kit.actions.Result; default:
    # the process's start (ProcessType.start) through the engine (workflows.kit.apis.creation)
    create_input: type | None = None
    create: Callable | None = None
    history_serializer: type | None = None  # default: the audit event's columns (kit.serializers.EventSerializer)
    detail_context: Callable = lambda case, request: {}  # more serializer context for the detail
    history: Callable | None = None  # case -> QuerySet of its audit events (default: the process's, in order)
    history_context: Callable = lambda request, case: {}
    list_context: Callable = lambda request: {}  # more serializer context for the list's rows
    # The list's query parameters; default (from the process's declared fields): filters on its state, organisation
    # (Pages.organisation_field), the organisation it shows (ProcessType.shown_as), school year and lateness; search
    # in what it is about and that organisation's name; ordering by school year or id.
    filterset_fields: Any = _derived  # a tuple
    search_fields: Any = _derived
    ordering_fields: Any = _derived
    action_input_doc: type | None = None  # the schema of an action's body (default: any object)
    # More endpoints of a case, the process's own: (route after "<prefix>/<id>/", view class, URL name)
    extra: tuple = ()
    # The process's endpoints about no one case (evaluation: its schemes and indicator sets, the rules its cases are
    # scored by): (route under /api/v1/, view class, URL name)
    endpoints: tuple = ()


@dataclass(frozen=True)
class Pages:
    """How the kit's pages (workflows.kit.views, mounted by workflows.kit.urls under ``prefix``) show a process's
    cases: the case page (``templates/<process>/case.html`` extending ``kit/case.html`` when the process has one)
    and a step page per action, its form built from the action's input (workflows.kit.web_forms)."""

    prefix: str  # where the pages are mounted ("community" → /community/<pk>/, /community/<pk>/act/<action>/)
    # The URL names of the pages: ``name`` for the case page, ``<name>-action``, ``-list`` and ``-new`` for the
    # others, unless named below.
    name: str = ""
    case_name: str = ""  # URL names of the case page and of the step page
    step_name: str = ""
    list_name: str = ""  # the list of cases (<prefix>/, templates/<process>/list.html), when the kit serves it
    start_name: str = ""  # the new case's page (<prefix>/new/): its form is built from Api.create_input
    start_label: Promise | str | Callable = ""  # or user -> label; default: the label of ProcessType.start
    # Who is offered the new case's form (others: 403); default: whoever holds the right of ProcessType.start
    may_start: Callable = _derived
    start_keys: Callable = lambda params: {}  # what the new case's form is for, from its query (community: the kind)
    # The list's filters: query parameter -> the case's field it filters on (a value that is not one of the field's
    # choices, or not a number for a field without any, is ignored), and the field holding the organisation whose
    # subtree the list's organisation filter keeps ("org"). list_filter: (cases, params, organisation) -> cases.
    filters: Mapping = field(default_factory=dict)
    organisation_field: str = ""
    list_filter: Callable = _derived
    list_context: Callable = _derived  # the filters' choices; default: {"choices": {parameter: its field's choices}}
    # The home page's links to the list (workflows.start): (right, label, query string, hint) for whoever holds the
    # right; then the new case's page for whoever holds the right of ProcessType.start.
    links: tuple = ()
    title: Callable = str  # case -> who or what it is about (the heading)
    # A state (ProcessType.state, an event's to_state) in words; default: its choice of ProcessType.state_field.
    state_label: Callable = _derived
    field_labels: Mapping = field(default_factory=dict)  # input field ("meeting__date" or "date") -> its label
    error_fields: Mapping = field(default_factory=dict)  # refusal code -> the field it is shown next to
    warnings: Mapping = field(default_factory=dict)  # warning code -> what it tells the person
    skipped: frozenset = frozenset()  # input fields the pages never show (API only)
    # The choices of an input's people (``…_ids``): [(id, name)]; ``case`` is the part of the case the step acts on
    # when ``target`` names one (evaluation: a track, whose inspected schools nobody assesses), the case otherwise.
    people: Callable = lambda action, case, day: []
    widgets: Callable = lambda plan: None  # adjusts, replaces or adds fields (workflows.kit.web_forms.FormPlan)
    payload: Callable = lambda plan, cleaned, payload: payload  # the API payload made from the form, adjusted
    guide: Callable = lambda form: {}  # a step's form -> what the step needs (templates/_step_help.html)
    case_context: Callable = lambda request, case, events: {}  # more context of the case page (for its template)
    available: Callable | None = None  # (case, user) -> the actions offered now (default: kit.selectors')
    done: Callable = lambda action, result, user: None  # what to tell the person when an action (or "new") is done
    history: Callable | None = None  # (request, case) -> its audit events as the viewer may read them
    # (case, action, params) -> (target, keys): the part of the case a step acts on, from the page's query or form
    # (keys travel with the form and go into the payload); PermissionDenied when there is none.
    target: Callable | None = None
    more: tuple = ()  # (route under the prefix, view, URL name) of the process's own pages (a review, a bundle)
    # The process's own views in place of the kit's step page and new case's page, under the same routes and names
    # (designed processes: forms made from each definition's form, not from the action's input).
    step_view: Callable | None = None
    start_view: Callable | None = None

    def __post_init__(self) -> None:
        names = {"case_name": "", "step_name": "-action", "list_name": "-list", "start_name": "-new"}
        for attribute, suffix in names.items():
            if self.name and not getattr(self, attribute):
                object.__setattr__(self, attribute, self.name + suffix)
        if self.list_filter is _derived:
            object.__setattr__(self, "list_filter", partial(defaults.filtered, self.filters, self.organisation_field))


@dataclass(frozen=True)
class ProcessType:
    code: str
    label: Promise
    flow_class: type
    # user -> QuerySet of the process model; default: the cases ``visible_q`` (user -> Q) lets the user see through
    # their organisations, those they started (the case's ``initiator``) and those they are copied on (抄送).
    visible_cases: Callable = _derived
    visible_q: Callable | None = None
    # The case's own fields the kit reads when the process leaves the rest out: its state (``state``, the pages'
    # state_label, the case boxes' status), its business deadline (``due_lookup``, the boxes' due date) and whether it
    # was met (``late_field``: each event while the deadline is set records it, under the name of ``case_lookup``);
    # a SubmittedCase (workflows.kit.models) has its deadline and lateness in "deadline" and "late".
    state_field: str = ""
    due_field: str = ""
    late_field: str = ""
    # The case's form in versions (workflows.kit.versions.FormVersions): shown on its page and in its API detail.
    form_versions: Any = None
    # Derived when left out: the case of a viewflow Process (its ``case_lookup``), the URLs of the case page and of
    # a step's form (Pages.case_name, step_name), and the action that completes a step (of the actions on its node,
    # those taking the decision (Action.decisions), the first whose state guard the case meets).
    case_of: Callable = _derived  # viewflow Process -> the process's case row
    case_url: Callable = _derived  # case -> URL of its page
    action_url: Callable = _derived  # (case, action code) -> URL of the step's form
    action_code: Callable = _derived  # (case, node name, decision="approve") -> the action that completes that step
    # task -> what completing its step from the inbox or the task API adds to the action's payload: the part of the
    # case the step acts on, named in the task's data (evaluation: its track), which the step's node does not say.
    task_payload: Callable = lambda task: {}
    # (case, action, validated input) -> the open task the action works on, when a node of the process has several
    # open at once (designed processes: parallel branches; the input names its task); None: the node's latest.
    step_task: Callable | None = None
    # How the shared inbox reaches the case from a viewflow Task: the related names to load with each task,
    # and the lookups of the organisation's path and of the name a row is about (for filters).
    # case -> (who or what it is about, organisation name, where the case stands) for inbox rows
    describe: Callable = _derived
    task_related: tuple = ()
    organisation_path_lookup: str = ""
    subject_name_lookup: str = ""
    # Or the case's fields the inbox shows, from which the four above are derived: (what it is about, organisation).
    shown_as: tuple = ()
    # For the case boxes (我发起的, 抄送我的), read on viewflow's Process: the lookup of the case's business due
    # date (same "process__" form as above), and case -> {"due", "action", "status"} for its row.
    supervisors: Callable = lambda case: []  # case -> people an overdue step escalates to
    # case -> the organisation it belongs to (branch, community); default: its Pages.organisation_field, or None
    organisation_of: Callable = _derived
    # The Process's related name for the case ("partycase"); default: the name of a Process subclass, else "" (none)
    case_lookup: str = ""
    due_lookup: str = ""
    case_facts: Callable = _derived
    # Who has a part in a case (workflows.access.has_part_in_case): besides its applicant or initiator and
    # whoever holds or held one of its steps, the holders of these rights — case -> ((codename, organisation),
    # …), each held on that organisation or above. A process that declares none gives nobody a part by right.
    working_rights: Callable = _derived  # default: the rights the actions declare, where the case holds them
    # case -> QuerySet of the people who may be copied (抄送) on it: the one list the page offers and every
    # door (page, API) checks; None: nobody. Default: those with a role in the case's organisation (organisation_of),
    # below it or above it.
    cc_candidates: Callable = _derived
    # Steps decided by several people (workflows.approvals): node -> case -> the groups of approvers, [(mode, people)],
    # whose approval the step opens when it is created (workflows.kit.flows.approvers_asked, the node's onCreate).
    approvers: Mapping[str, Callable] = field(default_factory=dict)
    # (case, node) -> the people who may decide that step when approvers decide it: whom an approver's place may be
    # handed to (转交) or who may be added (加签), besides workflows.access.may_approve_case; None: whoever holds
    # one of the process's working rights over the case. Default: the people of the step's ``approvers``.
    deciders: Callable = _derived
    case_related: tuple = ()  # what the access helper (workflows.kit.access) reads with a case
    # user -> QuerySet of the case rows the pages, the API and the engine name (by the trail's key), when they are not
    # the viewflow Processes of ``visible_cases`` (evaluation: its EvaluationCase rows); None: those Processes.
    case_rows: Callable | None = None
    # QuerySet -> it with what the case's page and detail read besides (prefetches), which the access helper adds
    # when asked for them; the API's detail after an action is then read again with them. None: nothing more.
    detail_queryset: Callable | None = None
    # The case row (what ``lock`` and the access helper give) -> its viewflow Process, whose tasks are its steps and
    # whose row viewflow locks: the row itself, unless the case keeps its own key (evaluation: its EvaluationProcess).
    process_of: Callable = lambda case: case
    # Opening a file the case's trail names (forms.access.attachment_for_user), asked only of someone who sees the
    # case: (user, case, audit action that attached it) -> "open", "audited" (restricted material: may open, and
    # each opening is an audit event) or "refused" (403). Default: whoever sees the case opens its files.
    file_access: Callable = lambda user, case, action: "open"
    # (task, case) -> what an inbox row shows of a step that acts on one part of the case (evaluation: a track),
    # over the case's own: {"person": …, "action_url": …}; read from the task's data, never a query per row.
    step_facts: Callable = lambda task, case: {}
    # The field of the case that its own records name it by — the audit trail's case_id (so forms.access), the
    # notifications', the engine's case_id —: its key, unless the case row keeps one of its own beside its viewflow
    # Process (evaluation: "case_id", its EvaluationCase).
    audit_key: str = "pk"
    # ---- What the process adds to the site's shared parts, which import no process (issue 16 item 6).
    navigation: tuple = ()  # (label, URL name) of the process's list page in the site navigation; () for none
    # (user, codenames held) -> the home page's ways into the process for that person (workflows.start.Start),
    # besides its Pages.links
    start_points: Callable = lambda user, held: []
    exports: tuple = ()  # the process's lists that can be taken out as .xlsx (exports.specs.ExportSpec)
    # Dashboard ("party", "bureau") -> (user, scope: dashboards.charts.Scope) -> (its charts, more page context)
    dashboards: Mapping[str, Callable] = field(default_factory=dict)
    # user -> school years the user sees cases of (dashboard years); default: those of ``year_field`` (none without)
    school_years: Callable = _derived
    year_field: str = ""
    demo: Callable | None = None  # (today=) -> number of demo cases made (manage.py seed_demo, after the demo tree)
    action_label: Callable = lambda code: None  # audit action -> its name when ``actions`` has none; None: unknown
    # Roles its events record that are no accounts.roles.Role (an appointment, staff entering for someone): code ->
    # label, for the audit console, its exports and the person's record.
    role_labels: Mapping = field(default_factory=dict)
    # () -> QuerySet of the process's cases each about one person (its "person" field): the audit console's person
    # search, the person's whole record (一人一档) and the retention check; None: no case is about one person.
    person_cases: Callable | None = None
    # (user, case id) -> (template, context) of the case's card on its audit timeline (the person, the state, the
    # files the auditor may take); None: no card.
    audit_card: Callable = lambda user, case_id: None
    # (case, the event that began it) -> [(label, text)] of its form on the 审批单, when the process's form is not its
    # start's input (designed processes: each definition's own fields); None: the input's fields.
    sheet_form: Callable | None = None
    # ---- How the kit's engine (workflows.kit.engine) runs the process's actions.
    actions: Catalogue = field(default_factory=Catalogue)
    # The new case (workflows.kit.engine.start_case, the API's POST, the new case's page), an action on no case yet:
    # its input, the right held on its ``where`` of the new case, its handler (which fills the new case), its guard.
    start: Action | None = None
    # case_id -> the case, SELECT … FOR UPDATE of its row(s), with what it reads; default: the flow's Process row (and
    # the viewflow row it extends) with ``case_related``
    lock: Callable = _derived
    # Where an action's right (Action.perm) is held: Action.where -> (case, target or None) -> [Organisation]; or
    # the names of the case's fields holding those organisations.
    places: Mapping[str, Callable] = field(default_factory=dict)
    subject_of: Callable = lambda case: None  # case -> id of the person the case is about (Action.subject_may)
    appointed: Callable = lambda case, target, actor, role: False  # Action.appointed: is ``actor`` appointed?
    refused: Callable = lambda action, case, actor: None  # may explain a refusal by its own code before the 403
    guard: Callable | None = None  # (action, case) -> raises when the case refuses the action outright
    target: Callable | None = None  # (action, case, data) -> the part of the case the action acts on, locked
    state: Callable = _derived  # case or target -> its state (recorded before and after, checked by tables)
    set_state: Callable = lambda row, value: None
    context_class: type = Context
    prepare: Callable = lambda ctx: None  # before the handler
    after_handler: Callable = _derived  # after it, before anything is saved (default: the deadline, due_field)
    audit_facts: Callable = lambda ctx: {}  # more columns of the audit event (rule_set…)
    after_event: Callable = lambda ctx, event: None  # after the event is written (next deadlines…)
    # The engine saves the case once, after ``after_event`` (which changes it too: party's next step and its due
    # date), instead of before the step's task is completed; for a process whose flow reads the case only as the
    # engine holds it, never from the database (a handler may still save early with ``ctx.saved()``).
    save_after_event: bool = False
    announce: Callable = lambda ctx, before: None  # decisions to tell people (announce_decision), after the event
    # Besides: the outcome of these actions (as their Action.decision: approved, or else returned) is told to the
    # people ``told`` names (case -> [User]) but the one who took it (workflows.announce.announce_told).
    told_of_decisions: tuple = ()
    told: Callable = lambda case: []
    # (case, node) -> the business date an open step is due, written on its task after each action, so the
    # deadline job (workflows.deadlines) reminds, warns and escalates; None: the process dates its steps itself.
    step_due: Callable | None = None
    api: Api | None = None  # the generic API's collections (workflows.kit.apis)
    pages: Pages | None = None  # the generic pages (workflows.kit.views)

    def __post_init__(self) -> None:
        """What the process left out, derived from what it declared."""
        for name, value in defaults.case_fields(self).items():
            object.__setattr__(self, name, value)
        pages, api, start = self.pages, self.api, self.start
        derived = {
            "case_of": lambda process: getattr(process, self.case_lookup),
            "working_rights": partial(defaults.working_rights, self),
            "organisation_of": partial(defaults.organisation_of, self),
            "school_years": partial(defaults.school_years, self),
            "case_url": lambda case: reverse(pages_of(self).case_name, args=[case.pk]),
            "action_url": lambda case, code: reverse(pages_of(self).step_name, args=[case.pk, code]),
            "action_code": partial(defaults.action_for_step, self.actions),
            "cc_candidates": partial(defaults.copied_candidates, self),
            "lock": partial(defaults.lock, self),
            "deciders": partial(defaults.deciders, self.approvers),
            "visible_cases": partial(defaults.visible, self),
            "state": (lambda row: getattr(row, self.state_field)) if self.state_field else (lambda row: ""),
            "case_facts": partial(defaults.case_facts, self),
            "after_handler": partial(defaults.deadline_fact, self),
            "describe": partial(defaults.described, self),
        }
        for name, value in derived.items():
            if getattr(self, name) is _derived:
                object.__setattr__(self, name, value)
        places = {where: defaults.place(place) for where, place in self.places.items()}
        object.__setattr__(self, "places", places)
        if api is not None:
            listed = api.case_list
            if listed is _derived:
                listed = partial(defaults.listed, self.visible_cases, self.case_related, api.ordering)
            created = api.create_input or (start.input if start is not None else None)
            api = replace(api, case_list=listed, create_input=created, **defaults.api_fields(self, api))
            object.__setattr__(self, "api", api)
        if self.shown_as and not self.task_related:
            on_case = f"process__{self.case_lookup}__"
            object.__setattr__(self, "task_related", (on_case + self.shown_as[1],))
            object.__setattr__(self, "organisation_path_lookup", f"{on_case}{self.shown_as[1]}__path")
            object.__setattr__(self, "subject_name_lookup", on_case + self.shown_as[0])
        if self.due_field and not self.due_lookup:
            object.__setattr__(self, "due_lookup", f"process__{self.case_lookup}__{self.due_field}")
        if pages is not None:
            if pages.state_label is _derived:
                pages = replace(pages, state_label=partial(defaults.state_label, self))
            if pages.list_context is _derived:
                pages = replace(pages, list_context=partial(defaults.filter_choices, self))
            if self.form_versions is not None and self.form_versions.attachment:  # a missing file, next to its field
                missing = {"attachment_missing": f"{self.form_versions.attachment}_id"}
                pages = replace(pages, error_fields=missing | dict(pages.error_fields))
            may_start = pages.may_start
            if may_start is _derived:
                perm = start.perm if start is not None else None
                may_start = partial(defaults.holds, perm) if perm else lambda user: False
            label = pages.start_label or (start.label if start is not None else "")
            object.__setattr__(self, "pages", replace(pages, may_start=may_start, start_label=label))

    @property
    def approve_in_bulk(self) -> frozenset:
        """Steps whose approval needs no input of its own (``Action.bulk``): the inbox offers them to 批量同意;
        a step that needs its own form (a filing number…) is decided on its page."""
        return frozenset(action.node for action in self.actions.values() if action.bulk and action.node)


PROCESS_TYPES: dict[str, ProcessType] = {}


def register(process_type: ProcessType) -> None:
    PROCESS_TYPES[process_type.code] = process_type


# Demo seeders of what is not a process (the programmes, issue 19): (label, seeder(today=...) -> count), run by
# seed_demo after every process's demo cases, in the order registered.
DEMO_SEEDERS: list[tuple] = []


def register_demo(label, seeder) -> None:
    DEMO_SEEDERS.append((label, seeder))


# Audited parts that are not processes (the programmes, issue 19): audit process code -> (its name, {action code:
# name}), so that the audit console names their events and filters by them as it does a process's.
AUDITED_PARTS: dict[str, tuple] = {}


def register_audited(code: str, label, actions: dict) -> None:
    AUDITED_PARTS[code] = (label, actions)


def api_of(kind: ProcessType) -> Api:
    if kind.api is None:
        raise LookupError(f"{kind.code} has no API")
    return kind.api


def pages_of(kind: ProcessType) -> Pages:
    if kind.pages is None:
        raise LookupError(f"{kind.code} has no pages")
    return kind.pages


def on_process(lookup: str) -> str:
    """A task-level lookup ("process__partycase__branch__path") as seen from the Process ("partycase__…")."""
    return lookup.removeprefix("process__")


def process_type_of(process) -> ProcessType:
    for process_type in PROCESS_TYPES.values():
        if process.flow_class is process_type.flow_class:
            return process_type
    raise LookupError(f"no process type for {process.flow_class}")

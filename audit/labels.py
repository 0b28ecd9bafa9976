"""The names of audit events' actions in the reader's language, whatever process wrote them: the console's action
filter offers them by name, each event shows its name (audit_labels), the export writes it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.kit.registry import AUDITED_PARTS, PROCESS_TYPES
from workflows.labels import SHARED_ACTIONS

# Administration and access (process "admin"): accounts, audit, the task inbox's settings, the party rule sets.
ADMIN_ACTIONS = {
    "login": gettext_lazy("Signed in"),
    "definition_create": gettext_lazy("Process definition created"),
    "definition_update": gettext_lazy("Process definition's details changed"),
    "definition_edit": gettext_lazy("Process definition's draft edited"),
    "definition_publish": gettext_lazy("Process definition published"),
    "definition_disable": gettext_lazy("Process definition closed for new cases"),
    "definition_enable": gettext_lazy("Process definition opened for new cases"),
    "definition_import": gettext_lazy("Process definition imported"),
    "login_failed": gettext_lazy("Failed sign-in"),
    "login_locked": gettext_lazy("Sign-in locked after repeated failures"),
    "token_issue": gettext_lazy("API token issued"),
    "token_revoke": gettext_lazy("API token revoked"),
    "password_change": gettext_lazy("Password changed"),
    "password_set": gettext_lazy("Password set by an administrator"),
    "membership_grant": gettext_lazy("Role granted"),
    "membership_end": gettext_lazy("Role ended"),
    "membership_grant_refused": gettext_lazy("Refused: granting a role"),
    "membership_end_refused": gettext_lazy("Refused: ending a role"),
    "permissions_sync": gettext_lazy("Permissions brought up to date"),
    "ruleset_copy": gettext_lazy("Rule set copied"),
    "rule_update": gettext_lazy("Rule changed"),
    "ruleset_default": gettext_lazy("Default rule set changed"),
    "read_identity": gettext_lazy("Unmasked ID numbers shown"),
    "person_create": gettext_lazy("Person added"),
    "person_update": gettext_lazy("Person's record changed"),
    "person_deactivate": gettext_lazy("Person deactivated"),
    "person_reactivate": gettext_lazy("Person reactivated"),
    "person_refused": gettext_lazy("Refused: administering a person"),
    "activation_issue": gettext_lazy("Activation link issued"),
    "activation_use": gettext_lazy("Password set with an activation link"),
    "access_reset": gettext_lazy("Access reset"),
    "organisation_create": gettext_lazy("Organisation added"),
    "organisation_update": gettext_lazy("Organisation changed"),
    "organisation_refused": gettext_lazy("Refused: changing the organisation tree"),
    "roster_import": gettext_lazy("Roster imported"),
    "audit_export": gettext_lazy("Audit trail exported"),
    "audit_resealed": gettext_lazy("Audit trail re-sealed with a new key"),
    "list_export": gettext_lazy("List exported"),
    "delegation_set": gettext_lazy("Substitute appointed"),
    "delegation_end": gettext_lazy("Substitution ended"),
    "saved_filter_create": gettext_lazy("Filter saved"),
    "saved_filter_delete": gettext_lazy("Saved filter deleted"),
    "school_year_deadline_set": gettext_lazy("Application deadline set"),
    "create": gettext_lazy("Started"),
}

# What the system itself does to a late step (no actor): a designed step's time limit (designer.deadlines).
SYSTEM_ACTIONS = {
    "timeout_approve": gettext_lazy("Approved automatically after the time limit"),
    "timeout_transfer": gettext_lazy("Handed to the superior after the time limit"),
    "timeout_escalate": gettext_lazy("Escalated to the process administrators after the time limit"),
}


def action_name(process: str, action: str) -> str:
    """The action's name as its process gives it (its catalogue of actions, then the other events it writes), else
    the shared and administrative names, else the code."""
    kind = PROCESS_TYPES.get(process)
    if kind is not None:
        spec = kind.actions.get(action)
        if spec is None and kind.start is not None and kind.start.code == action:
            spec = kind.start  # the new case (designed, community): an action outside the catalogue
        label = spec.label if spec is not None else kind.action_label(action)
        if label:
            return str(label)
    part = AUDITED_PARTS.get(process)
    if part is not None and action in part[1]:
        return str(part[1][action])
    return str(SHARED_ACTIONS.get(action) or SYSTEM_ACTIONS.get(action) or ADMIN_ACTIONS.get(action) or action)


def _other_actions(kind) -> dict:
    """The process's events outside its catalogue, when it names them with a dict's ``get`` (party, evaluation)."""
    named = getattr(kind.action_label, "__self__", None)
    return named if isinstance(named, dict) else {}


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The console's action filter: (group name, [(code, name)]) per process, then shared and administrative
    actions; each code once (in the first group naming it), by name within a group."""
    seen: set[str] = set()
    groups = []

    def group(title, pairs) -> None:
        options = sorted(((code, str(name)) for code, name in pairs if code not in seen), key=lambda pair: pair[1])
        seen.update(code for code, _name in options)
        if options:
            groups.append((str(title), options))

    for kind in PROCESS_TYPES.values():
        pairs = [(code, spec.label) for code, spec in kind.actions.items()]
        if kind.start is not None:
            pairs.append((kind.start.code, kind.start.label))
        group(kind.label, pairs + list(_other_actions(kind).items()))
    for label, actions in AUDITED_PARTS.values():
        group(label, actions.items())
    group(_("Every process"), [*SHARED_ACTIONS.items(), *SYSTEM_ACTIONS.items()])
    group(_("Administration and sign-in"), ADMIN_ACTIONS.items())
    return groups


def process_name(code: str) -> str:
    from audit.selectors import processes

    return dict(processes()).get(code, code)


def role_name(code: str) -> str:
    """A role by its name; "ADMIN" is a superuser acting without a role (accounts.permissions.role_used)."""
    from accounts.roles import Role

    if code == "ADMIN":
        return _("System administrator")
    if code in Role.values:
        return str(Role(code).label)
    label = next((kind.role_labels[code] for kind in PROCESS_TYPES.values() if code in kind.role_labels), None)
    return str(label) if label is not None else _("Other role")


def _pages(process: str):
    kind = PROCESS_TYPES.get(process)
    return kind.pages if kind is not None else None


def state_name(process: str, state: str) -> str:
    """A state an event went from or to, as its process names it."""
    pages = _pages(process)
    return (str(pages.state_label(state) or "") if pages is not None and state else "") or state


def warning_name(process: str, warning) -> str:
    """A warning an event carried, in words (a warning is a code, or a mapping with its code)."""
    code = warning.get("code", "") if isinstance(warning, dict) else str(warning)
    pages = _pages(process)
    return str(pages.warnings.get(code, "") if pages is not None else "") or code

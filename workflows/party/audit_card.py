"""A party case's card on its audit timeline (audit.views.case_timeline): the person, the branch and the state,
with the way to the person's whole record, to the case, and to its archive bundle when the auditor may take it."""

from workflows.party.bundle.access import may_export_bundle
from workflows.party.models import PartyCase


def audit_card(user, case_id: int) -> tuple[str, dict] | None:
    case = PartyCase.objects.select_related("person", "branch").filter(pk=case_id).first()
    if case is None:
        return None
    return "party/_audit_card.html", {"case": case, "may_take_bundle": may_export_bundle(user, case)}

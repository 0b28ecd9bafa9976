"""Which action completes each step of the Process B flow (the inbox's "do it" link and its API)."""

from workflows.community.models import Application, Kind

_BY_NODE = {
    "consultation": "record_consultation",
    "submit": "submit",
}


def action_for_node(application: Application, node: str, decision: str = "approve") -> str:
    if node == "draft":
        return "send_for_agreement" if application.kind == Kind.HELP_PROJECT else "request_consultation"
    if node == "agreement":
        return {"approve": "confirm", "reject": "decline", "return": "decline"}.get(decision, "")
    if node == "review":
        return {"approve": "file", "reject": "return", "return": "return", "withdraw": "withdraw"}.get(decision, "")
    return _BY_NODE.get(node, "")

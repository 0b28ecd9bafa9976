"""A verification's findings in words: read by the verification, its commands and the console (the run's
model), and importing none of them."""

from django.utils.translation import gettext as _


def describe(finding: dict) -> str:
    """One finding of a verification, in words (verify_audit and the auditor console)."""
    facts = {
        "event": finding.get("event"),
        "process": finding.get("process"),
        "case": "-" if finding.get("case_id") is None else finding.get("case_id"),
        "expected": finding.get("expected"),
        "found": finding.get("found"),
        "position": finding.get("position"),
        "key": finding.get("key_id") or "",
        "sequence": finding.get("sequence"),
        "problem": finding.get("problem"),
    }
    texts = {
        "hash": _("Event %(event)s (%(process)s, case %(case)s): its hash does not match its content (rewritten)."),
        "link": _(
            "Event %(event)s (%(process)s, case %(case)s) does not follow the event before it in its chain "
            "(an event was removed or moved)."
        ),
        "key": _('Event %(event)s (%(process)s, case %(case)s) names an unknown key "%(key)s": not accepted.'),
        "tail": _(
            "Chain %(process)s, case %(case)s lost events at its end: %(found)s left of the %(expected)s "
            "the checkpoint recorded."
        ),
        "head": _(
            "Chain %(process)s, case %(case)s: event %(event)s at position %(position)s is not the one the "
            "checkpoint recorded."
        ),
        "truncated": _("The audit table was emptied (truncated): the checkpoint recorded %(expected)s events."),
        "checkpoint": _("Checkpoint %(sequence)s of the checkpoint store: %(problem)s."),
    }
    return texts.get(finding.get("kind"), _("Unknown finding: %(problem)s")) % facts

from workflows.party.models.cases import CaseStatus, Identity, Override, PartyCase, PoliticalReview
from workflows.party.models.meetings import Meeting, MeetingDecision, MeetingKind
from workflows.party.models.rulesets import Rule, RuleSet, Severity

__all__ = [
    "CaseStatus",
    "Identity",
    "Meeting",
    "MeetingDecision",
    "MeetingKind",
    "Override",
    "PartyCase",
    "PoliticalReview",
    "Rule",
    "RuleSet",
    "Severity",
]

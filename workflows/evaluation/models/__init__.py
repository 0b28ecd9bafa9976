from workflows.evaluation.models.cases import (
    Appointment,
    AppointmentRole,
    CaseStatus,
    EvaluationCase,
    IndicatorScore,
    OnSiteVisit,
    ProjectEvaluation,
    ProjectStatus,
    RoutineEvaluation,
    RoutineStatus,
)
from workflows.evaluation.models.process import EvaluationProcess
from workflows.evaluation.models.results import CorrectionStatus, GradingResult, ResultCorrection, ResultStatus
from workflows.evaluation.models.schemes import (
    CoreCombination,
    FeaturePolicy,
    Indicator,
    IndicatorSet,
    Reading,
    SchemeVersion,
    Track,
)

__all__ = [
    "Appointment",
    "AppointmentRole",
    "CaseStatus",
    "CoreCombination",
    "CorrectionStatus",
    "EvaluationCase",
    "EvaluationProcess",
    "FeaturePolicy",
    "GradingResult",
    "Indicator",
    "IndicatorScore",
    "IndicatorSet",
    "OnSiteVisit",
    "ProjectEvaluation",
    "ProjectStatus",
    "Reading",
    "ResultCorrection",
    "ResultStatus",
    "RoutineEvaluation",
    "RoutineStatus",
    "SchemeVersion",
    "Track",
]

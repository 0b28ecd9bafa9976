"""Step handlers of Process C; importing this package registers every action."""

from workflows.evaluation.steps import inspection, results, routine, self_evaluation  # noqa: F401

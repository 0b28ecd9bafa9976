"""Process C (DOMAIN §4.4) as a viewflow flow: nodes and wiring only.

start → open_steps ─┬─ self_evaluate ─────── per routine term (the school's leads) and per project or feature
         ▲          │                        evaluation (the pair's leads)
         │          ├─ term_evaluate, term_score ─ the bureau's basic-education section, per routine term
         │          ├─ appoint ───────────── the leading group, per project or feature evaluation
         │          ├─ record_visit ──────── each appointed inspector (现场督查)
         │          ├─ panel_score ───────── each appointed panel member (组织评审)
         │          ├─ panel_confirm ─────── the leading group
         │          ├─ aggregate ─────────── the basic-education section, once every score is in (汇总)
         │          ├─ publish ───────────── the leading group
         │          └─ decide_correction ─── the leading group, per correction requested after aggregation
         └───────── every step leads back to open_steps

The case's tracks run side by side, so the gateway opens, after each step, whichever steps the case now waits for
(workflows.evaluation.open_steps) and cancels those it no longer does (workflows.evaluation.nodes). The evaluation
engine completes the steps (workflows.evaluation.progress); viewflow's generic views are never mounted.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from workflows.evaluation.models import EvaluationProcess
from workflows.evaluation.nodes import OpenSteps, Step
from workflows.evaluation.open_steps import STEP_RIGHTS
from workflows.locking import case_lock


def step(name: str, title):
    return Step(title, STEP_RIGHTS[name]).Next(this.open_steps)


class EvaluationFlow(flow.Flow):
    """城乡义务教育共同体考核评价"""

    process_class = EvaluationProcess
    lock_impl = case_lock  # viewflow's row lock, skipped inside the engine's own (workflows/locking.py)

    start = flow.StartHandle(this.start_process).Next(this.open_steps)
    open_steps = (
        OpenSteps(this.steps_to_open)
        .Next(this.self_evaluate)
        .Next(this.term_evaluate)
        .Next(this.term_score)
        .Next(this.appoint)
        .Next(this.record_visit)
        .Next(this.panel_score)
        .Next(this.panel_confirm)
        .Next(this.aggregate)
        .Next(this.publish)
        .Next(this.decide_correction)
    )
    self_evaluate = step("self_evaluate", _("Submit the self-evaluation"))
    term_evaluate = step("term_evaluate", _("Evaluate the term (bureau)"))
    term_score = step("term_score", _("Confirm the term score"))
    appoint = step("appoint", _("Appoint the inspection team and panel"))
    record_visit = step("record_visit", _("Record the on-site check"))
    panel_score = step("panel_score", _("Enter the panel's scores"))
    panel_confirm = step("panel_confirm", _("Confirm the panel's score"))
    aggregate = step("aggregate", _("Aggregate the results (汇总)"))
    publish = step("publish", _("Publish the results"))
    decide_correction = step("decide_correction", _("Decide on a correction"))

    def start_process(self, activation, **fields):
        """StartHandle body: fill the new process row; viewflow saves it when the start task completes."""
        for name, value in fields.items():
            setattr(activation.process, name, value)
        return activation.process

    def steps_to_open(self, activation):
        from workflows.evaluation.progress import steps_to_open

        return steps_to_open(activation)

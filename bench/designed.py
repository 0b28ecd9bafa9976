"""A designed process's step (流程设计器) against a party step, in one process on one database; and the statements of
starting a designed case whatever the organisation tree's size and depth (bench/designed_tree.py).

Run: .venv/bin/python -m bench designed   (PostgreSQL and Redis; about 2 minutes; bench/README.md)

On a fresh copy of the HTTP benchmarks' template (``stepwise_benchdesigned``; bench/http_data.py): a branch secretary
completes party talk steps (step 2, as the completion benchmark does, cloned by ``http_data.party_talks``) and the
people of a published designed definition (an approval, a condition on the form's days, a 会签 node of two, a 抄送
node) approve its cases, every one through ``workflows.kit.engine.run_action`` in this process, in turns of BLOCK
completions so that other load on the machine weighs on both alike. A designed case gives three completions: the
first approval (the walk takes the condition and opens the 会签 step), the first of the 会签 (the step stays open)
and the last (the step completes, the 抄送 passes, the case is approved); each is compared with the party step.

Figures: CPU per completion of this process plus its PostgreSQL backend (per block), wall time per completion, and
SQL statements per completion (Django's CaptureQueriesContext over COUNTED completions after WARM that fill
per-process caches; BEGIN and COMMIT included), each as a ratio to the party step (goal ≤ 1.2×).
"""

import datetime
import os
import time
from types import SimpleNamespace

from bench import http_data
from bench.completion import REDIS_URL, TALK
from bench.harness import Figure, at_most, benchmark
from bench.servers import cpu_seconds

DATABASE = "stepwise_benchdesigned"
COUNT = int(os.environ.get("BENCH_DESIGNED_COUNT", "100"))  # timed completions of each kind
BLOCK = 10  # completions of one kind before the other takes its turn
WARM, COUNTED = 3, 5
GOAL = 1.2  # designed ÷ party, acceptance of issue #18
PHASES = (
    ("approval → condition → 会签 opens", "office"),
    ("会签, first of two (step stays open)", "lead_first"),
    ("会签, last of two → 抄送 → approved", "lead_last"),
)


def world() -> SimpleNamespace:
    """People of the template's school and bureau for a designed process: a process administrator, the initiator
    (a teacher), the office (vice principal), the 会签 pair (principal, bureau section head), the 抄送 clerk."""
    from accounts.models import Organisation
    from accounts.roles import Role
    from accounts.services import membership_grant, user_create
    from core.dates import business_today

    school, bureau = Organisation.objects.get(code="BENCH-S"), Organisation.objects.get(code="BENCH-B")
    since = business_today() - datetime.timedelta(days=365)
    w = SimpleNamespace(school=school, bureau=bureau)
    for name, real, place, role in [
        ("designer", "流程管理员", bureau, Role.PROCESS_ADMIN),
        ("teacher", "基准教师", school, Role.SCHOOL_DEPT),
        ("vice", "基准副校长", school, Role.MEMBER_SCHOOL),
        ("principal", "基准校长", school, Role.MEMBER_SCHOOL),
        ("section", "基准科长", bureau, Role.BUREAU_BASIC_EDU),
        ("clerk", "基准办公室", school, Role.SCHOOL_DEPT),
    ]:
        user = user_create(username=f"bench-designed-{name}", real_name=real)
        membership_grant(user=user, organisation=place, role=role, valid_from=since)
        setattr(w, name, user)
    return w


def document(w) -> dict:
    """An approval, a condition (more than 3 days: a 会签 of the principal and the section head), a 抄送."""

    def named(*users) -> dict:
        return {"source": "people", "people": [user.pk for user in users]}

    leads = {
        "id": "leads",
        "type": "approval",
        "name": "校领导会签",
        "who": named(w.principal, w.section),
        "mode": "all",
    }
    return {
        "format": 1,
        "form": {
            "fields": [
                {"key": "reason", "type": "text", "label": "事由", "required": True},
                {"key": "days", "type": "number", "label": "天数", "required": True, "min": "0.5", "max": "30"},
            ]
        },
        "nodes": [
            {"id": "office", "type": "approval", "name": "教务处审核", "who": named(w.vice)},
            {
                "id": "by_days",
                "type": "condition",
                "name": "按天数",
                "branches": [
                    {
                        "id": "long",
                        "name": "三天以上",
                        "priority": 1,
                        "when": {"all": [{"field": "days", "op": ">", "value": "3"}]},
                        "nodes": [leads],
                    },
                    {"id": "short", "name": "其他情况", "default": True, "nodes": []},
                ],
            },
            {"id": "copy", "type": "cc", "name": "抄送办公室", "who": named(w.clerk)},
        ],
        "settings": {"withdraw": True},
    }


def publish(actor, owner, doc: dict, *, code: str, name: str):
    from designer import services

    definition = services.definition_create(actor=actor, owner=owner, code=code, name=name, shared=True)
    services.draft_save(actor=actor, definition=definition, document=doc)
    services.definition_publish(actor=actor, definition=definition)
    return definition


def start(definition, actor, values: dict) -> int:
    from workflows.kit.engine import start_case

    payload = {"definition": definition.pk, "values": values}
    return start_case(process="designed", actor=actor, payload=payload).case.pk


def designed_steps(w, count: int) -> dict[str, list]:
    """``count`` started cases (5 days: the 会签 branch); per phase, what completes it: (case id, actor)."""
    definition = publish(w.designer, w.bureau, document(w), code="bench_leave", name="基准外出培训申请")
    cases = [start(definition, w.teacher, {"reason": "外出培训", "days": "5"}) for _ in range(count)]
    return {
        "office": [(case, w.vice) for case in cases],
        "lead_first": [(case, w.principal) for case in cases],
        "lead_last": [(case, w.section) for case in cases],
    }


def party_steps(count: int) -> list:
    """``count`` party cases waiting for the talk (bench/http_data.py); what completes each: (case id, secretary)."""
    from viewflow.workflow.models import Task

    from workflows.party.models import PartyCase

    case, _token = http_data.seeds().party[0]
    secretary = PartyCase.objects.select_related("initiator").get(pk=case).initiator
    tasks = http_data.party_talks(case, count, prefix="bench-designed")
    process_of = dict(Task.objects.filter(pk__in=tasks).values_list("pk", "process_id"))
    return [(process_of[task], secretary) for task in tasks]


def completer(process: str, code: str, payload: dict):
    from workflows.kit.engine import run_action

    def complete(step) -> None:
        case_id, actor = step
        run_action(process=process, case_id=case_id, code=code, actor=actor, payload=payload)

    return complete


def statements(complete, steps: list) -> list[float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for step in steps:
        with CaptureQueriesContext(connection) as queries:
            complete(step)
        counts.append(float(len(queries.captured_queries)))
    return counts


class Meter:
    """Wall and CPU time per completion of this process, and its database backend's CPU over each block."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.blocks: list[float] = []  # CPU per completion of a block: this process + its backend, ms

    def run(self, complete, steps: list) -> None:
        from django.db import connection

        connection.ensure_connection()
        backend = connection.connection.info.backend_pid
        db_before, cpu_before = cpu_seconds(backend) or 0.0, sum(self.cpu)
        for step in steps:
            wall, cpu = time.perf_counter(), time.process_time()
            complete(step)
            self.cpu.append((time.process_time() - cpu) * 1000)
            self.wall.append((time.perf_counter() - wall) * 1000)
        db = ((cpu_seconds(backend) or db_before) - db_before) * 1000
        self.blocks.append((sum(self.cpu) - cpu_before + db) / len(steps))


def measure(count: int = COUNT) -> dict:
    """Everything the figures need, on the database Django is connected to (a fresh copy of the template)."""
    from core.dates import business_today

    w = world()
    designed = designed_steps(w, WARM + COUNTED + count)
    party = party_steps(WARM + COUNTED * len(PHASES) + count * len(PHASES))
    talk = completer("party", "record_talk", {**TALK, "date": str(business_today())})
    approve = completer("designed", "approve", {})
    for phase in designed:
        for step in designed[phase][:WARM]:
            approve(step)
    for step in party[:WARM]:
        talk(step)
    party = party[WARM:]
    counts: dict[str, list[float]] = {"party": []}
    for _label, phase in PHASES:
        counts[phase] = statements(approve, designed[phase][WARM : WARM + COUNTED])
        counts["party"] += statements(talk, party[:COUNTED])
        party = party[COUNTED:]
    meters = {phase: Meter() for phase in ["party", *designed]}
    first = WARM + COUNTED
    for block in range(first, first + count, BLOCK):
        for _label, phase in PHASES:
            meters["party"].run(talk, party[:BLOCK])
            party = party[BLOCK:]
            meters[phase].run(approve, designed[phase][block : block + BLOCK])
    return {"counts": counts, "meters": meters}


@benchmark("designed", order=65)
def designed() -> list[Figure]:
    """A designed process's approval step vs a party step (CPU, wall, statements); start statements vs tree size."""
    from bench import designed_tree

    _settings, _dsn, rebuilt = http_data.prepare([DATABASE], REDIS_URL)
    import redis

    result = measure()
    redis.Redis.from_url(REDIS_URL).flushdb()  # the deliveries queued on commit: no worker ran
    figures = completion_figures(result, rebuilt)
    return figures + designed_tree.start_figures()


def completion_figures(result: dict, rebuilt: bool) -> list[Figure]:
    party, counts = result["meters"]["party"], result["counts"]
    figures = []
    for label, phase in PHASES:
        meter = result["meters"][phase]
        base = "party talk step" + ("; template rebuilt" if rebuilt else "")
        figures += [
            Figure(
                f"designed {label}: CPU per completion (process + PostgreSQL)",
                "ms",
                meter.blocks,
                baseline=party.blocks,
                goal=at_most(GOAL, on="ratio"),
                note=f"blocks of {BLOCK}; baseline: {base}",
            ),
            Figure(
                f"designed {label}: wall time per completion",
                "ms",
                meter.wall,
                baseline=party.wall,
                goal=at_most(GOAL, on="ratio"),
                note=f"CPU of this process alone {_median(meter.cpu):.1f} vs {_median(party.cpu):.1f} ms",
            ),
            Figure(
                f"designed {label}: SQL statements per completion",
                "statements",
                counts[phase],
                baseline=counts["party"],
                goal=at_most(GOAL, on="ratio"),
                note="BEGIN and COMMIT included",
            ),
        ]
    return figures


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else 0.0


def main() -> None:
    """``python -m bench.designed [--phase office|lead_first|lead_last|party] [--count 50] [--sql] [--top 40]``:
    where one kind of completion's time and statements go (cProfile's top functions; not a benchmark)."""
    import argparse
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parser = argparse.ArgumentParser(prog="python -m bench.designed")
    parser.add_argument("--phase", default="office", choices=[*(phase for _l, phase in PHASES), "party"])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--sql", action="store_true", help="print the statements of one completion")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    http_data.prepare([f"{DATABASE}_profile"], REDIS_URL)
    from core.dates import business_today

    count = WARM + 1 + args.count
    if args.phase == "party":
        steps, complete = party_steps(count), completer("party", "record_talk", {**TALK, "date": str(business_today())})
    else:
        designed = designed_steps(world(), count)
        complete = completer("designed", "approve", {})
        for _label, phase in PHASES:  # every phase before the one profiled, for every case
            if phase == args.phase:
                break
            for step in designed[phase]:
                complete(step)
        steps = designed[args.phase]
    for step in steps[:WARM]:
        complete(step)
    with CaptureQueriesContext(connection) as queries:
        complete(steps[WARM])
    print(f"{len(queries.captured_queries)} statements in one completion ({args.phase})")
    if args.sql:
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"{number:3} {query['time']}s {query['sql'][:300]}")
    profile = cProfile.Profile()
    profile.enable()
    for step in steps[WARM + 1 :]:
        complete(step)
    profile.disable()
    stats = pstats.Stats(profile)
    calls = stats.total_calls  # type: ignore[attr-defined]  # set by pstats, not in its stubs
    print(f"{calls / args.count:,.0f} Python calls per completion")
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()

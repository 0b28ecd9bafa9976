"""Part of ``python -m bench designed``: the SQL statements of starting a designed case (approver resolution by
designer.approvers.Resolver) for an initiator at depth 3 and at depth 12, in a tree of 100 organisations and then,
on the same database, of 10,000.

Under a new root bureau: a chain to a school at depth 3, a chain of 12 levels (bureaus, a community, a school, a party
committee, a general branch, a branch, a party group) with a lead (主管) on every level that has one, and filler
(communities of 9 schools with 10 branches each) up to the size measured. The definition reads the tree every way the
approver sources do: a 抄送 to a role in a named organisation, a condition on the initiator's organisation, parallel
branches of every level's lead up to 10 (连续多级主管) and of a role in the initiator's organisation, the lead 2 levels
up (主管) and a person chosen within the root's subtree (发起人自选) — each must find someone (``empty: refuse``), so
the start resolves them all.
"""

import datetime
from types import SimpleNamespace
from typing import cast

from bench.harness import Figure, at_most

SIZES = (100, 10_000)
REPEAT = 3  # starts counted per initiator and size, after one that fills per-process caches
CHAIN12 = ["BUREAU"] * 6 + ["COMMUNITY", "SCHOOL", "PARTY_COMMITTEE", "GENERAL_BRANCH", "BRANCH", "PARTY_GROUP"]
LEADS = {
    "BUREAU": "BUREAU_LEADING_GROUP",
    "SCHOOL": "MEMBER_SCHOOL",
    "PARTY_COMMITTEE": "PARENT_COMMITTEE",
    "GENERAL_BRANCH": "BRANCH_SECRETARY",
    "BRANCH": "BRANCH_SECRETARY",
    "PARTY_GROUP": "PARTY_GROUP",
}


class Tree:
    """Organisations written in bulk with their materialised paths (as bench/org_tree.py does), under a new root."""

    def __init__(self):
        from accounts.models import Organisation

        last = Organisation.get_last_root_node()
        self.model = Organisation
        self.children: dict[str, int] = {"": Organisation._str2int(last.path) if last else 0}  # roots so far
        self.rows: list = []
        self.fillers = 0
        self.written = 0

    def node(self, parent: str, depth: int, kind: str, code: str):
        path = self.model._get_path(parent, depth, self.children.get(parent, 0) + 1)
        self.children[parent] = self.children.get(parent, 0) + 1
        extra = {"community_type": "FUSION"} if kind == "COMMUNITY" else {}
        row = self.model(path=path, depth=depth, numchild=0, code=code, name=f"基准{code}", kind=kind, **extra)
        self.rows.append(row)
        return row

    def skeleton(self) -> SimpleNamespace:
        root = self.node("", 1, "BUREAU", "DT-ROOT")
        community = self.node(root.path, 2, "COMMUNITY", "DT-C3")
        school = self.node(community.path, 3, "SCHOOL", "DT-S3")
        chain, parent = [root], root
        for depth, kind in enumerate(CHAIN12[1:], start=2):
            parent = self.node(parent.path, depth, kind, f"DT-L{depth}")
            chain.append(parent)
        return SimpleNamespace(root=root, school=school, chain=chain)

    def fill(self, root, total: int) -> None:
        """Filler under ``root`` until the tree holds ``total`` organisations (with those written before)."""
        while self.total() < total:
            self.fillers += 1
            community = self.node(root.path, 2, "COMMUNITY", f"DT-F{self.fillers}")
            for s in range(1, 10):
                if self.total() >= total:
                    break
                school = self.node(community.path, 3, "SCHOOL", f"DT-F{self.fillers}S{s}")
                for b in range(1, 11):
                    if self.total() >= total:
                        break
                    self.node(school.path, 4, "BRANCH", f"DT-F{self.fillers}S{s}B{b}")

    def total(self) -> int:
        return self.written + len(self.rows)

    def write(self) -> None:
        """Write the rows made since the last write, and every parent's number of children."""
        from django.db.models import Case, IntegerField, Value, When

        self.model.objects.bulk_create(self.rows, batch_size=2000)
        self.written += len(self.rows)
        self.rows = []
        counts = [When(path=path, then=Value(n)) for path, n in self.children.items() if path]
        self.model.objects.filter(path__in=[p for p in self.children if p]).update(
            numchild=Case(*counts, output_field=IntegerField())
        )


def people(orgs: SimpleNamespace) -> SimpleNamespace:
    from accounts.services import membership_grant, user_create
    from core.dates import business_today

    since = business_today() - datetime.timedelta(days=365)

    def person(name: str, place, role: str):
        user = user_create(username=f"bench-tree-{name}", real_name=f"基准{name}")
        membership_grant(user=user, organisation=place, role=role, valid_from=since)
        return user

    for depth, organisation in enumerate(orgs.chain, start=1):
        if organisation.kind in LEADS:
            person(f"lead{depth}", organisation, LEADS[organisation.kind])
    person("lead-s3", orgs.school, "MEMBER_SCHOOL")
    deep = orgs.chain[-1]
    return SimpleNamespace(
        admin=person("admin", orgs.root, "PROCESS_ADMIN"),
        section=person("section", orgs.root, "BUREAU_BASIC_EDU"),
        at3=person("teacher3", orgs.school, "SCHOOL_DEPT"),
        colleague3=person("colleague3", orgs.school, "SCHOOL_DEPT"),
        at12=person("teacher12", deep, "SCHOOL_DEPT"),
        colleague12=person("colleague12", deep, "SCHOOL_DEPT"),
    )


def document(orgs, who) -> dict:
    def approval(node_id: str, name: str, source: dict, **rules) -> dict:
        return {"id": node_id, "type": "approval", "name": name, "who": source, "empty": "refuse", **rules}

    within = {"any": [{"initiator": "organisation", "op": "within", "value": [orgs.root.pk]}]}
    chosen = {"source": "chosen", "scope": {"organisation": orgs.root.pk}, "default": [who.section.pk]}
    return {
        "format": 1,
        "form": {"fields": [{"key": "reason", "type": "text", "label": "事由", "required": True}]},
        "nodes": [
            {
                "id": "copy",
                "type": "cc",
                "name": "抄送局",
                "who": {"source": "role_in", "role": "BUREAU_BASIC_EDU", "organisation": orgs.root.pk},
            },
            {
                "id": "where",
                "type": "condition",
                "name": "按单位",
                "branches": [
                    {"id": "inside", "name": "本局", "priority": 1, "when": within, "nodes": []},
                    {"id": "outside", "name": "其他", "default": True, "nodes": []},
                ],
            },
            {
                "id": "both",
                "type": "parallel",
                "name": "同时审批",
                "branches": [
                    {
                        "id": "line",
                        "name": "逐级",
                        "nodes": [approval("leads", "各级主管", {"source": "superiors", "levels": 10}, mode="any")],
                    },
                    {
                        "id": "own",
                        "name": "本单位",
                        "nodes": [approval("dept", "本单位", {"source": "role", "role": "SCHOOL_DEPT"}, mode="any")],
                    },
                ],
            },
            approval("boss", "上级主管", {"source": "superior", "levels": 2}),
            approval("picked", "指定审核人", chosen),
        ],
        "settings": {"withdraw": True},
    }


def counts(definition, initiator, picks: dict) -> tuple[list[float], list[float]]:
    """Statements of REPEAT starts by ``initiator`` (after one uncounted), and of resolving the approvers of the
    start alone (walking.walker_for and the walk's start: the Resolver's queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.designed import start
    from core.dates import business_today
    from designer import walking
    from designer.definition import walk
    from designer.selectors import published, start_places

    values = {"reason": "基准"}
    start(definition, initiator, values)
    started, resolved = [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start(definition, initiator, values)
        started.append(float(len(queries.captured_queries)))
    version = published(definition)
    assert version is not None
    day, document_ = business_today(), version.document
    organisation = start_places(initiator, definition, day)[0]
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            walker = walking.walker_for(
                document=document_,
                definition=definition,
                initiator=initiator,
                organisation=organisation,
                values=values,
                day=day,
            )
            walk.start(document_, cast(walk.Facts, walker.facts), walker.resolve, chosen=picks)
        resolved.append(float(len(queries.captured_queries)))
    return started, resolved


def start_figures() -> list[Figure]:
    from bench.designed import publish

    tree = Tree()
    orgs = tree.skeleton()
    tree.fill(orgs.root, SIZES[0])
    tree.write()
    who = people(orgs)
    definition = publish(who.admin, orgs.root, document(orgs, who), code="bench_tree", name="基准逐级审批")
    found = {}
    for size in SIZES:
        tree.fill(orgs.root, size)
        tree.write()
        for depth, initiator in ((3, who.at3), (12, who.at12)):
            found[size, depth] = counts(definition, initiator, {"picked": [who.section.pk]})
    print("statements of starting a designed case (start, approver resolution alone):")
    for (size, depth), (started, resolved) in found.items():
        print(f"  {size:>6,} organisations, initiator at depth {depth:>2}: {started} · {resolved}")
    base = found[SIZES[0], 3]
    figures = []
    for (size, depth), (started, resolved) in found.items():
        for what, samples, reference in (("start", started, base[0]), ("approver resolution", resolved, base[1])):
            equal = "equal" if samples == reference else "DIFFERS"
            figures.append(
                Figure(
                    f"{what} of a designed case: initiator at depth {depth}, {size:,} organisations",
                    "statements",
                    samples,
                    baseline=reference,
                    goal=at_most(1.0, on="ratio"),
                    note=f"{equal} to depth 3 with {SIZES[0]} organisations ({reference[0]:.0f})",
                )
            )
    return figures

"""The data generator: a county-sized data set in its own database, built by PostgreSQL COPY from templates.

    .venv/bin/python -m bench.datasets full|small     (rebuilds it; prints one JSON line: counts, seconds, peak RSS)

full: 5 bureaus × 100 communities (500), each with 3 schools and a party committee of 2 general branches and
4 branches (2,000 branches), every branch with its officers and members and 50 party cases (100,000) at every
stage of the ordinary path, some extended, disqualified or archived, with their tasks, meetings, decisions and
hash-chained audit trails; every community with two school years of applications and evaluations.
small: the same at 1/100 (1 bureau, 5 communities, 20 branches, 1,000 cases).

How: the database is migrated and the demo data set is made through the real services (manage.py seed_demo and
a party case at each missing stage, bench/gen_templates.py); those rows are captured as templates and copied
with new ids, people, organisations and shifted dates (bench/clone.py), streamed to COPY 10,000 rows at a time,
with foreign-key triggers off for the load (session_replication_role = replica) and each audit event's hash
computed with audit.chain.hash_of_values (keyed, the current audit key) as it is written. A marker table records
the generator's version.
"""

import datetime
import math
import multiprocessing
import queue
import random
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass

from bench import clone
from bench.clone import AUDIT, ORG, USER, Allocator, Context, copy_rows
from bench.harness import peak_rss_mb

VERSION = "3"  # change when the generated data changes, so that old databases are rebuilt (3: keyed audit hashes)
MARKER = "bench_dataset"
FLUSH = 10_000
ACTIVE = ("ACTIVE", "PROBATION_EXTENDED", "ON_HOLD_LEAVING")


@dataclass(frozen=True)
class Volume:
    name: str
    bureaus: int
    communities_per_bureau: int
    cases_per_branch: int


VOLUMES = {"full": Volume("full", 5, 100, 50), "small": Volume("small", 1, 5, 50)}


def database_name(volume: str) -> str:
    return f"stepwise_bench{volume}"


# --- writing -----------------------------------------------------------------------------------------------------


class Writer:
    """Rows per table, sent with COPY every FLUSH rows by a thread of its own (on its own connection, so that
    PostgreSQL stores one batch while this process makes the next); audit events get their chain hashes first."""

    def __init__(self, connect, tables: dict, names: dict[int, str]):
        from audit.chain import HASHED

        self.tables, self.names = tables, names
        self.buffers: dict[str, list] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        columns = tables[AUDIT].column_names
        self.hashed = [columns.index(name) for name in HASHED]
        self.at = {name: columns.index(name) for name in ("process", "case_id", "actor_id", "actor_name")}
        self.at |= {name: columns.index(name) for name in ("prev_hash", "event_hash", "key_id")}
        self.chains: dict[tuple, str] = {}
        self.events = 0
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.failure: list[BaseException] = []
        self.thread = threading.Thread(target=self._send, args=(connect,), daemon=True)
        self.thread.start()

    def new_copy(self) -> None:
        self.chains.clear()  # a copy's cases are new: their chains start from GENESIS

    def add(self, table: str, row: list) -> None:
        if table == AUDIT:
            self._chain(row)
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= FLUSH:
            self.flush(table)

    def _chain(self, row: list) -> None:
        from audit.chain import GENESIS, current_key_id, hash_of_values

        at = self.at
        name = self.names.get(row[at["actor_id"]])
        if name is not None:
            row[at["actor_name"]] = name
        key = (row[at["process"]], row[at["case_id"]])
        row[at["prev_hash"]] = self.chains.get(key, GENESIS)
        # The JSON columns are JSON text here (bench/clone.py renders them), as verify_all reads them. Sealed with the
        # current audit key (the bench runs with the development key unless AUDIT_HMAC_KEYS says otherwise).
        row[at["key_id"]] = key_id = current_key_id()
        digest = hash_of_values([row[i] for i in self.hashed], key_id, json_as_text=True)
        self.events += 1
        row[at["event_hash"]] = self.chains[key] = digest

    def flush(self, table: str) -> None:
        rows = self.buffers.pop(table, [])
        if rows:
            if self.failure:
                raise self.failure[0]
            self.queue.put((table, rows))
            self.counts[table] += len(rows)

    def _send(self, connect) -> None:
        try:
            with connect() as connection:
                connection.execute("SET session_replication_role = replica")  # no FK or other triggers in the load
                connection.execute("SET synchronous_commit = off")
                while (item := self.queue.get()) is not None:
                    table, rows = item
                    columns = ", ".join(f'"{c}"' for c in self.tables[table].column_names)
                    with connection.cursor() as cursor, cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                        for row in rows:
                            copy.write_row(row)
                    connection.commit()
        except BaseException as error:  # reported to the generating thread, which stops at its next batch
            self.failure.append(error)
            while self.queue.get() is not None:  # let the generating thread finish putting
                pass

    def close(self) -> None:
        for table in list(self.buffers):
            self.flush(table)
        self.queue.put(None)
        self.thread.join()
        if self.failure:
            raise self.failure[0]


# --- the organisation tree and its people ------------------------------------------------------------------------


def _names(rng: random.Random):
    from accounts.demo import _GIVEN, _SURNAMES

    while True:
        yield rng.choice(_SURNAMES) + rng.choice(_GIVEN)


class World:
    """Generated organisations (rows written as they are made) and, per organisation, its people."""

    def __init__(self, writer: Writer, allocator: Allocator, rng: random.Random):
        self.writer, self.allocator = writer, allocator
        self.now = datetime.datetime.now(datetime.UTC)
        self.name_source = _names(rng)
        self.serial = 0  # for unique ID numbers
        columns = writer.tables[USER].column_names
        self.user_columns = [columns.index(c) for c in ("real_name", "id_number", "birth_date")]

    def org(self, parent_path: str, index: int, code: str, template: dict, name: str, children: int) -> dict:
        from accounts.models import Organisation

        depth = len(parent_path) // 4 + 1
        pk = self.allocator.take(ORG, 1)
        path = Organisation._get_path(parent_path or None, depth, index)
        row = {**template, "id": pk, "path": path, "depth": depth, "numchild": children, "code": code}
        row |= {"name": name, "created_at": self.now}
        self.writer.add(ORG, [row[c] for c in self.writer.tables[ORG].column_names])
        return {"id": pk, "path": path}

    def people(self, template: clone.Template, orgs: dict, suffix: str) -> dict[int, int]:
        """One copy of a group of people; returns template user id → new id."""

        ctx = Context(users={}, orgs=orgs, days=0, names=self.writer.names)
        self.write(copy_rows(template, ctx, self.allocator, suffix))
        return ctx.rows[USER]

    def copy(self, template: clone.Template, ctx: Context, suffix: str) -> None:
        """One copy of a unit (its audit chains start afresh)."""
        self.writer.new_copy()
        self.write(copy_rows(template, ctx, self.allocator, suffix))

    def write(self, rows) -> None:
        """Send rows to the writer; people get a name of their own and, if the template had one, a valid ID number
        of their own."""
        from accounts.identity import make_id_number

        name_at, id_at, birth_at = self.user_columns
        for table, row in rows:
            if table == USER:
                row[name_at] = next(self.name_source)
                self.writer.names[row[0]] = row[name_at]
                if row[id_at] is not None:
                    self.serial += 1
                    birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=self.serial // 400)
                    male = row[id_at][16] in "13579"
                    row[id_at] = make_id_number("330199", birth, (self.serial % 400) * 2 + male)
                    row[birth_at] = birth
            self.writer.add(table, row)


# --- the plan ----------------------------------------------------------------------------------------------------


WORKERS = 2  # generator processes (this machine has 2 cores; PostgreSQL's COPY uses a part of them)
ID_STRIDE = 100_000_000  # ids of one worker's rows start this far from the previous worker's (int4 keys too)
SERIAL_STRIDE = 400_000  # ID-card serials of one worker (400 a birth date) start this far from the previous one's
TASKS_PER_CASE = 10  # 100,000 cases, 1,000,000 tasks
CLOSED_SHARE = {"ARCHIVED": 0.08}  # of all cases; other closed outcomes (disqualified) share OTHER_CLOSED
OTHER_CLOSED = 0.02


def _weights(templates: list[clone.Template], cases: list[dict]) -> list[float]:
    """How often each template party case is copied: archived 8 %, otherwise closed 2 %, the open ones along a
    funnel (the further along, the fewer: weight e^(-steps/τ)), τ chosen so that a case has TASKS_PER_CASE tasks
    on average."""
    tasks = [t.count("viewflow_task") for t in templates]
    steps = [t.count(AUDIT) for t in templates]
    closed = [case["case_status"] not in ACTIVE for case in cases]
    groups = [(case["case_status"] if case["case_status"] in CLOSED_SHARE else "other") if c else None
              for case, c in zip(cases, closed, strict=True)]  # fmt: skip
    members = {g: groups.count(g) for g in set(groups) if g}
    fixed = [CLOSED_SHARE.get(g, OTHER_CLOSED) / members[g] if g else 0.0 for g in groups]
    open_share = 1 - sum(fixed)

    def weights(tau: float) -> list[float]:
        raw = [0.0 if c else math.exp(-n / tau) for n, c in zip(steps, closed, strict=True)]
        total = sum(raw)
        return [f + open_share * r / total for f, r in zip(fixed, raw, strict=True)]

    low, high = 0.5, 200.0
    for _ in range(60):
        tau = (low + high) / 2
        mean = sum(w * t for w, t in zip(weights(tau), tasks, strict=True))
        low, high = (tau, high) if mean < TASKS_PER_CASE else (low, tau)
    return weights((low + high) / 2)


@dataclass
class Plan:
    demo: dict[str, dict]  # demo organisations by code
    people: dict[str, clone.Template]  # bureau, committee, branch, YH-C1, YH-C2: the people of one such unit
    party: list[clone.Template]  # one per demo party case, its person first
    weights: list[float]
    closed: set[str]  # names of the party templates whose case is closed
    communities: dict[str, clone.Template]  # YH-C1, YH-C2


def _group(org: dict) -> str | None:
    """Which group of people a demo person is copied with, by the organisation they belong to."""
    code = org["code"]
    if code == "YH-EDU":
        return "bureau"
    if code in ("YH-C1-S0-B1", "YH-C1-S0-B1-G1"):
        return "branch"
    if code in ("YH-C1-S0-PC", "YH-C1-S0-GB1", "YH-C1-S0-GB2"):
        return "committee"
    if code[:5] in ("YH-C1", "YH-C2") and org["kind"] in ("COMMUNITY", "SCHOOL"):
        return code[:5]
    return None  # people of the other demo branches are not copied


def make_plan(tables: dict, rows: dict) -> Plan:
    from bench import gen_templates

    demo = {r["code"]: r for r in rows[ORG].values()}
    by_id = {r["id"]: r for r in rows[ORG].values()}
    party = gen_templates.party_templates(tables, rows)
    cases = [rows["party_partycase"][int(t.name.split(":")[1])] for t in party]
    persons = {case["person_id"] for case in cases}
    home: dict[int, dict] = {}  # the deepest organisation each person holds a role in
    for membership in rows["accounts_membership"].values():
        org, current = by_id[membership["organisation_id"]], home.get(membership["user_id"])
        if current is None or len(org["path"]) > len(current["path"]):
            home[membership["user_id"]] = org
    groups = defaultdict(set, {key: set() for key in ("bureau", "branch", "committee", "YH-C1", "YH-C2")})
    for user_id, org in home.items():
        if user_id not in persons and (group := _group(org)):
            groups[group].add(user_id)
    return Plan(
        demo=demo,
        people={key: gen_templates.people_template(tables, rows, ids, key) for key, ids in groups.items()},
        party=[
            _with_person(t, gen_templates.people_template(tables, rows, {case["person_id"]}, "person"))
            for t, case in zip(party, cases, strict=True)
        ],
        weights=_weights(party, cases),
        closed={t.name for t, case in zip(party, cases, strict=True) if case["case_status"] not in ACTIVE},
        communities=dict(
            zip(
                ("YH-C1", "YH-C2"),
                gen_templates.community_templates(tables, rows, [demo["YH-C1"]["id"], demo["YH-C2"]["id"]]),
                strict=True,
            )
        ),
    )


def _connector(settings: dict):
    import psycopg

    def connect():
        return psycopg.connect(
            host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, user=settings["USER"],
            password=settings["PASSWORD"] or None, dbname=settings["NAME"],
        )  # fmt: skip

    return connect


def _with_person(template: clone.Template, person: clone.Template) -> clone.Template:
    """A party case's template preceded by its person's rows: one copy makes both."""
    return clone.Template(template.name, person.rows + template.rows, {**person.ids, **template.ids})


class Generator:
    def __init__(self, world: World, plan: Plan, volume: Volume, rng: random.Random):
        self.world, self.plan, self.volume, self.rng = world, plan, volume, rng

    def bureau(self, b: int) -> tuple[dict, dict]:
        """A county bureau and its people; returns the bureau and its people (template id → new id)."""
        world, demo = self.world, self.plan.demo
        code = f"BJ{b}"
        bureau = world.org("", 1 + b, code, demo["YH-EDU"], f"基准县{b}教育局", self.volume.communities_per_bureau)
        return bureau, world.people(self.plan.people["bureau"], {demo["YH-EDU"]["id"]: bureau["id"]}, code)

    def bureaus(self) -> list[tuple[dict, dict]]:
        return [self.bureau(b) for b in range(1, self.volume.bureaus + 1)]

    def communities(self, bureaus: list[tuple[dict, dict]], part: int = 0, parts: int = 1) -> None:
        """The communities numbered ``part`` modulo ``parts`` of every bureau, in turn (the first of each bureau,
        the second of each, ...): rows of all counties interleave in id order, as they would in a shared
        database, where ids follow time."""
        for done, c in enumerate(range(1 + part, self.volume.communities_per_bureau + 1, parts), start=1):
            for b, (bureau, users) in enumerate(bureaus, start=1):
                self.community(bureau, f"BJ{b}-C{c:03d}", c, users)
            if done % 10 == 0:
                rows = sum(self.world.writer.counts.values())
                print(f"[{part}] {done} communities of each bureau: {rows:,} rows", file=sys.stderr)

    def community(self, bureau: dict, code: str, index: int, bureau_users: dict) -> None:
        """A community of three schools (copied from 城关 or 楚门 in turn), a party committee under its core school
        with two general branches of two branches each, their people, cases, applications and evaluations."""
        world, demo = self.world, self.plan.demo
        kind = "YH-C1" if index % 2 else "YH-C2"
        orgs = {demo["YH-EDU"]["id"]: bureau["id"]}
        community = world.org(bureau["path"], index, code, demo[kind], f"{demo[kind]['name']}{code[2:]}", 3)
        orgs |= {demo["YH-C1"]["id"]: community["id"], demo["YH-C2"]["id"]: community["id"]}
        schools = []
        for s in range(3):
            template = demo[f"{kind}-S{s}"]
            school = world.org(community["path"], s + 1, f"{code}-S{s}", template, template["name"], int(s == 0))
            orgs |= {demo[f"YH-C1-S{s}"]["id"]: school["id"], demo[f"YH-C2-S{s}"]["id"]: school["id"]}
            schools.append(school)
        committee = world.org(schools[0]["path"], 1, f"{code}-PC", demo["YH-C1-S0-PC"], "党委", 2)
        orgs[demo["YH-C1-S0-PC"]["id"]] = committee["id"]
        branches = []
        for g in (1, 2):
            general = world.org(committee["path"], g, f"{code}-GB{g}", demo[f"YH-C1-S0-GB{g}"], f"第{g}党总支", 2)
            orgs[demo[f"YH-C1-S0-GB{g}"]["id"]] = general["id"]
            for i in (1, 2):
                number = 2 * (g - 1) + i
                template = demo[f"YH-C1-S0-B{number}"]
                branch = world.org(general["path"], i, f"{code}-B{number}", template, template["name"], 1)
                orgs[template["id"]] = branch["id"]
                group = world.org(branch["path"], 1, f"{code}-B{number}-G1", demo["YH-C1-S0-B1-G1"], "党小组", 0)
                branches.append((branch, group))
        shared = bureau_users | world.people(self.plan.people[kind], orgs, code)
        shared |= world.people(self.plan.people["committee"], orgs, f"{code}-PC")
        for number, (branch, group) in enumerate(branches, start=1):
            branch_orgs = orgs | {demo["YH-C1-S0-B1"]["id"]: branch["id"], demo["YH-C1-S0-B1-G1"]["id"]: group["id"]}
            users = shared | world.people(self.plan.people["branch"], branch_orgs, f"{code}-B{number}")
            self.cases(users, branch_orgs, f"{code}-B{number}")
        ctx = Context(users=shared, orgs=orgs, days=0, names=world.writer.names)
        world.copy(self.plan.communities[kind], ctx, code)

    def cases(self, users: dict, orgs: dict, code: str) -> None:
        """The branch's party cases: each a copy of a template case, moved back a whole number of weeks (up to
        half a year while open, two years once closed) so that deadlines fall due at different times."""
        plan, names = self.plan, self.world.writer.names
        for n in range(self.volume.cases_per_branch):
            template = self.rng.choices(plan.party, plan.weights)[0]
            days = -7 * self.rng.randint(0, 104 if template.name in plan.closed else 26)
            self.world.copy(template, Context(users=users, orgs=orgs, days=days, names=names), f"{code}-{n}")


def _community_worker(part: int, results, shared: tuple) -> None:
    """One generator process: its share of the communities, through a writer of its own."""
    connect, tables, names, base, serial, plan, volume, seed, bureaus = shared
    try:
        allocator = Allocator({table: first + part * ID_STRIDE for table, first in base.items()})
        writer = Writer(connect, tables, names)
        world = World(writer, allocator, random.Random(seed + part))
        world.serial = serial + part * SERIAL_STRIDE
        generator = Generator(world, plan, volume, random.Random(seed + part))
        generator.communities(bureaus, part, WORKERS)
        writer.close()
        results.put({"part": part, "counts": dict(writer.counts), "next": allocator.next, "peak_rss_mb": peak_rss_mb()})
    except BaseException:  # noqa: BLE001  (reported to the parent, which fails the generation)
        import traceback

        results.put({"part": part, "error": traceback.format_exc()})


def generate(volume: Volume, *, seed: int = 7) -> dict:
    """Capture the templates of this database (a copy of the seed database), then write the volume into it;
    returns what was written and what it cost."""
    from django.db import connection

    from bench import gen_templates

    started = time.perf_counter()
    tables = clone.tables_from_models()
    needed = sorted({*gen_templates.PARTY_OWNED, *gen_templates.COMMUNITY_OWNED, *gen_templates.PEOPLE_OWNED, ORG})
    rows = gen_templates.load(tables, needed)
    plan = make_plan(tables, rows)
    names = {r["id"]: r["real_name"] for r in rows[USER].values()}
    del rows

    start = {}
    with connection.cursor() as cursor:
        for name in needed:
            if tables[name].allocates:
                cursor.execute(f'SELECT coalesce(max("{tables[name].pk}"), 0) + 1 FROM "{name}"')
                start[name] = cursor.fetchone()[0]
    connect = _connector(connection.settings_dict)
    allocator = Allocator(start)
    writer = Writer(connect, tables, names)
    world = World(writer, allocator, random.Random(seed))
    bureaus = Generator(world, plan, volume, random.Random(seed)).bureaus()
    writer.close()
    counts = defaultdict(int, writer.counts)
    connection.close()  # the workers are forked: none of them may share this connection

    # The communities in WORKERS processes (the cloning is Python work, one core each): each allocates ids from a
    # range of its own (ID_STRIDE apart) and numbers ID cards from a serial of its own.
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    shared = (
        connect,
        tables,
        names,
        dict(allocator.next),
        world.serial,
        plan,
        volume,
        seed,
        bureaus,
    )  # inherited, not pickled
    workers = [context.Process(target=_community_worker, args=(k, results, shared)) for k in range(WORKERS)]
    for worker in workers:
        worker.start()
    reports = []
    while len(reports) < len(workers):
        try:
            reports.append(results.get(timeout=5))
        except queue.Empty:
            if dead := [w.exitcode for w in workers if w.exitcode not in (None, 0)]:
                raise RuntimeError(f"a generator worker died (exit codes {dead})") from None
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise RuntimeError(f"a generator worker exited with {worker.exitcode}")
    for report in reports:
        if "error" in report:
            raise RuntimeError(f"generator worker {report['part']} failed:\n{report['error']}")
        for table, n in report["counts"].items():
            counts[table] += n
        for table, first_free in report["next"].items():
            allocator.next[table] = max(allocator.next[table], first_free)

    with connection.cursor() as cursor:
        for name, first_free in allocator.next.items():
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)", [f'"{name}"', tables[name].pk, first_free]
            )
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "volume": asdict(volume),
        "seconds": round(time.perf_counter() - started, 1),
        "load_seconds": round(loaded - started, 1),
        "analyze_seconds": round(time.perf_counter() - loaded, 1),
        # The processes run together: the generator's memory is their sum.
        "peak_rss_mb": round(peak_rss_mb() + sum(report["peak_rss_mb"] for report in reports), 1),
        "workers": WORKERS,
        "rows": dict(sorted(counts.items())),
    }

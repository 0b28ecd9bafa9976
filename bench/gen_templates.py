"""The generator's templates: the demo data set (manage.py seed_demo), plus one party case for every stage along
the ordinary path that the demo lacks, all made through the real services; then captured as units to copy.

Units: one per party case (its process and case rows, tasks and their links, approvals, meetings, decisions,
political review, overrides, comments and its audit chain), one per demo community (its applications with their
versions, forms, consultations and tasks; its evaluations with every track, score, appointment, visit and result;
their audit chains), and one per group of people of an organisation of the demo tree (users, memberships,
object permissions).
"""

import datetime
import json
from collections import defaultdict

from bench.clone import AUDIT, CASE_TABLES, JSON_REFS, ORG, USER, Template, compile_row

PARTY_OWNED = [
    "viewflow_process", "party_partycase", "viewflow_task", "viewflow_task_previous", "workflows_approval",
    "workflows_approvalslot", "party_meeting", "party_meetingdecision", "party_politicalreview", "party_override",
    "workflows_casecc", "workflows_comment", "workflows_comment_attachments", "workflows_reminder", AUDIT,
]  # fmt: skip
COMMUNITY_OWNED = [
    "viewflow_process", "community_application", "stepwise_forms_caseformversion", "stepwise_forms_submission",
    "stepwise_forms_submission_attachments", "community_consultation", "viewflow_task", "viewflow_task_previous",
    "workflows_approval", "workflows_approvalslot", "workflows_casecc", "workflows_comment", "workflows_reminder",
    "evaluation_evaluationcase", "evaluation_routineevaluation", "evaluation_projectevaluation",
    "evaluation_indicatorscore", "evaluation_indicatorscore_evidence", "evaluation_appointment",
    "evaluation_onsitevisit", "evaluation_onsitevisit_inspectors", "evaluation_onsitevisit_photos",
    "evaluation_gradingresult", "evaluation_resultcorrection", AUDIT,
]  # fmt: skip
PEOPLE_OWNED = [USER, "accounts_membership", "guardian_userobjectpermission"]
# Rows reached by a reference *from* a unit's row that belong to the unit (the rest stay shared).
FORWARD = {"viewflow_process", "party_meeting", "party_politicalreview", "stepwise_forms_submission"}
UNIQUE = {"community_application": {"filing_number"}, USER: {"username"}}


def seed(today: datetime.date) -> None:
    """The demo data set, then a party case stopped after each number of steps the demo does not show."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    _stage_cases(today)


def _stage_cases(today: datetime.date) -> None:
    from django.db import transaction

    from accounts import services as account_services
    from accounts.identity import make_id_number
    from accounts.models import Organisation, User
    from accounts.roles import Role
    from workflows.party import demo
    from workflows.party.demo import run_action
    from workflows.party.steps.application import case_submit

    shown = {steps for _name, _age, steps, _twist in demo.CASES}
    branch = Organisation.objects.get(code="YH-C1-S0-B1")
    names = ["secretary", "orgmember", "committeeman", "organizer", "orgdept", "trainer", "introducer"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    for index, steps in enumerate(s for s in range(len(demo.PATH) + 1) if s not in shown):
        age = (demo.PATH[steps - 1][0] if steps else 0) + 12
        applied = today - datetime.timedelta(days=age)
        birth = datetime.date(1995 + index % 6, 1 + index % 12, 1 + index % 28)
        with transaction.atomic():
            person = account_services.user_create(
                username=f"stage{steps:02d}",
                real_name=f"阶段{steps:02d}",
                birth_date=birth,
                gender="M" if index % 2 else "F",
                id_number=make_id_number("330102", birth, 300 + index * 2 + index % 2),
            )
            account_services.membership_grant(
                user=person, organisation=branch, role=Role.APPLICANT, valid_from=applied, today=today
            )
            case = case_submit(
                actor=users["secretary"],
                payload={"branch_id": branch.pk, "date": applied, "person_id": person.pk, "backfill": True},
                today=today,
            )
            for offset, actor, action, spec in demo.PATH[:steps]:
                day = applied + datetime.timedelta(days=offset)
                who = person if actor == "person" else users[actor]
                payload = demo._payload(case, day, spec, users, who)  # the demo's own payloads for each step
                run_action(case_id=case.pk, code=action, actor=who, payload=payload, today=today)


# --- capture ---------------------------------------------------------------------------------------------------------


def load(tables: dict, names) -> dict[str, dict[int, dict]]:
    """Every row of the named tables, by primary key, JSON columns decoded."""
    from django.db import connection

    rows = {}
    with connection.cursor() as cursor:
        for name in names:
            table = tables[name]
            columns = table.column_names
            cursor.execute(f'SELECT {", ".join(columns)} FROM "{name}"')
            json_columns = [c.name for c in table.columns if c.kind == "json"]
            found = {}
            for values in cursor.fetchall():
                row = dict(zip(columns, values, strict=True))
                for column in json_columns:
                    if isinstance(row[column], str):
                        row[column] = json.loads(row[column])
                found[row[table.pk]] = row
            rows[name] = found
    return rows


def _json_refs(value, key=None):
    """(target table, id) for every id inside a JSON value that JSON_REFS knows."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_refs(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_refs(v, key)
    elif isinstance(value, int) and not isinstance(value, bool) and key in JSON_REFS:
        yield JSON_REFS[key], value


def closure(tables: dict, rows: dict, owned: list[str], roots: dict[str, set]) -> dict[str, set]:
    """The rows of a unit: the roots, every owned row that references one of its rows (people and organisations
    excepted), the rows in FORWARD its rows reference (columns and JSON), and the audit events of its cases."""
    included = defaultdict(set, {t: set(ids) for t, ids in roots.items()})
    changed = True
    while changed:
        changed = False
        for name in owned:
            table = tables[name]
            for pk, row in rows[name].items():
                if pk in included[name]:
                    continue
                if name == AUDIT:
                    hit = row["case_id"] in included.get(CASE_TABLES.get(row["process"], ""), ())
                else:
                    hit = any(
                        c.kind == "ref"
                        and c.target not in (USER, ORG)
                        and row[c.name] is not None
                        and int(row[c.name]) in included.get(c.target, ())
                        for c in table.columns
                    )
                if hit:
                    included[name].add(pk)
                    changed = True
        for name in list(included):
            table = tables[name]
            for pk in list(included[name]):
                row = rows[name].get(pk)
                if row is None:
                    continue
                targets = [(c.target, row[c.name]) for c in table.columns if c.kind == "ref"]
                targets += [ref for c in table.columns if c.kind == "json" for ref in _json_refs(row[c.name])]
                for target, value in targets:
                    if target in FORWARD and value is not None and int(value) not in included[target]:
                        if int(value) in rows.get(target, {}):
                            included[target].add(int(value))
                            changed = True
    return included


def build(name: str, tables: dict, rows: dict, owned: list[str], included: dict[str, set]) -> Template:
    template = Template(name)
    for table_name in owned:
        table = tables[table_name]
        ids = sorted(included.get(table_name, ()))
        if not ids:
            continue
        if table.allocates:
            template.ids[table_name] = ids
        unique = UNIQUE.get(table_name, ())
        template.rows += [compile_row(table, rows[table_name][pk], unique=unique) for pk in ids]
    return template


def party_templates(tables: dict, rows: dict) -> list[Template]:
    templates = []
    for case_id in sorted(rows["party_partycase"]):
        included = closure(tables, rows, PARTY_OWNED, {"viewflow_process": {case_id}, "party_partycase": {case_id}})
        if len(included["party_partycase"]) != 1:
            raise RuntimeError(f"party case {case_id}'s unit holds other cases: {included['party_partycase']}")
        templates.append(build(f"party:{case_id}", tables, rows, PARTY_OWNED, included))
    return templates


def community_templates(tables: dict, rows: dict, community_ids: list[int]) -> list[Template]:
    templates = []
    for community_id in community_ids:
        applications = {pk for pk, r in rows["community_application"].items() if r["community_id"] == community_id}
        cases = {pk for pk, r in rows["evaluation_evaluationcase"].items() if r["community_id"] == community_id}
        roots = {
            "viewflow_process": applications,
            "community_application": applications,
            "evaluation_evaluationcase": cases,
        }
        included = closure(tables, rows, COMMUNITY_OWNED, roots)
        templates.append(build(f"community:{community_id}", tables, rows, COMMUNITY_OWNED, included))
    return templates


def people_template(tables: dict, rows: dict, user_ids: set[int], name: str) -> Template:
    included = {
        USER: set(user_ids),
        "accounts_membership": {pk for pk, r in rows["accounts_membership"].items() if r["user_id"] in user_ids},
        "guardian_userobjectpermission": {
            pk for pk, r in rows["guardian_userobjectpermission"].items() if r["user_id"] in user_ids
        },
    }
    return build(name, tables, rows, PEOPLE_OWNED, included)

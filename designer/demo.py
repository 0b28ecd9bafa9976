"""The seeded process definitions (designer/seeds/*.json, one export each: 名师工作室申报, 双培双促进培养对象推荐,
示范课/观摩课申报, 争三星申报, 外出培训申请) and the demo cases of them (manage.py seed_demo, after the demo tree).

The seed files are ordinary exports (designer.services.exported) but for one thing: organisation ids differ per
database, so a `who` or a scope naming an organisation names it by its code, ``"organisation_code": "YH-EDU"``;
``seed_document`` replaces each by ``"organisation": <id>`` when loading. The definitions belong to the bureau
YH-EDU, shared with the schools below it, created and published by its process administrator; from then on they
are data the administrator edits like any other."""

import copy
import datetime
import json
from pathlib import Path

from django.db import transaction

from accounts.models import Organisation, User
from designer import services
from designer.flows import DesignedFlow
from designer.models import Definition, DesignedCase
from workflows.access import OPEN
from workflows.kit.demo import demo_pdf
from workflows.kit.engine import run_action, start_case

SEEDS = Path(__file__).with_name("seeds")
OWNER = "YH-EDU"
ADMIN = "designer"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.json"))


def organisation_codes(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        if "organisation_code" in value:
            found.add(value["organisation_code"])
        for item in value.values():
            organisation_codes(item, found)
    elif isinstance(value, list):
        for item in value:
            organisation_codes(item, found)
    return found


def resolved(value, ids: dict[str, int]):
    if isinstance(value, dict):
        out = {key: resolved(item, ids) for key, item in value.items() if key != "organisation_code"}
        if "organisation_code" in value:
            out["organisation"] = ids[value["organisation_code"]]
        return out
    if isinstance(value, list):
        return [resolved(item, ids) for item in value]
    return value


def seed_document(path: Path) -> dict:
    """A seed file's export with every ``organisation_code`` replaced by that organisation's id (KeyError when the
    organisation is not in this database)."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    codes = organisation_codes(payload["document"], set())
    ids = dict(Organisation.objects.filter(code__in=codes).values_list("code", "pk"))
    missing = codes - set(ids)
    if missing:
        raise KeyError(f"organisations missing for the seed {path.name}: {sorted(missing)}")
    return {**payload, "document": resolved(copy.deepcopy(payload["document"]), ids)}


def seed_definitions(*, owner: Organisation, actor) -> dict[str, Definition]:
    """Each seed as a definition of ``owner``, shared with the organisations below, published (version 1)."""
    made = {}
    for path in seed_files():
        payload = seed_document(path)
        definition = services.definition_create(
            actor=actor,
            owner=owner,
            code=payload["code"],
            name=payload["name"],
            category=payload["category"],
            icon=payload["icon"],
            description=payload["description"],
            shared=True,
        )
        services.draft_save(actor=actor, definition=definition, document=payload["document"])
        services.definition_publish(actor=actor, definition=definition)
        made[definition.code] = definition
    return made


@transaction.atomic
def seed_designer_demo(*, today: datetime.date) -> int:
    """The seeded definitions and demo cases at different stages; the number of cases made. Does nothing when the
    seeded definitions are already there (or the demo tree is not)."""
    codes = [json.loads(path.read_text(encoding="utf-8"))["code"] for path in seed_files()]
    if Definition.objects.filter(code__in=codes).exists():
        return 0
    owner = Organisation.objects.filter(code=OWNER).first()
    admin = User.objects.filter(username=ADMIN).first()
    if owner is None or admin is None:
        return 0
    definitions = seed_definitions(owner=owner, actor=admin)
    return seed_cases(definitions, today=today)


class Demo:
    """Runs demo cases as the demo personas (by username) on given business days."""

    def __init__(self, definitions: dict[str, Definition]):
        self.definitions = definitions
        self.users = {user.username: user for user in User.objects.filter(is_active=True)}
        self.orgs = dict(Organisation.objects.values_list("code", "pk"))

    def start(self, code: str, username: str, day, values: dict, *, files=(), chosen=None) -> DesignedCase:
        actor = self.users[username]
        values = {**values, **{key: [demo_pdf(actor, name)] for key, name in files}}
        payload = {"definition": self.definitions[code].pk, "values": values, "chosen": chosen or {}}
        result = start_case(process="designed", actor=actor, payload=payload, today=day)
        return DesignedCase.objects.get(pk=result.case.pk)

    def act(self, case: DesignedCase, node: str, username: str, day, code: str = "approve", **payload) -> None:
        task = case.task_set.filter(flow_task=DesignedFlow.act, status__in=OPEN, data__node=node).order_by("pk").first()
        if task is None:
            raise LookupError(f"no open step {node} in case {case.pk}")
        payload = {"task": task.pk, **payload}
        run_action(
            process="designed", case_id=case.pk, code=code, actor=self.users[username], payload=payload, today=day
        )
        case.refresh_from_db()

    def person(self, username: str) -> int:
        return self.users[username].pk


def _day(today: datetime.date, back: int) -> datetime.date:
    return today - datetime.timedelta(days=back)


def _period(start: datetime.date, days: int) -> dict:
    return {"start": start.isoformat(), "end": (start + datetime.timedelta(days=days - 1)).isoformat()}


def _training(demo: Demo, username: str, day, days: int, name: str, organiser: str) -> DesignedCase:
    values = {
        "training_name": name,
        "organiser": organiser,
        "location": "杭州",
        "period": _period(day + datetime.timedelta(days=14), days),
        "days": str(days),
        "reason": "提升课堂教学与教研能力，回校后在教研组内作专题分享。",
        "classes": "所任课程由同年级教师代课，返校后补齐作业批改。",
        "fee": "1860.00",
        "expenses": [
            {"item": "培训费", "amount": "1200.00", "note": ""},
            {"item": "住宿费", "amount": "480.00", "note": "两人一间"},
            {"item": "交通费", "amount": "180.00", "note": "往返高铁"},
        ],
    }
    return demo.start("outside-training", username, day, values, files=[("notice_file", "培训通知.pdf")])


def _lesson(demo: Demo, username: str, day, level: str, topic: str) -> DesignedCase:
    values = {
        "lesson_type": "示范课",
        "level": level,
        "school": demo.orgs["YH-C1-S0"],
        "subject": "语文",
        "grade": "四年级",
        "topic": topic,
        "lesson_date": (day + datetime.timedelta(days=10)).isoformat(),
        "period": "上午第二节",
        "place": "录播教室",
        "highlights": "以学习任务群组织单元教学，突出朗读指导与小组合作。",
    }
    return demo.start("model-lesson", username, day, values, files=[("design", "教学设计.pdf")])


def _nomination(demo: Demo, username: str, day, nominee: str, direction: str, standing: str) -> DesignedCase:
    values = {
        "direction": direction,
        "nominee": demo.person(nominee),
        "school": demo.orgs["YH-C1-S0"],
        "group": "语文教研组",
        "standing": standing,
        "post": "备课组长",
        "honours": "校级优秀教师；县级教学能手",
        "reason": "课堂教学扎实，近两年承担校级示范课两节，积极参加党组织活动。",
    }
    chosen = {"group_nomination": [demo.person("groupleader")], "branch_decision": [demo.person("secretary")]}
    return demo.start("double-cultivation", username, day, values, chosen=chosen)


def _star(demo: Demo, username: str, day, star: str, **values) -> DesignedCase:
    values = {"star": star, "school": demo.orgs["YH-C1-S0"], **values}
    files = [("moral_paper", "德育工作总结.pdf")] if star == "德育之星" else [("lesson_files", "精品课教学设计.pdf")]
    chosen = {"lesson_rating": [demo.person("committee"), demo.person("groupleader")]} if star == "教学之星" else {}
    return demo.start("three-stars", username, day, values, files=files, chosen=chosen)


def seed_cases(definitions: dict[str, Definition], *, today: datetime.date) -> int:
    """Cases at different stages, so that school, branch and bureau personas have steps waiting and cases started:
    宋建华's 外出培训 waits for the principal 马俊, 朱红梅's (a principal's) for the bureau's 梁静; a 名师工作室 and a
    区级 示范课 wait for the bureau's 罗志明; a 校级 示范课 is approved; 双培双促进 recommendations wait for 宋建华 and
    for the group leader 赵敏; 争三星 applications wait for 张丽华 and 赵敏 (听课评议) and for the secretary 林晓红."""
    demo = Demo(definitions)
    made = [
        _training(demo, "schooldept", today, 5, "浙江省小学语文学习任务群教学研修班", "浙江省教育厅教研室"),
        _training(demo, "memberlead", today, 4, "台州市中小学校长领导力提升培训", "台州市教育局"),
    ]

    studio = demo.start(
        "famous-teacher-studio",
        "schooldept",
        _day(today, 3),
        {
            "studio_name": "周海涛小学语文名师工作室",
            "studio_lead": demo.person("trainer"),
            "subject": "语文",
            "members": [
                {"name": "周海涛", "school": "玉环市城关第一小学", "title": "高级教师", "duty": "领衔人"},
                {"name": "吴晓燕", "school": "玉环市城关第一小学", "title": "一级教师", "duty": "课例研究"},
                {"name": "张丽华", "school": "玉环市城关第一小学", "title": "一级教师", "duty": "送教联络"},
            ],
            "goals": "三年内培养区级以上骨干教师三名，形成小学语文学习任务群教学案例集。",
            "activities": "每月一次校内名师展示课，每学期两次片区主题研讨，每学年一次全区送教。",
            "budget": "30000.00",
        },
        files=[("agreement", "结对协议书.pdf")],
    )
    demo.act(studio, "lead_confirm", "trainer", _day(today, 2), comment="同意领衔，按计划开展活动。")
    demo.act(studio, "principal", "corelead", _day(today, 2), comment="学校支持，同意申报。")
    made.append(studio)

    approved = _lesson(demo, "introducer", _day(today, 20), "校级", "《观潮》第一课时")
    demo.act(approved, "branch_recommend", "secretary", _day(today, 19), comment="同意推荐。")
    demo.act(approved, "dean_review", "schooldept", _day(today, 18))
    demo.act(
        approved,
        "arrange",
        "schooldept",
        _day(today, 18),
        code="handle",
        values={"arrangement": "语文教研组全体教师听课，课后在会议室集体评课。"},
    )
    district = _lesson(demo, "committee", _day(today, 2), "区级", "《爬山虎的脚》")
    demo.act(district, "branch_recommend", "secretary", _day(today, 1))
    demo.act(district, "school_review", "schooldept", _day(today, 1), comment="同意推荐参加区级展示。")
    made += [approved, district]

    screening = _nomination(demo, "orgmember", _day(today, 1), "applicant", "把教学骨干中的先进分子培养成党员", "群众")
    demo.act(
        screening,
        "group_nomination",
        "groupleader",
        today,
        code="handle",
        values={"votes": "11", "group_opinion": "教研组一致推举。"},
    )
    nominated = _nomination(demo, "assembly", today, "trainer", "把党员培养成教学骨干", "中共党员")
    made += [screening, nominated]

    rating = _star(demo, "trainer", today, "教学之星", post="一线教师", pledge="上好一堂精品课，撰写一篇优秀教学案例。",
                   fine_lesson="《观潮》")  # fmt: skip
    moral = _star(demo, "assembly", _day(today, 4), "德育之星", post="班主任", pledge="做好亲情家访，开好主题班会。",
                  moral_event="组织“感恩父母”主题班会，全班42人参加。", home_visits="12")  # fmt: skip
    demo.act(moral, "moral_review", "schooldept", _day(today, 2), values={"review": "材料齐全，家访记录翔实。"})
    made += [rating, moral]
    return len(made)

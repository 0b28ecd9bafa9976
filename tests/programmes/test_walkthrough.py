"""Issue 19's walkthrough: one 双培双促进 programme from the baseline import to the year-end assessment, through the API
and, at the key steps, the pages, each person signed in as themselves, on fixed dates of the 2026 school year:

1. 2026-09-08 (摸清底子): the branch secretary imports the titles and honours of three teachers from an .xlsx (the
   import page); the school's figures and its 重点发展对象 list show the imported non-party teacher 陈思远;
2. 2026-09-25: the secretary creates the branch's programme (defaults: stages, terms, quotas) and lowers the 听课
   quota to 2 a term;
3. 2026-10-12: 教导处 nominates 陈思远 through the designed process double-cultivation, approved at each step → on the
   list; the secretary names the 党小组长 赵敏 responsible;
4. 2026-11-20: 陈思远 records his activities of the term, 赵敏 confirms them, the progress API shows him on track;
5. 2026-12-20 (开展考评): the secretary opens the assessment, the proposals come from the confirmed records, she
   scores on the sheet's page and publishes; 陈思远 reads his sheet, a teacher of another branch gets 404;
6. the audit trail holds each step's events and its chain verifies intact.
"""

import datetime
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import OrganisationKind as K
from accounts.models import PartyStanding
from accounts.roles import Role
from audit.models import AuditEvent
from audit.verification import verify_all
from designer.models import Stage as CaseStage
from programmes.assessment.models import SheetStatus
from programmes.baseline.importer import COLUMNS
from programmes.baseline.models import Distinction
from programmes.models import Participant, ParticipantStatus, Programme
from programmes.records.models import ActivityRecord, RecordStatus
from tests.clients import api, page
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.programmes.records.conftest import observation
from tests.programmes.world import act, nominate, publish_nomination

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2026
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """django.utils.timezone.now at 09:00 Shanghai time on the day set (and running on from there, so that instants
    keep their order); business_today() and every auto_now follow it."""

    def __init__(self, monkeypatch):
        self._real = timezone.now
        self._set_at = self._real()
        self._at = self._set_at
        monkeypatch.setattr(timezone, "now", self.now)

    def now(self) -> datetime.datetime:
        return self._at + (self._real() - self._set_at)

    def day(self, day: datetime.date) -> None:
        self._set_at = self._real()
        self._at = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI).astimezone(datetime.UTC)


@pytest.fixture
def clock(monkeypatch):
    """The clock, on the first day of the walk (before the world is built)."""
    found = Clock(monkeypatch)
    found.day(D(YEAR, 9, 8))
    return found


@pytest.fixture
def school(clock, w):
    """The programmes world (tests/programmes/world.py) with a second branch of the same school and its teacher
    郑国强, and the seeded nomination process published."""
    branch2 = OrganisationFactory.create(kind=K.BRANCH, parent=w.committee, name="数学教研党支部")
    w.neighbour = UserFactory(username="neighbour", real_name="郑国强", party_standing=PartyStanding.FULL)
    grant(w.neighbour, branch2, Role.MEMBER)
    w.definition = publish_nomination(w)
    return SimpleNamespace(w=w, clock=clock)


def workbook(*rows) -> SimpleUploadedFile:
    """The import template's columns (programmes.baseline.importer.COLUMNS) and the rows given."""
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉称号"
    sheet.append([zh for _name, zh, _required in COLUMNS])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return SimpleUploadedFile("城关第一小学教师荣誉摸底.xlsx", buffer.getvalue(), content_type=content_type)


# What 陈思远 records in the first term, each dated before 2026-11-20: every quota that binds him is on track then.
ACTIVITIES = [
    ("OBSERVATION", "2026-10-15", observation(topic="《秋天》")),
    ("OBSERVATION", "2026-11-05", observation(class_name="三(2)班", topic="《找春天》")),
    ("DEMONSTRATION", "2026-10-20", {"level": "GROUP", "topic": "《秋天》识字教学", "notes": ""}),
    ("READING_NOTE", "2026-11-10", {"book": "《给教师的建议》", "text": "读后反思课堂提问。"}),
    ("BOOK", "2026-10-25", {"book": "《课程与教学论》", "text": "精读笔记。"}),
    ("LECTURE", "2026-11-12", {"title": "低段识字教学讲座", "place": "校级", "notes": ""}),
    ("PAPER", "2026-11-16", {"title": "低段识字教学的三点做法", "published_in": "校刊《晨钟》"}),
    ("RESEARCH", "2026-10-28", {"title": "低段阅读习惯培养课题", "place": "校级", "notes": ""}),
    ("COMPETITION", "2026-11-18", {"title": "县青年教师赛课", "place": "县级", "notes": ""}),
    ("MENTORING", "2026-11-02", {"mentee": "新教师小李", "notes": ""}),
]


def test_a_programme_from_the_baseline_import_to_the_published_year_end_assessment(school):
    w, clock = school.w, school.clock

    # 1. 摸清底子: the secretary imports three teachers' titles and honours on the import page.
    upload = workbook(
        ["陈思远", "teacher", "骨干称号", "教学能手", "县级", "2025-9-10", "玉环市教育局"],
        ["周海涛", "member", "骨干称号", "教学骨干", "市级", "2024年6月1日", "台州市教育局"],
        ["吴晓燕", "member2", "荣誉称号", "优秀班主任", "校级", "2025/6/30", "城关第一小学"],
    )
    imported = page(w.secretary).post(reverse("programmes-baseline-import"), {"file": upload})
    assert imported.status_code == 302
    assert Distinction.objects.filter(recorded_by=w.secretary).count() == 3
    figures = api(w.secretary).get(reverse("api-programmes-baseline-figures", args=[w.school.pk])).json()
    assert figures["totals"]["counts"] == {
        "teachers": 7,
        "members": 5,
        "backbones": 2,
        "member_backbones": 1,
        "advanced": 1,
    }
    targets = api(w.secretary).get(reverse("api-programmes-baseline-targets", args=[w.school.pk])).json()
    assert [row["name"] for row in targets] == ["陈思远"]
    assert [reason["title_label"] for reason in targets[0]["reasons"]] == ["教学能手"]
    school_page = page(w.secretary).get(reverse("programmes-baseline-school", args=[w.school.pk]))
    assert school_page.status_code == 200 and "骨干教师" in school_page.content.decode()
    targets_page = page(w.secretary).get(reverse("programmes-baseline-targets", args=[w.school.pk])).content.decode()
    assert "陈思远" in targets_page and "县级" in targets_page and "周海涛" not in targets_page

    # 2. 制定方案: the secretary creates the programme (the seed's defaults) and lowers the 听课 quota.
    clock.day(D(YEAR, 9, 25))
    data = {"kind": "DUAL", "organisation": w.branch.pk, "school_year": YEAR}
    created = api(w.secretary).post(reverse("api-programmes-programme-list"), data, format="json")
    assert created.status_code == 201
    body = created.json()
    assert [s["name"] for s in body["stages"]] == ["摸清底子", "制定方案", "落实措施", "开展考评"]
    assert [(t["starts"], t["ends"]) for t in body["terms"]] == [
        ("2026-09-01", "2027-01-31"),
        ("2027-02-01", "2027-07-15"),
    ]
    assert len(body["quotas"]) == 9
    programme = Programme.objects.get(pk=body["id"])
    quotas = reverse("api-programmes-programme-quotas", args=[programme.pk])
    lowered = api(w.secretary).post(quotas, {"kind": "OBSERVATION", "period": "TERM", "count": 2}, format="json")
    assert lowered.status_code == 200 and lowered.json()["words"] == "每学期听课不少于2节"
    assert (
        api(w.member).post(quotas, {"kind": "OBSERVATION", "period": "TERM", "count": 0}, format="json").status_code
        == 403
    )

    # 3. 确定名单: 教导处 nominates 陈思远; 教研组, 教导处 and the branch approve; the secretary names 赵敏 responsible.
    clock.day(D(YEAR, 10, 12))
    case = nominate(w, w.definition, w.dept, w.teacher, direction="把教学骨干中的先进分子培养成党员", standing="群众")
    participant = Participant.objects.get(programme=programme, person=w.teacher)
    assert participant.status == ParticipantStatus.NOMINATED
    act(case, "group_nomination", w.leader, code="handle", comment="教研组推举")
    act(case, "screening", w.dept, assessment="优秀", lessons="3")
    act(case, "branch_decision", w.secretary)
    assert case.stage == CaseStage.APPROVED
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.LISTED and participant.direction == "TO_MEMBER"
    set_responsible = api(w.secretary).patch(
        reverse("api-programmes-programme-participant", args=[participant.pk]),
        {"responsible": w.leader.pk, "deadline": "2027-07-15"},
        format="json",
    )
    assert set_responsible.status_code == 200 and set_responsible.json()["responsible_name"] == "赵敏"
    detail = page(w.secretary).get(reverse("programmes-programme-detail", args=[programme.pk])).content.decode()
    assert "陈思远" in detail and "已列入名单" in detail and "赵敏" in detail and "每学期听课不少于2节" in detail

    # 4. 落实措施: 陈思远 records the term's activities; 赵敏 confirms them; he is on track, the 听课 quota met.
    clock.day(D(YEAR, 11, 20))
    made = []
    for kind, day, details in ACTIVITIES:
        payload = {"programme": programme.pk, "kind": kind, "date": day, "details": details}
        answer = api(w.teacher).post(reverse("api-programmes-records-list"), payload, format="json")
        assert answer.status_code == 201, answer.json()
        made.append(answer.json()["id"])
    outside = {"programme": programme.pk, "kind": "OBSERVATION", "date": "2026-11-21", "details": observation()}
    late = api(w.teacher).post(reverse("api-programmes-records-list"), outside, format="json")
    assert (late.status_code, late.json()["code"]) == (400, "record_in_future")
    assert api(w.teacher).post(reverse("api-programmes-records-confirm", args=[made[0]])).status_code == 403
    for pk in made:
        confirmed = api(w.leader).post(reverse("api-programmes-records-confirm", args=[pk]))
        assert confirmed.status_code == 200 and confirmed.json()["status"] == RecordStatus.CONFIRMED
    progress = api(w.teacher).get(reverse("api-programmes-records-progress", args=[programme.pk])).json()
    assert progress["date"] == "2026-11-20"
    (mine,) = progress["people"]
    assert mine["name"] == "陈思远" and mine["on_track"] is True
    observed = next(row for row in mine["rows"] if row["kind"] == "OBSERVATION")
    assert (observed["done"], observed["required"], observed["met"]) == (2, 2, True)
    assert [row["kind"] for row in mine["rows"]].count("DEMONSTRATION") == 1  # 党员每月示范课: the other direction
    records_page = page(w.teacher).get(reverse("programmes-records-mine"))
    assert records_page.status_code == 200 and "听课" in records_page.content.decode()

    # 5. 开展考评: the secretary opens the assessment; the records propose; she scores on the page and publishes.
    clock.day(D(YEAR, 12, 20))
    opened = api(w.secretary).post(reverse("api-programmes-assessment-open", args=[programme.pk]))
    assert opened.status_code == 201 and [p["name"] for p in opened.json()["participants"]] == ["陈思远"]
    sheet_api = reverse("api-programmes-assessment-sheet", args=[programme.pk, participant.pk])
    lines = {line["code"]: line for line in api(w.secretary).get(sheet_api).json()["lines"]}
    proposals = {code: line["proposal"] for code, line in lines.items()}
    # 示范课 each term: one of two terms so far; 讲座, 指导青年教师, 论文与课题 met; the last two are scored by hand.
    assert proposals == {"D1": "10.00", "D2": "15.00", "D3": "15.00", "D4": "20.00", "D5": None, "D6": None}
    assert [r["id"] for r in lines["D1"]["records"]] == [made[2]]
    sheet_url = reverse("programmes-assessment-sheet", args=[programme.pk, participant.pk])
    assert page(w.teacher).get(sheet_url).status_code == 403  # not published yet
    scoring_page = page(w.secretary).get(sheet_url)
    assert scoring_page.status_code == 200 and "保存" in scoring_page.content.decode()
    form = {f"score_{code}": proposal for code, proposal in proposals.items() if proposal}
    form |= {"score_D5": "12", "reason_D5": "辅导学生获县级二等奖", "score_D6": "13", "reason_D6": "学科成绩全县前列"}
    assert page(w.secretary).post(sheet_url, form).status_code == 302
    published = api(w.secretary).post(reverse("api-programmes-assessment-publish", args=[programme.pk]))
    assert published.status_code == 200
    (result,) = published.json()["participants"]
    assert (result["total"], result["grade"], result["status"]) == ("85.00", "合格", SheetStatus.PUBLISHED)
    own = page(w.teacher).get(sheet_url)
    assert own.status_code == 200
    shown = own.content.decode()
    assert "考评表" in shown and "总分" in shown and "85.00" in shown and "合格" in shown and "赵敏" in shown
    assert page(w.neighbour).get(sheet_url).status_code == 404
    assert api(w.neighbour).get(sheet_api).status_code == 404

    # 6. Every step left its events, and the trail's chain is intact.
    done = set(AuditEvent.objects.values_list("process", "action"))
    assert {
        ("baseline", "distinction_record"),
        ("baseline", "distinction_import"),
        ("programmes", "programme_create"),
        ("programmes", "quota_set"),
        ("programmes", "participant_nominate"),
        ("programmes", "participant_decided"),
        ("programmes", "participant_update"),
        ("programme_records", "record_create"),
        ("programme_records", "record_confirm"),
        ("programme_assessment", "open"),
        ("programme_assessment", "score"),
        ("programme_assessment", "publish"),
    } <= done
    assert {action for process, action in done if process == "designed"} >= {"approve", "handle"}
    assert ActivityRecord.objects.filter(status=RecordStatus.CONFIRMED).count() == len(ACTIVITIES)
    assert verify_all() == (AuditEvent.objects.count(), None)

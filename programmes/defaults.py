"""The seeds' defaults for a new programme, as data: its terms, its stages with their dates in the school year, and
its quotas. A programme is filled with these when it is created (programmes.services.programme_create); the
organiser then edits them. Names are the seeds' own Chinese terms (they are the programme's data, not labels).

- 双培双促进 (seed 000): 三、工作步骤 — 摸清底子 (9月上旬), 制定方案 (10月), 落实措施 (10月—12月),
  开展考评 (12月); the quotas of 四、工作规划 and 五、主要措施 (听课每学期不少于20节, 每期至少一次示范课或观摩课,
  每两月一份读书心得, 每学期精读一本教育专著, 每学年一次赛课), 六、考核办法 (年内一个讲座, 一篇论文, 一个校级以上
  课题) and 二、1 (党员教师每月至少上好一堂示范课, for the party members being cultivated into backbones).
- 创先争优 (seed 002): 五、方法步骤's four stages. The seed's plan ran from June 2010 to July 2012; here they are laid
  over one school year in the same order, for the organiser to move. Quotas: 党员示范课工程 (每名一线党员教师上一节
  示范课) and the 争三星 paper (经验论文或总结、教学案例、科研论文).
"""

import datetime
from dataclasses import dataclass

from core.school_year import school_year_date
from programmes.models import ActivityKind, Audience, ProgrammeKind, QuotaPeriod

# (number, (month, day) it starts, (month, day) it ends): 第一学期 9/1–1/31, 第二学期 2/1–7/15.
TERMS = ((1, (9, 1), (1, 31)), (2, (2, 1), (7, 15)))


@dataclass(frozen=True)
class StageDefault:
    name: str
    starts: tuple[int, int]  # (month, day) in the school year
    ends: tuple[int, int]
    description: str = ""


@dataclass(frozen=True)
class QuotaDefault:
    kind: str
    period: str
    count: int
    audience: str = Audience.ALL
    note: str = ""


STAGES: dict[str, tuple[StageDefault, ...]] = {
    ProgrammeKind.DUAL: (
        StageDefault(
            "摸清底子",
            (9, 1),
            (9, 10),
            "对党员数量、党员中骨干教师数量，优秀教师、教学能手、教学骨干中的非党先进分子数量进行集中摸底，建立数据库。",
        ),
        StageDefault(
            "制定方案", (10, 1), (10, 31), "制定活动实施方案，明确工作规划、主要措施、考核办法；确定培养对象名单。"
        ),
        StageDefault(
            "落实措施",
            (10, 1),
            (12, 31),
            "党员和培养对象制定个人计划、落实措施，公开承诺；党支部与各党小组签订责任书；限期培养，限期提高。",
        ),
        StageDefault("开展考评", (12, 1), (12, 31), "党支部年底全面考评和总结，迎接县局党工委考评考核。"),
    ),
    ProgrammeKind.EXCELLENCE: (
        StageDefault("广泛发动，安排部署", (9, 1), (9, 30), "动员部署，制定活动方案，组织学习。"),
        StageDefault(
            "全面争创，扎实推进",
            (10, 1),
            (1, 31),
            "申报承诺（支部创建目标、党员个人奋斗目标向群众公开），组织创争，评选表彰。",
        ),
        StageDefault("对标定位，晋档升级", (2, 1), (5, 31), "树立先进典型，对标定位，晋档升级。"),
        StageDefault("系统总结，完善机制", (6, 1), (7, 15), "展示成果，系统总结，组织党员、群众评议，完善机制。"),
    ),
}

QUOTAS: dict[str, tuple[QuotaDefault, ...]] = {
    ProgrammeKind.DUAL: (
        QuotaDefault(
            ActivityKind.OBSERVATION, QuotaPeriod.TERM, 20, note="每周听1—2节，做到听课有记录，有建议，有听后感"
        ),
        QuotaDefault(ActivityKind.DEMONSTRATION, QuotaPeriod.TERM, 1, note="在本备课组或教研组开展示范课或观摩课"),
        QuotaDefault(
            ActivityKind.DEMONSTRATION,
            QuotaPeriod.MONTH,
            1,
            audience=Audience.TO_BACKBONE,
            note="党员教师每月至少上好一堂示范课",
        ),
        QuotaDefault(ActivityKind.READING_NOTE, QuotaPeriod.TWO_MONTHS, 1, note="每两月交一份读书心得体会"),
        QuotaDefault(ActivityKind.BOOK, QuotaPeriod.TERM, 1, note="每学期精读一本教育专著"),
        QuotaDefault(ActivityKind.LECTURE, QuotaPeriod.YEAR, 1, note="年内为教师或学生作一个教育讲座"),
        QuotaDefault(ActivityKind.PAPER, QuotaPeriod.YEAR, 1, note="在校刊或校报上发表一篇专业论文"),
        QuotaDefault(ActivityKind.RESEARCH, QuotaPeriod.YEAR, 1, note="参与校级以上课题研究一个"),
        QuotaDefault(ActivityKind.COMPETITION, QuotaPeriod.YEAR, 1, note="每学年一次赛课活动"),
    ),
    ProgrammeKind.EXCELLENCE: (
        QuotaDefault(
            ActivityKind.DEMONSTRATION,
            QuotaPeriod.YEAR,
            1,
            note="党员示范课工程：每名一线党员教师在组内上一节示范课，学科支部推出一名上全校示范课",
        ),
        QuotaDefault(ActivityKind.PAPER, QuotaPeriod.YEAR, 1, note="争三星：经验论文或总结、优秀教学案例或科研论文"),
    ),
}

# The default name of a new programme: "<organisation><year>学年“<short name>”活动实施方案".
SHORT_NAMES = {ProgrammeKind.DUAL: "双培双促进", ProgrammeKind.EXCELLENCE: "创先争优"}


def default_name(kind: str, organisation_name: str, school_year: int) -> str:
    return f"{organisation_name}{school_year}学年“{SHORT_NAMES[kind]}”活动实施方案"


def term_dates(school_year: int) -> list[tuple[int, datetime.date, datetime.date]]:
    return [
        (number, school_year_date(school_year, *starts), school_year_date(school_year, *ends))
        for number, starts, ends in TERMS
    ]


def stage_dates(kind: str, school_year: int) -> list[tuple[StageDefault, datetime.date, datetime.date]]:
    return [
        (stage, school_year_date(school_year, *stage.starts), school_year_date(school_year, *stage.ends))
        for stage in STAGES[kind]
    ]


def school_year_bounds(school_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the school year (1 September – 31 August)."""
    return datetime.date(school_year, 9, 1), datetime.date(school_year + 1, 8, 31)

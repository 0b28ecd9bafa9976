"""The default indicator sets a programme's assessment starts from (its organiser edits them).

- 双培双促进 (seed 000 §六 考核办法): six items. The seed gives no points; the branch sets them. These defaults total
  100 and map each item, where it can, to the activity records that propose its score.
- 创先争优 (seed 002 §三): the 五个模范 and 三星 requirements (师德修养, 党员示范课, 经验论文或总结,
  模范事迹讲座或好班会, 精品课与教学案例, 科研论文或课题实验), likewise with points the branch may change.

The grade bands (等次) are those of 民主评议 (优秀/合格/基本合格/不合格), thresholds as data.
"""

from programmes.assessment.models import Rule
from programmes.models import ActivityKind as K
from programmes.models import ProgrammeKind

GRADES = [
    {"label": "优秀", "min": "90"},
    {"label": "合格", "min": "70"},
    {"label": "基本合格", "min": "60"},
    {"label": "不合格", "min": "0"},
]

DUAL = [
    # (code, title, description, max, kinds, rule, count)
    ("D1", "示范课", "每学期要上一堂高质量有特色的示范课（主动上报）。", "20", [K.DEMONSTRATION], Rule.EACH_TERM, 1),
    ("D2", "讲座", "年内要为教师或学生作一个教育讲座（学校安排）。", "15", [K.LECTURE], Rule.IN_YEAR, 1),
    ("D3", "指导青年教师", "指导青年教师尽快成长，同时自我加压，主动发展。", "15", [K.MENTORING], Rule.IN_YEAR, 1),
    (
        "D4",
        "论文与课题",
        "年内在校刊《晨钟》或校报《青草地》上发表一篇专业论文，参与校级以上课题研究一个。",
        "20",
        [K.PAPER, K.RESEARCH],
        Rule.IN_YEAR,
        1,
    ),
    ("D5", "辅导学生竞赛", "在上级教科研部门组织的竞赛活动中，所辅导的学生表现出色。", "15", [], Rule.NONE, 1),
    (
        "D6",
        "教学成绩",
        "所任教班级学科成绩在全县前列，同时带动本备课组、教研组成绩提高。",
        "15",
        [],
        Rule.NONE,
        1,
    ),
]

EXCELLENCE = [
    ("E1", "师德修养", "模范遵守《中小学教师职业道德规范》，为人师表（五个模范）。", "20", [], Rule.NONE, 1),
    (
        "E2",
        "党员示范课",
        "每名一线党员教师在组内上一节示范课，学科支部推出佼佼者上全校示范课。",
        "20",
        [K.DEMONSTRATION],
        Rule.IN_YEAR,
        1,
    ),
    ("E3", "经验论文或总结", "撰写出典型的经验论文或总结。", "15", [K.PAPER], Rule.IN_YEAR, 1),
    (
        "E4",
        "讲座或班会",
        "搞一次模范事迹讲座或组织一次好班会，做好“亲情家访”工作。",
        "15",
        [K.LECTURE],
        Rule.IN_YEAR,
        1,
    ),
    ("E5", "精品课与教学案例", "设计、讲授一堂精品课，撰写优秀教学案例。", "15", [K.COMPETITION], Rule.IN_YEAR, 1),
    (
        "E6",
        "科研论文或课题",
        "撰写并发表高质量的科研论文或承担并完成科研课题的实验。",
        "15",
        [K.RESEARCH],
        Rule.IN_YEAR,
        1,
    ),
]

# Data in the seeds' words (the organiser edits them), like the indicators' titles: not translated.
TITLES = {
    ProgrammeKind.DUAL: "“双培双促进”考核办法",
    ProgrammeKind.EXCELLENCE: "创先争优考评标准",
}


def default_indicators(kind: str) -> list[dict]:
    rows = DUAL if kind == ProgrammeKind.DUAL else EXCELLENCE
    return [
        {
            "code": code,
            "title": title,
            "description": description,
            "max_score": max_score,
            "kinds": [str(k) for k in kinds],
            "rule": str(rule),
            "count": count,
        }
        for code, title, description, max_score, kinds, rule, count in rows
    ]

"""The shipped indicator sets (v1) and the default scheme version (R1, ratios of DOMAIN §4.2).

The seed names the indicator documents (《常态化考核评价指标》《特色发展和帮扶项目考核评价指标》) but
does not include them: these indicators are a plausible default for the bureau to replace with a new
version. Routine work is out of 100, the help project and the feature plan out of 40 each.
"""

from decimal import Decimal

from django.db import migrations

SETS = [
    (
        "YH-ROUTINE",
        "ROUTINE",
        "玉环市城乡义务教育共同体常态化考核评价指标",
        [
            ("N1", "管理一体化", "组织机构健全，制度统一，核心校统筹管理", 20),
            ("N2", "教研共同体", "联合教研、集体备课、同课异构常态开展", 20),
            ("N3", "师资交流", "教师交流轮岗、结对带教落实到位", 20),
            ("N4", "资源共享", "课程、场地、设备和数字资源互通共用", 15),
            ("N5", "学生活动", "联合开展学生社团、研学和评比活动", 10),
            ("N6", "过程资料", "工作台账完整，按时报送", 15),
        ],
    ),
    (
        "YH-PROJECT",
        "PROJECT",
        "玉环市城乡义务教育共同体帮扶项目考核评价指标",
        [
            ("P1", "项目方案", "目标明确，措施具体，分工清楚", 8),
            ("P2", "项目实施", "按计划推进，过程记录完整", 12),
            ("P3", "项目成效", "成员校办学水平和师生发展有明显变化", 15),
            ("P4", "经验总结", "总结提炼，具有推广价值", 5),
        ],
    ),
    (
        "YH-FEATURE",
        "FEATURE",
        "玉环市城乡义务教育共同体学校特色发展考核评价指标",
        [
            ("F1", "特色规划", "规划科学可行，经核心校指导论证", 8),
            ("F2", "特色实施", "课程、活动和载体扎实推进", 12),
            ("F3", "特色成效", "特色鲜明，具有辨识度和影响力", 15),
            ("F4", "总结推广", "形成成果并交流推广", 5),
        ],
    ),
]

RATIOS = {
    "routine:FUSION": [1, 1],
    "project:FUSION": [7, 3],
    "feature:FUSION": [3, 7],
    "routine:CO_BUILD": [1, 1],
    "project:CO_BUILD": [7, 3],
    "feature:CO_BUILD": [3, 7],
    "routine:COLLABORATION": [1, 1],
    "project:COLLABORATION": [1, 1],
    "feature:COLLABORATION": None,
}


def install(apps, schema_editor):
    IndicatorSet = apps.get_model("evaluation", "IndicatorSet")
    Indicator = apps.get_model("evaluation", "Indicator")
    SchemeVersion = apps.get_model("evaluation", "SchemeVersion")
    made = {}
    for code, track, title, indicators in SETS:
        full = sum(Decimal(m) for *_rest, m in indicators)
        made[track] = IndicatorSet.objects.create(code=code, version=1, track=track, title=title, full_marks=full)
        for order, (icode, ititle, description, maximum) in enumerate(indicators, start=1):
            Indicator.objects.create(
                indicator_set=made[track],
                code=icode,
                title=ititle,
                description=description,
                max_score=Decimal(maximum),
                order=order,
            )
    SchemeVersion.objects.create(
        code="YH-2025",
        title="玉环市城乡义务教育共同体考核方案（2025版）",
        reading="R1",
        ratios=RATIOS,
        routine_full_marks=Decimal(100),
        places=1,
        feature_policy="ignore",
        routine_set=made["ROUTINE"],
        project_set=made["PROJECT"],
        feature_set=made["FEATURE"],
        is_default=True,
    )


def remove(apps, schema_editor):
    apps.get_model("evaluation", "SchemeVersion").objects.filter(code="YH-2025").delete()
    apps.get_model("evaluation", "Indicator").objects.filter(indicator_set__version=1).delete()
    apps.get_model("evaluation", "IndicatorSet").objects.filter(code__in=[s[0] for s in SETS], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]

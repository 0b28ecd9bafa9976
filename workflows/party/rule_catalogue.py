"""The 细则2014 rule set as shipped (DOMAIN §2.3–§2.5, §2.10).

Every number and locality switch the party process reads lives here as data: the
migration installs it as the read-only default set "细则2014", and an
administrator copies it to make a 2026 or provincial set. Code reads values by key
(workflows.party.rulesets.RuleBook) and never hard-codes them.
"""

BLOCK, WARN = "block", "warn"

# key: (value, unit, severity, article reference, description)
RULES_2014: dict[str, tuple] = {
    "min_age_years": (18, "years", BLOCK, "党章 第1条", "年满十八岁方可申请入党"),
    "talk_deadline_months": (1, "months", WARN, "细则 第7条", "收到入党申请书后一个月内派人谈话"),
    "month_arithmetic": (
        "calendar",
        "calendar|30_days",
        WARN,
        "细则 第7条",
        "月份按自然月计算（月末对齐）或按30天计算",
    ),
    "activist_min_months_after_application": (
        0,
        "months",
        WARN,
        "地方规定",
        "申请入党至确定积极分子的最短时间（全国无规定）",
    ),
    "league_recommendation_under_age": (
        0,
        "years",
        WARN,
        "地方规定",
        "该年龄以下的共青团员须经团组织推优（0 表示不要求）",
    ),
    "trainer_min": (1, "people", BLOCK, "细则 第10条", "培养联系人至少1名"),
    "trainer_max": (2, "people", BLOCK, "细则 第10条", "培养联系人至多2名"),
    "assessment_interval_months": (6, "months", WARN, "细则 第11条", "党支部每半年对入党积极分子考察一次"),
    "report_interval_months": (6, "months", WARN, "地方规定", "思想汇报频次（季度或半年）"),
    "cultivation_months": (12, "months", BLOCK, "细则 第13条", "经过一年以上培养教育和考察方可列为发展对象"),
    "cultivation_anchor": (
        "committee_decision",
        "committee_decision|filing",
        BLOCK,
        "细则 第13条",
        "一年培养期起算日：支委会确定之日或报上级党委备案之日",
    ),
    "introducer_count": (2, "people", BLOCK, "党章 第5条", "入党介绍人须为两名正式党员"),
    "training_min_days": (3, "days", BLOCK, "细则 第17条", "集中培训不少于3天"),
    "training_min_hours": (24, "hours", BLOCK, "细则 第17条", "或不少于24个学时"),
    "leaving_block_months": (3, "months", BLOCK, "细则 第19条", "三个月内将离开工作、学习单位的一般不办理接收手续"),
    "publicity_working_days": (0, "working days", WARN, "地方规定", "公示期（工作日，0 表示不要求公示）"),
    "branch_min_full_members": (3, "people", BLOCK, "细则 第20条", "正式党员不足三人的党支部不能讨论接收预备党员"),
    "committee_quorum_percent": (
        50,
        "percent",
        BLOCK,
        "支部工作条例 第12条",
        "支部委员会会议须有半数以上委员到会方可进行（到会委员须超过委员总数的该百分比）；支委会不能召开时由支部大会讨论决定",
    ),
    "approval_normal_months": (3, "months", WARN, "细则 第25条", "上级党委在三个月内审批"),
    "approval_hard_months": (6, "months", BLOCK, "细则 第25条", "特殊情况可适当延长审批时间，但不得超过六个月"),
    "probation_years": (1, "years", BLOCK, "党章 第7条", "预备期为一年，从支部大会通过之日起计算"),
    "probation_end_convention": (
        "same_day",
        "same_day|day_before",
        WARN,
        "地方规定",
        "预备期满日写法：次年同日或前一日",
    ),
    "extension_min_months": (6, "months", BLOCK, "细则 第32条", "延长预备期不少于半年"),
    "extension_max_months": (12, "months", BLOCK, "细则 第32条", "延长预备期最长不超过一年"),
    "extension_max_count": (1, "times", BLOCK, "细则 第32条", "预备期只能延长一次"),
    "full_membership_application_lead_months": (1, "months", WARN, "地方规定", "预备期满前约一个月提交转正申请"),
    "full_membership_meeting_max_months": (3, "months", WARN, "地方规定", "预备期满后应及时讨论转正"),
    "oath_within_months": (0, "months", WARN, "地方规定", "批准后多久内入党宣誓（0 表示不限）"),
    "assessment_missing_blocks": (
        False,
        "bool",
        WARN,
        "细则 第11条",
        "缺少半年考察记录时阻止确定发展对象（否则仅提示）",
    ),
    # Every step without a deadline in the rules above gets a working-day default so it can show as overdue
    # (the 细则 mostly says "promptly", 及时; designation as activist: the common local ~6 months).
    # A deployment sets its own values in a copied rule set.
    "step_default_working_days": (
        {
            "designate_activist": 130,
            "file_activist": 10,
            "file_dev_object": 10,
            "set_introducers": 10,
            "complete_political_review": 40,
            "complete_training": 40,
            "branch_committee_review": 10,
            "pre_review": 20,
            "fill_form": 10,
            "record_admission_vote": 20,
            "file_with_grandparent": 10,
            "assign_group": 10,
            "oath": 20,
            "archive_materials": 20,
        },
        "working days",
        WARN,
        "地方规定",
        "及时办理的环节默认期限（工作日）",
    ),
    "archive_mandatory_items": (
        ["membership_form", "application", "political_review", "full_membership_application", "cultivation_records"],
        "items",
        BLOCK,
        "细则 第37条",
        "入党材料归档的全国必备项目",
    ),
}

"""The demo data set (manage.py seed_demo): a city bureau, two communities, a school party
committee with approval authority, two general branches, four branches with their members,
and one login for every role. Built through the services, like any real data."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.functional import cached_property

from accounts import services
from accounts.identity import make_id_number
from accounts.models import CommunityType, Organisation, OrganisationKind, PartyStanding, User
from accounts.roles import Role

DEMO_PASSWORD = "Stepwise-2026"
SINCE = datetime.date(2024, 9, 1)
REGION = "330100"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    real_name: str
    role: str
    organisation_code: str
    gender: str = "F"
    standing: str = PartyStanding.FULL

    @property
    def role_label(self):
        return Role(self.role).label

    @cached_property
    def organisation(self) -> str:
        return next(org[1] for org in ORGANISATIONS if org[0] == self.organisation_code)


# (code, name, kind, parent code, extra fields)
ORGANISATIONS = [
    ("YH-EDU", "玉环市教育局", OrganisationKind.BUREAU, None, {}),
    ("YH-C1", "玉环市城关教育共同体", OrganisationKind.COMMUNITY, "YH-EDU", {"community_type": CommunityType.FUSION}),
    ("YH-C1-S0", "玉环市城关第一小学", OrganisationKind.SCHOOL, "YH-C1", {"is_core_school": True}),
    ("YH-C1-S1", "玉环市坎门小学", OrganisationKind.SCHOOL, "YH-C1", {}),
    ("YH-C1-S2", "玉环市陈屿小学", OrganisationKind.SCHOOL, "YH-C1", {}),
    (
        "YH-C2",
        "玉环市楚门教育共同体",
        OrganisationKind.COMMUNITY,
        "YH-EDU",
        {"community_type": CommunityType.COLLABORATION},
    ),
    ("YH-C2-S0", "玉环市楚门中学", OrganisationKind.SCHOOL, "YH-C2", {"is_core_school": True}),
    ("YH-C2-S1", "玉环市清港中学", OrganisationKind.SCHOOL, "YH-C2", {}),
    ("YH-C2-S2", "玉环市芦浦中学", OrganisationKind.SCHOOL, "YH-C2", {}),
    (
        "YH-C1-S0-PC",
        "中共玉环市城关第一小学委员会",
        OrganisationKind.PARTY_COMMITTEE,
        "YH-C1-S0",
        {"has_approval_authority": True},
    ),
    ("YH-C1-S0-GB1", "第一党总支", OrganisationKind.GENERAL_BRANCH, "YH-C1-S0-PC", {}),
    ("YH-C1-S0-GB2", "第二党总支", OrganisationKind.GENERAL_BRANCH, "YH-C1-S0-PC", {}),
    ("YH-C1-S0-B1", "语文教研党支部", OrganisationKind.BRANCH, "YH-C1-S0-GB1", {}),
    ("YH-C1-S0-B2", "数学教研党支部", OrganisationKind.BRANCH, "YH-C1-S0-GB1", {}),
    ("YH-C1-S0-B3", "综合教研党支部", OrganisationKind.BRANCH, "YH-C1-S0-GB2", {}),
    ("YH-C1-S0-B4", "行政后勤党支部", OrganisationKind.BRANCH, "YH-C1-S0-GB2", {}),
    ("YH-C1-S0-B1-G1", "低段语文党小组", OrganisationKind.PARTY_GROUP, "YH-C1-S0-B1", {}),
]
BRANCH_CODES = ["YH-C1-S0-B1", "YH-C1-S0-B2", "YH-C1-S0-B3", "YH-C1-S0-B4"]

DEMO_ACCOUNTS = [
    DemoAccount("applicant", "陈思远", Role.APPLICANT, "YH-C1-S0-B1", "M", PartyStanding.NON_MEMBER),
    DemoAccount("secretary", "林晓红", Role.BRANCH_SECRETARY, "YH-C1-S0-B1"),
    DemoAccount("orgmember", "王建国", Role.BRANCH_ORG_MEMBER, "YH-C1-S0-B1", "M"),
    DemoAccount("committee", "张丽华", Role.BRANCH_COMMITTEE, "YH-C1-S0-B1"),
    DemoAccount("assembly", "李文斌", Role.BRANCH_ASSEMBLY, "YH-C1-S0-B1", "M"),
    DemoAccount("groupleader", "赵敏", Role.PARTY_GROUP, "YH-C1-S0-B1-G1"),
    DemoAccount("trainer", "周海涛", Role.TRAINER, "YH-C1-S0-B1", "M"),
    DemoAccount("introducer", "吴晓燕", Role.INTRODUCER, "YH-C1-S0-B1"),
    DemoAccount("member", "郑国强", Role.MEMBER, "YH-C1-S0-B2", "M"),
    DemoAccount("committeeman", "孙志刚", Role.PARENT_COMMITTEE, "YH-C1-S0-PC", "M"),
    DemoAccount("organizer", "黄雅琴", Role.PARENT_ORGANIZER, "YH-C1-S0-PC"),
    DemoAccount("orgdept", "徐立新", Role.GRAND_PARENT_ORG_DEPT, "YH-EDU", "M"),
    DemoAccount("countyorg", "何秀英", Role.COUNTY_ORG_DEPT, "YH-EDU"),
    DemoAccount("corelead", "马俊", Role.CORE_SCHOOL, "YH-C1-S0", "M"),
    DemoAccount("memberlead", "朱红梅", Role.MEMBER_SCHOOL, "YH-C1-S1"),
    DemoAccount("corelead2", "胡军", Role.CORE_SCHOOL, "YH-C2-S0", "M"),
    DemoAccount("memberlead2", "郭丽", Role.MEMBER_SCHOOL, "YH-C2-S1"),
    DemoAccount("memberlead3", "王小燕", Role.MEMBER_SCHOOL, "YH-C1-S2"),
    DemoAccount("memberlead4", "陈立新", Role.MEMBER_SCHOOL, "YH-C2-S2", "M"),
    DemoAccount("bureau", "罗志明", Role.BUREAU_BASIC_EDU, "YH-EDU", "M"),
    DemoAccount("leadinggroup", "梁静", Role.BUREAU_LEADING_GROUP, "YH-EDU"),
    DemoAccount("schooldept", "宋建华", Role.SCHOOL_DEPT, "YH-C1-S0", "M"),
    DemoAccount("auditor", "谢芳", Role.AUDITOR, "YH-EDU"),
    DemoAccount("orgadmin", "韩磊", Role.ORG_ADMIN, "YH-EDU", "M"),
    DemoAccount("secadmin", "邵安", Role.SECURITY_ADMIN, "YH-EDU", "M"),  # appoints the auditor (三员分立)
    DemoAccount("designer", "冯晓雯", Role.PROCESS_ADMIN, "YH-EDU"),  # designs the bureau's approvals (流程设计器)
]

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = [
    "春燕",
    "志强",
    "海燕",
    "建平",
    "丽君",
    "晓东",
    "文静",
    "永明",
    "秀兰",
    "国华",
    "红霞",
    "德胜",
    "雪梅",
    "俊杰",
    "慧敏",
    "振华",
    "玉兰",
    "宏伟",
    "佳怡",
    "立军",
    "淑芬",
    "子轩",
    "雨欣",
    "浩然",
]


def _person_fields(index: int, gender: str, standing: str) -> dict:
    birth = datetime.date(1970 + index % 30, 1 + index % 12, 1 + index % 28)
    sequence = 100 + index * 2 + (1 if gender == "M" else 0)  # 17th digit odd for men, even for women
    fields = {
        "gender": gender,
        "birth_date": birth,
        "ethnic_group": "汉族" if index % 7 else "畲族",
        "id_number": make_id_number(REGION, birth, sequence),
        "party_standing": standing,
    }
    if standing == PartyStanding.FULL:
        fields["party_standing_since"] = datetime.date(2000 + index % 20, 7, 1)
    elif standing == PartyStanding.PROBATIONARY:
        fields["party_standing_since"] = datetime.date(2026, 6, 28)
    return fields


def _create_user(username: str, real_name: str, index: int, gender: str, standing: str, password_hash: str) -> User:
    user = services.user_create(username=username, real_name=real_name, **_person_fields(index, gender, standing))
    user.password = password_hash  # hashed once for every demo account: seeding stays fast
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo(*, today: datetime.date) -> dict:
    """Build the demo data set; returns counts. Refuses to run twice (it never rewrites data)."""
    if Organisation.objects.filter(code="YH-EDU").exists():
        return {"created": False}
    orgs: dict[str, Organisation] = {}
    for code, name, kind, parent_code, extra in ORGANISATIONS:
        orgs[code] = services.organisation_create(
            code=code, name=name, kind=kind, parent=orgs.get(parent_code), **extra
        )
    password_hash = make_password(DEMO_PASSWORD)
    index = 0
    appointed = []
    for account in DEMO_ACCOUNTS:
        index += 1
        user = _create_user(account.username, account.real_name, index, account.gender, account.standing, password_hash)
        if account.role == Role.AUDITOR:
            appointed.append((account, user))
            continue
        services.membership_grant(
            user=user, organisation=orgs[account.organisation_code], role=account.role, valid_from=SINCE, today=today
        )
    # 三员分立: the security administrator (set up by the system above) appoints the auditor.
    secadmin = User.objects.get(username="secadmin")
    for account, user in appointed:
        services.membership_grant(
            user=user,
            organisation=orgs[account.organisation_code],
            role=account.role,
            valid_from=SINCE,
            today=today,
            actor=secadmin,
        )
    admin = User.objects.create_superuser(username="admin", real_name="系统管理员", password=None)
    admin.password = password_hash
    admin.save(update_fields=["password"])

    # Rank-and-file members: six full and two probationary members in each branch, without logins.
    members = 0
    for branch_number, code in enumerate(BRANCH_CODES, start=1):
        for slot in range(8):
            index += 1
            standing = PartyStanding.PROBATIONARY if slot >= 6 else PartyStanding.FULL
            name = _SURNAMES[index % len(_SURNAMES)] + _GIVEN[index % len(_GIVEN)]
            user = services.user_create(
                username=f"b{branch_number}m{slot + 1}",
                real_name=name,
                **_person_fields(index, "M" if slot % 2 else "F", standing),
            )
            services.membership_grant(
                user=user, organisation=orgs[code], role=Role.MEMBER, valid_from=SINCE, today=today
            )
            members += 1
    # The branch officers of branch 1 are members of it too (they vote there).
    for account in DEMO_ACCOUNTS:
        if account.organisation_code == "YH-C1-S0-B1" and account.standing == PartyStanding.FULL:
            user = User.objects.get(username=account.username)
            services.membership_grant(
                user=user, organisation=orgs["YH-C1-S0-B1"], role=Role.MEMBER, valid_from=SINCE, today=today
            )
    return {"created": True, "organisations": len(orgs), "accounts": len(DEMO_ACCOUNTS) + 1, "members": members}

"""Organisation tree import from a spreadsheet (manage.py import_org FILE.xlsx).

Three sheets: 组织 (organisations), 人员 (people), 角色 (memberships); headers may be Chinese or
English. Every row is checked first and every problem is reported with its sheet and row
number; if there is any, nothing is imported. The writes then go through the services in one
transaction, so a rule the services enforce also rolls the whole import back.
"""

import datetime
import hashlib
import re
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from accounts import role_rules, selectors, services
from accounts.contact import normalise_email, normalise_phone
from accounts.identity import normalise_id_number, validate_id_number
from accounts.models import CommunityType, Gender, Organisation, OrganisationKind, PartyStanding, User
from accounts.roles import Role
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError

# sheet key -> (Chinese sheet name, [(field, Chinese header, English header, required)])
SHEETS = {
    "organisations": (
        "组织",
        [
            ("code", "代码", "code", True),
            ("name", "名称", "name", True),
            ("kind", "类型", "kind", True),
            ("parent_code", "上级代码", "parent code", False),
            ("community_type", "共同体类型", "community type", False),
            ("is_core_school", "核心校", "core school", False),
            ("has_approval_authority", "具有审批权限", "approval authority", False),
        ],
    ),
    "people": (
        "人员",
        [
            ("username", "登录名", "login name", True),
            ("real_name", "姓名", "real name", True),
            ("gender", "性别", "gender", False),
            ("birth_date", "出生日期", "birth date", False),
            ("ethnic_group", "民族", "ethnic group", False),
            ("id_number", "身份证号", "id number", False),
            ("phone", "手机", "phone", False),
            ("email", "邮箱", "email", False),
            ("party_standing", "政治面貌", "party standing", False),
            ("party_standing_since", "政治面貌起始日期", "party standing since", False),
            ("party_watch_until", "留党察看至", "party watch until", False),
        ],
    ),
    "memberships": (
        "角色",
        [
            ("username", "登录名", "login name", True),
            ("organisation_code", "组织代码", "organisation code", True),
            ("role", "角色", "role", True),
            ("valid_from", "起始日期", "valid from", True),
            ("valid_to", "截止日期", "valid to", False),
        ],
    ),
}
# The template's example row of each sheet (accounts.import_template): a row equal to it is not imported, so that a
# template filled in below its example imports as it is.
EXAMPLES = {
    "organisations": {
        "code": "EX-SCHOOL",
        "name": "示例小学",
        "kind": "学校",
        "parent_code": "EX-COMMUNITY",
        "community_type": "",
        "is_core_school": "否",
        "has_approval_authority": "否",
    },
    "people": {
        "username": "zhang.san",
        "real_name": "张三",
        "gender": "男",
        "birth_date": datetime.date(1996, 5, 6),
        "ethnic_group": "汉族",
        "id_number": "330102199605060010",
        "phone": "13800138000",
        "email": "zhang.san@example.cn",
        "party_standing": "群众",
        "party_standing_since": None,
        "party_watch_until": None,
    },
    "memberships": {
        "username": "zhang.san",
        "organisation_code": "EX-SCHOOL",
        "role": "党员",
        "valid_from": datetime.date(2026, 9, 1),
        "valid_to": None,
    },
}
_TRUE = {"是", "y", "yes", "true", "1", "✓"}
_FALSE = {"否", "n", "no", "false", "0", ""}


@dataclass
class RowError:
    sheet: str
    row: int
    message: str
    refusal: role_rules.MembershipRefused | None = None  # a role-administration refusal, audited after the rollback

    def __str__(self):
        return _("Sheet %(sheet)s, row %(row)d: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _choice_lookup(choices) -> dict[str, str]:
    """Accept a choice by its code or by its label in Chinese or English."""
    lookup = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = value
    return lookup


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, dict]] = field(default_factory=list)


def _read(workbook, key, errors) -> _Sheet:
    title, columns = SHEETS[key]
    sheet = _Sheet(title)
    worksheet = (
        workbook[title] if title in workbook.sheetnames else (workbook[key] if key in workbook.sheetnames else None)
    )
    if worksheet is None:
        return sheet
    rows = worksheet.iter_rows(values_only=True)
    header = [str(h).strip().lower() if h is not None else "" for h in next(rows, [])]
    positions = {}
    for name, zh, en, required in columns:
        index = next((i for i, h in enumerate(header) if h in (zh.lower(), en, name)), None)
        if index is None and required:
            errors.append(RowError(title, 1, _("missing column %(column)s") % {"column": zh}))
        positions[name] = index
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {}
        for name, index in positions.items():
            value = values[index] if index is not None and index < len(values) else None
            record[name] = value.strip() if isinstance(value, str) else value
        if not _is_example(key, record):
            sheet.rows.append((number, record))
    return sheet


def _comparable(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return "" if value is None else str(value).strip()


def _is_example(key: str, record: dict) -> bool:
    example = EXAMPLES[key]
    return all(_comparable(record.get(name)) == _comparable(value) for name, value in example.items())


def _text(value) -> str:
    """A cell as text: a number typed into a cell (a phone number, an ID number) without Excel's ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


# 1996-5-6, 1996/5/6, 1996.5.6 and 1996年5月6日 (with or without leading zeros and spaces).
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _date(value, label: str) -> datetime.date | None:
    """A date cell: a date Excel stored as one, or text written as 1996-5-6, 1996/5/6 or 1996年5月6日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    found = _DATE.fullmatch(_text(value))
    try:
        if found is None:
            raise ValueError
        return datetime.date(*(int(part) for part in found.groups()))
    except ValueError:
        raise ValueError(
            _("%(label)s is not a date (such as 1996-5-6, 1996/5/6 or 1996年5月6日): %(value)s")
            % {"label": label, "value": value}
        ) from None


def _bool(value, label: str) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("%(label)s must be 是 or 否: %(value)s") % {"label": label, "value": value})


def _choice(value, lookup: dict, label: str, *, required=False) -> str:
    text = str(value or "").strip().lower()
    if not text:
        if required:
            raise ValueError(_("%(label)s is required") % {"label": label})
        return ""
    if text not in lookup:
        raise ValueError(_("unknown %(label)s: %(value)s") % {"label": label, "value": value})
    return lookup[text]


def _check_organisations(sheet: _Sheet, errors) -> list[tuple[int, dict]]:
    kinds, types = _choice_lookup(OrganisationKind), _choice_lookup(CommunityType)
    existing = set(Organisation.objects.values_list("code", flat=True))
    parsed, seen = [], {}
    for number, raw in sheet.rows:
        try:
            code = str(raw["code"] or "").strip()
            if not code or not raw["name"]:
                raise ValueError(_("code and name are required"))
            if code in existing or code in seen:
                raise ValueError(_("duplicate organisation code %(code)s") % {"code": code})
            record = {
                "code": code,
                "name": str(raw["name"]),
                "kind": _choice(raw["kind"], kinds, "类型", required=True),
                "parent_code": str(raw["parent_code"] or "").strip() or None,
                "community_type": _choice(raw["community_type"], types, "共同体类型"),
                "is_core_school": _bool(raw["is_core_school"], "核心校"),
                "has_approval_authority": _bool(raw["has_approval_authority"], "具有审批权限"),
            }
        except ValueError as exc:
            errors.append(RowError(sheet.name, number, str(exc)))
            continue
        seen[code] = record
        parsed.append((number, record))
    db_kinds = dict(
        Organisation.objects.filter(code__in={r["parent_code"] for _n, r in parsed}).values_list("code", "kind")
    )
    for number, record in parsed:
        parent_code = record["parent_code"]
        if parent_code and parent_code not in seen and parent_code not in db_kinds:
            errors.append(RowError(sheet.name, number, _("unknown parent code %(code)s") % {"code": parent_code}))
            continue
        parent_kind = seen[parent_code]["kind"] if parent_code in seen else db_kinds.get(parent_code)
        parent = Organisation(kind=parent_kind, name=parent_code) if parent_code else None
        try:
            services.organisation_kind_check(
                kind=record["kind"],
                parent=parent,
                community_type=record["community_type"],
                is_core_school=record["is_core_school"],
                has_approval_authority=record["has_approval_authority"],
            )
        except ApplicationError as exc:
            errors.append(RowError(sheet.name, number, str(exc.message)))
    # A parent chain that loops back on itself never reaches an existing organisation or the top.
    for number, record in parsed:
        chain, code = set(), record["code"]
        while code in seen and code not in chain:
            chain.add(code)
            code = seen[code]["parent_code"]
        if code in chain:
            errors.append(RowError(sheet.name, number, _("the parent codes form a loop")))
    return parsed


def _check_people(sheet: _Sheet, errors, within: Organisation | None = None) -> list[tuple[int, dict]]:
    """New people. From the web page (``within``), a login name or ID number that someone outside the organisation
    already has is reported without naming it or whose it is (issue #15 item 2)."""
    genders, standings = _choice_lookup(Gender), _choice_lookup(PartyStanding)
    today = business_today()
    parsed, usernames, numbers = [], set(), set()
    taken_usernames = set(User.objects.values_list("username", flat=True))
    insiders = selectors.people_within(within) if within is not None else User.objects.all()
    shown_usernames = set(insiders.values_list("username", flat=True))
    for number, raw in sheet.rows:
        try:
            username = str(raw["username"] or "").strip()
            if not username or not raw["real_name"]:
                raise ValueError(_("login name and real name are required"))
            if username in usernames or username in shown_usernames:
                raise ValueError(_("duplicate login name %(name)s") % {"name": username})
            if username in taken_usernames:
                raise ValueError(_("this login name is already taken; choose another"))
            record = {
                "username": username,
                "real_name": str(raw["real_name"]),
                "gender": _choice(raw["gender"], genders, "性别"),
                "birth_date": _date(raw["birth_date"], "出生日期"),
                "ethnic_group": str(raw["ethnic_group"] or ""),
                "phone": normalise_phone(_text(raw["phone"])),
                "email": normalise_email(_text(raw["email"])),
                "party_standing": _choice(raw["party_standing"], standings, "政治面貌") or PartyStanding.NON_MEMBER,
                "party_standing_since": _date(raw["party_standing_since"], "政治面貌起始日期"),
                "party_watch_until": _date(raw["party_watch_until"], "留党察看至"),
                "id_number": None,
            }
            if raw["id_number"]:
                record["id_number"] = validate_id_number(
                    _text(raw["id_number"]),
                    birth_date=record["birth_date"],
                    gender=record["gender"] or None,
                    today=today,
                )
                if record["id_number"] in numbers or insiders.filter(id_number=record["id_number"]).exists():
                    raise ValueError(_("duplicate ID number"))
                if User.objects.filter(id_number=record["id_number"]).exists():
                    raise ValueError(_("this ID number is already registered; check it"))
        except ValueError as exc:
            errors.append(RowError(sheet.name, number, str(exc)))
            continue
        except ApplicationError as exc:
            errors.append(RowError(sheet.name, number, str(exc.message)))
            continue
        usernames.add(username)
        if record["id_number"]:
            numbers.add(normalise_id_number(record["id_number"]))
        parsed.append((number, record))
    return parsed


def _check_memberships(
    sheet: _Sheet, errors, org_codes: set, usernames: set, *, within=None, actor=None, failed: frozenset = frozenset()
) -> list[tuple[int, dict]]:
    """Roles. ``usernames``: the people a row may name (the file's new people and, from the web page, the
    organisation's own: anyone else reads as unknown). With an ``actor``, the role-administration rules apply.
    ``failed``: the login names and organisation codes of the file's rows that already have an error; a role row
    naming one is not checked, so that one mistake is reported once, where it is (nothing is imported anyway)."""
    roles = _choice_lookup(Role)
    parsed = []
    today = business_today()
    for number, raw in sheet.rows:
        if {_text(raw["username"]), _text(raw["organisation_code"])} & failed:
            continue
        try:
            record = {
                "username": str(raw["username"] or "").strip(),
                "organisation_code": str(raw["organisation_code"] or "").strip(),
                "role": _choice(raw["role"], roles, "角色", required=True),
                "valid_from": _date(raw["valid_from"], "起始日期"),
                "valid_to": _date(raw["valid_to"], "截止日期"),
            }
            if record["username"] not in usernames:
                raise ValueError(_("unknown login name %(name)s") % {"name": record["username"]})
            if record["organisation_code"] not in org_codes:
                raise ValueError(_("unknown organisation code %(code)s") % {"code": record["organisation_code"]})
            if record["valid_from"] is None:
                raise ValueError(_("the start date is required"))
            if record["valid_to"] and record["valid_to"] < record["valid_from"]:
                raise ValueError(_("the end date is before the start date"))
            role_rules.membership_dates_check(valid_from=record["valid_from"], valid_to=record["valid_to"], today=today)
            # A new organisation lies below ``within``; one outside it is reported by _check_within instead.
            organisation = Organisation.objects.filter(code=record["organisation_code"]).first() or within
            inside = within is None or (organisation is not None and organisation.path.startswith(within.path))
            if actor is not None and organisation is not None and inside:
                role_rules.membership_authority_check(
                    actor=actor,
                    user=User.objects.filter(username=record["username"]).first(),
                    organisation=organisation,
                    role=record["role"],
                )
        except ValueError as exc:
            errors.append(RowError(sheet.name, number, str(exc)))
            continue
        except role_rules.MembershipRefused as refused:
            errors.append(RowError(sheet.name, number, str(refused.message), refusal=refused))
            continue
        except ApplicationError as exc:
            errors.append(RowError(sheet.name, number, str(exc.message)))
            continue
        parsed.append((number, record))
    return parsed


def _check_within(within: Organisation, sheets, organisations, memberships, errors) -> None:
    """From the web page an administrator imports below their own organisation only: every new organisation
    hangs under it (directly or through a new one), and every role is in it or below."""
    new_codes = {record["code"] for _n, record in organisations}
    outside = _("%(code)s is not in %(name)s or below it")
    for number, record in organisations:
        parent = record["parent_code"]
        if parent in new_codes:
            continue
        if not parent or not Organisation.objects.filter(code=parent, path__startswith=within.path).exists():
            values = {"code": parent or record["code"], "name": within.name}
            errors.append(RowError(sheets["organisations"].name, number, outside % values))
    for number, record in memberships:
        code = record["organisation_code"]
        if code not in new_codes and not Organisation.objects.filter(code=code, path__startswith=within.path).exists():
            errors.append(RowError(sheets["memberships"].name, number, outside % {"code": code, "name": within.name}))


def import_workbook(path, *, within: Organisation | None = None, actor: User | None = None) -> dict:
    """Check everything, then import everything or nothing. Raises ImportRefused with all row errors.
    ``within``: the organisation whose subtree the import must stay in (imports from the web page)."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    errors: list[RowError] = []
    sheets = {key: _read(workbook, key, errors) for key in SHEETS}
    organisations = _check_organisations(sheets["organisations"], errors)
    people = _check_people(sheets["people"], errors, within)
    org_codes = {r["code"] for _n, r in organisations} | set(Organisation.objects.values_list("code", flat=True))
    known = selectors.people_within(within) if within is not None else User.objects.all()
    usernames = {r["username"] for _n, r in people} | set(known.values_list("username", flat=True))
    failed = _failed(sheets["people"], people, "username") | _failed(sheets["organisations"], organisations, "code")
    memberships = _check_memberships(
        sheets["memberships"], errors, org_codes, usernames, within=within, actor=actor, failed=failed
    )
    if within is not None:
        _check_within(within, sheets, organisations, memberships, errors)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        _write(organisations, people, memberships, sheets, actor=actor)
    return {"organisations": len(organisations), "people": len(people), "memberships": len(memberships)}


def _failed(sheet: _Sheet, parsed: list[tuple[int, dict]], key: str) -> frozenset:
    """The keys (login names, organisation codes) of the sheet's rows that did not pass their checks."""
    passed = {number for number, _record in parsed}
    return frozenset(_text(raw[key]) for number, raw in sheet.rows if number not in passed and _text(raw[key]))


def _write(organisations, people, memberships, sheets, *, actor=None) -> None:
    today = business_today()
    created: dict[str, Organisation] = {}
    pending = list(organisations)
    while pending:  # parents first: each pass creates the rows whose parent now exists
        remaining = []
        for number, record in pending:
            parent_code = record["parent_code"]
            if parent_code and parent_code not in created:
                parent = Organisation.objects.filter(code=parent_code).first()
                if parent is None:
                    remaining.append((number, record))
                    continue
                created[parent_code] = parent
            fields = {k: v for k, v in record.items() if k != "parent_code"}
            created[record["code"]] = _guarded(
                sheets["organisations"].name,
                number,
                services.organisation_create,
                parent=created.get(parent_code),
                **fields,
            )
        pending = remaining
    users = {}
    for number, record in people:
        users[record["username"]] = _guarded(sheets["people"].name, number, services.user_create, **record)
    for number, record in memberships:
        user = users.get(record["username"]) or User.objects.get(username=record["username"])
        organisation = created.get(record["organisation_code"]) or Organisation.objects.get(
            code=record["organisation_code"]
        )
        _guarded(
            sheets["memberships"].name,
            number,
            services.membership_grant,
            user=user,
            organisation=organisation,
            role=record["role"],
            valid_from=record["valid_from"],
            valid_to=record["valid_to"],
            today=today,
            actor=actor,
        )


def _guarded(sheet: str, number: int, service, **kwargs):
    try:
        return service(**kwargs)
    except ApplicationError as exc:
        raise ImportRefused([RowError(sheet, number, str(exc.message))]) from None


def roster_import(*, actor: User, organisation: Organisation, upload, ip: str | None = None) -> dict:
    """An administrator's spreadsheet import below their organisation (import_workbook checks every row
    first and imports all or nothing); the import itself is an audit event with the file's SHA-256. Rows the
    role-administration rules refuse are audited once the import's transaction has rolled back."""
    try:
        return _roster_import(actor=actor, organisation=organisation, upload=upload)
    except ImportRefused as refused:
        for error in refused.errors:
            if error.refusal is not None:
                role_rules.membership_refusal_record(error.refusal, actor=actor, ip=ip)
        raise


def _roster_import(*, actor, organisation, upload) -> dict:
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
        handle.flush()
        with transaction.atomic():
            try:
                counts = import_workbook(handle.name, within=organisation, actor=actor)
            except (zipfile.BadZipFile, InvalidFileException, OSError):
                raise ApplicationError("import_not_xlsx", _("The file is not an Excel workbook (.xlsx).")) from None
            audit_record(
                process="admin",
                action="roster_import",
                actor=actor,
                organisation=organisation,
                business_date=business_today(),
                data={"file": upload.name[:200], "sha256": digest.hexdigest(), **counts},
            )
    return counts

"""Teachers' titles and honours imported from a spreadsheet (.xlsx), and its template.

One sheet, with the columns 姓名, 身份证号或账号, 类别, 名称, 级别, 获得日期, 颁发单位 (and, optionally, 有效期至).
Every row is checked first — the person found by ID number or login name and named as written, within the importer's
reach, a known category, title and level, the date not after today — and if any row is wrong the whole file is
refused with each row's problems (``import_invalid``) and nothing is written. Otherwise each row is recorded through
services.distinction_record, in one transaction, with one more audit event for the import itself.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.identity import normalise_id_number
from accounts.models import User
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from programmes.baseline import services
from programmes.baseline.access import reach_of
from programmes.baseline.models import KIND_OF_TITLE, DistinctionKind, Level, Title

# (field, Chinese header, required)
COLUMNS = (
    ("real_name", "姓名", True),
    ("who", "身份证号或账号", True),
    ("kind", "类别", True),
    ("title", "名称", True),
    ("level", "级别", True),
    ("awarded_on", "获得日期", True),
    ("awarding_body", "颁发单位", False),
    ("valid_until", "有效期至", False),
)
SHEET = "荣誉称号"
VALUES_SHEET = "有效值"
EXAMPLE = {
    "real_name": "张三",
    "who": "zhang.san",
    "kind": "骨干称号",
    "title": "教学能手",
    "level": "县级",
    "awarded_on": datetime.date(2025, 9, 10),
    "awarding_body": "玉环市教育局",
    "valid_until": None,
}
MAX_ROWS = 2000
DUPLICATE_KEYS = ("person", "title", "name", "level", "awarded_on")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass
class RowError:
    row: int
    message: str

    def __str__(self):
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


def _lookup(choices, *, extra: dict | None = None) -> dict:
    """A choice by its code, its label in Chinese or English, or the Chinese in a label's brackets."""
    found = {}
    for value, label in choices.choices:
        found[str(value).lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                text = str(label).strip()
            found[text.lower()] = value
            inner = re.search(r"[（(]([^）)]+)[）)]", text)
            if inner:
                found[inner.group(1).strip().lower()] = value
    return found | (extra or {})


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    found = _DATE.fullmatch(_text(value))
    if found is None:
        raise ValueError
    return datetime.date(*(int(part) for part in found.groups()))


def _comparable(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return "" if value is None else str(value).strip()


def _rows(upload) -> list[tuple[int, dict]]:
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ApplicationError("import_unreadable", gettext_lazy("This is not an Excel workbook (.xlsx).")) from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [_text(h) for h in next(values, [])]
    positions, missing = {}, []
    for name, zh, required in COLUMNS:
        positions[name] = header.index(zh) if zh in header else None
        if positions[name] is None and required:
            missing.append(zh)
    if missing:
        message = gettext_lazy("The sheet lacks the columns: %(columns)s.") % {"columns": "、".join(missing)}
        raise ApplicationError("import_columns_missing", message, fields={"columns": missing})
    found = []
    for number, cells in enumerate(values, start=2):
        if all(_text(c) == "" for c in cells):
            continue
        record = {name: (cells[i] if i is not None and i < len(cells) else None) for name, i in positions.items()}
        if all(_comparable(record[k]) == _comparable(v) for k, v in EXAMPLE.items()):
            continue  # the template's example row
        found.append((number, record))
        if len(found) > MAX_ROWS:
            message = gettext_lazy("At most %(n)d rows at a time.") % {"n": MAX_ROWS}
            raise ApplicationError("import_too_long", message)
    return found


def _person(who: str, real_name: str, people_by_key: dict) -> User:
    person = people_by_key.get(who) or people_by_key.get(who.upper())
    if person is None:
        raise ValueError(_("nobody has the ID number or login name %(who)s") % {"who": who})
    if person.real_name != real_name:
        raise ValueError(_("%(who)s is not named %(name)s") % {"who": who, "name": real_name})
    return person


def _people(rows) -> dict:
    keys = {_text(raw["who"]) for _n, raw in rows if _text(raw["who"])}
    numbers = set()
    for key in keys:
        try:
            numbers.add(normalise_id_number(key))
        except (ValueError, TypeError):
            pass
    found = {}
    for person in User.objects.filter(username__in=keys) | User.objects.filter(id_number__in=numbers | keys):
        found[person.username] = person
        if person.id_number:
            found[person.id_number] = person
    return found


def check_rows(*, actor, rows) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Each row as the service's arguments, and every row's problems."""
    kinds = _lookup(DistinctionKind, extra={"骨干": DistinctionKind.BACKBONE, "荣誉": DistinctionKind.HONOUR})
    titles, levels = _lookup(Title), _lookup(Level)
    today, reach = business_today(), reach_of(actor)
    people = _people(rows)
    checked, errors, seen = [], [], set()
    for number, raw in rows:
        problems = []
        person = None
        try:
            person = _person(_text(raw["who"]), _text(raw["real_name"]), people)
            services.school_recorded_in(actor=actor, person=person, day=today, reach=reach)
        except ValueError as error:
            problems.append(str(error))
        except ApplicationError as error:
            problems.append(str(error.message))
        kind = kinds.get(_text(raw["kind"]).lower())
        if kind is None:
            problems.append(_("unknown category %(value)s (骨干称号 or 荣誉称号)") % {"value": _text(raw["kind"])})
        name_text = _text(raw["title"])
        title = titles.get(name_text.lower())
        if title is None and kind == DistinctionKind.HONOUR and name_text:
            title = Title.OTHER_HONOUR  # an honour the list does not name: kept under its own name
        if title is None:
            problems.append(_("unknown title %(value)s") % {"value": name_text})
        elif kind is not None and KIND_OF_TITLE[Title(title)] != kind:
            problems.append(_("%(title)s is not of the category %(kind)s") % {"title": name_text, "kind": raw["kind"]})
        level = levels.get(_text(raw["level"]).lower())
        if level is None:
            message = _("unknown level %(value)s (校级, 县级, 市级, 省级 or 国家级)")
            problems.append(message % {"value": _text(raw["level"])})
        dates = {}
        for field_name, label in (("awarded_on", "获得日期"), ("valid_until", "有效期至")):
            try:
                dates[field_name] = _date(raw[field_name])
            except ValueError:
                problems.append(_("%(label)s is not a date: %(value)s") % {"label": label, "value": raw[field_name]})
        if "awarded_on" in dates and dates["awarded_on"] is None:
            problems.append(_("%(label)s is required") % {"label": "获得日期"})
        if not problems:
            arguments = {
                "person": person,
                "title": title,
                "level": level,
                "awarded_on": dates["awarded_on"],
                "valid_until": dates.get("valid_until"),
                "name": name_text if title == Title.OTHER_HONOUR else "",
                "awarding_body": _text(raw["awarding_body"])[:100],
            }
            try:
                services.distinction_check(
                    title=title,
                    level=level,
                    awarded_on=arguments["awarded_on"],
                    valid_until=arguments["valid_until"],
                    name=arguments["name"],
                    today=today,
                )
            except ApplicationError as error:
                problems.append(str(error.message))
            else:
                key = (person.pk, title, arguments["name"], level, arguments["awarded_on"])
                if key in seen or services.duplicate_of(**{k: arguments[k] for k in DUPLICATE_KEYS}):
                    problems.append(_("this title or honour is already recorded for this person"))
                seen.add(key)
                if not problems:
                    checked.append((number, arguments))
        errors += [RowError(number, problem) for problem in problems]
    return checked, errors


@transaction.atomic
def distinctions_import(*, actor, upload, file_name: str = "") -> int:
    """Every row recorded, or none (``import_invalid`` with the rows' problems); returns how many were recorded."""
    rows = _rows(upload)
    if not rows:
        raise ApplicationError("import_empty", gettext_lazy("The sheet has no rows to import."))
    checked, errors = check_rows(actor=actor, rows=rows)
    if errors:
        raise ApplicationError(
            "import_invalid",
            gettext_lazy("Nothing was imported: correct the rows below and upload the file again."),
            fields={"rows": [{"row": e.row, "message": e.message} for e in errors]},
        )
    reach = reach_of(actor)
    made = [
        services.distinction_record(actor=actor, reach=reach, imported=True, **arguments) for _n, arguments in checked
    ]
    school = services.school_recorded_in(actor=actor, person=made[0].person, day=business_today(), reach=reach)
    audit_record(
        process=services.PROCESS,
        action="distinction_import",
        actor=actor,
        organisation=school,
        business_date=business_today(),
        data={"file": file_name[:200], "rows": len(made), "distinctions": [d.pk for d in made]},
    )
    return len(made)


def template_bytes() -> bytes:
    """The template to fill in: the headers (required ones in red), an example row (grey; left as it is, it is not
    imported), drop-downs of the categories, titles and levels, and the sheet 有效值 listing them."""
    with translation.override("zh-hans"):
        lists = {
            "kind": ("类别", ["骨干称号", "荣誉称号"]),
            "title": ("名称", [re.sub(r".*[（(]([^）)]+)[）)].*", r"\1", str(label)) for label in Title.labels[:-1]]),
            "level": ("级别", [re.sub(r".*[（(]([^）)]+)[）)].*", r"\1", str(label)) for label in Level.labels]),
        }
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    values = book.create_sheet(VALUES_SHEET)
    ranges = {}
    for index, (key, (heading, items)) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        values[f"{letter}1"] = heading
        values[f"{letter}1"].font = Font(bold=True)
        for row, item in enumerate(items, start=2):
            values[f"{letter}{row}"] = item
        values.column_dimensions[letter].width = 18
        ranges[key] = f"'{VALUES_SHEET}'!${letter}$2:${letter}${len(items) + 1}"
    sheet.append([zh for _name, zh, _required in COLUMNS])
    sheet.append([EXAMPLE[name] for name, _zh, _required in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, (name, zh, required) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True, color="B71C1C" if required else "000000")
        sheet.column_dimensions[letter].width = max(12, len(zh) * 2 + 4)
        example = sheet[f"{letter}2"]
        example.font = Font(italic=True, color="808080")
        example.fill = PatternFill("solid", fgColor="F2F2F2")
        if name in ("awarded_on", "valid_until"):
            example.number_format = "yyyy-mm-dd"
            sheet[f"{letter}1"].comment = Comment("日期可写作 2025-9-10、2025/9/10 或 2025年9月10日。", "Stepwise")
        if name in ranges:
            check = DataValidation(type="list", formula1=ranges[name], allow_blank=False)
            check.add(f"{letter}2:{letter}{MAX_ROWS}")
            check.showErrorMessage = name != "title"  # an honour the list lacks is written in by hand
            sheet.add_data_validation(check)
    sheet["A2"].comment = Comment("示例行：原样保留时不会导入，可改成真实数据或删除。", "Stepwise")
    sheet["B1"].comment = Comment("身份证号，或登录账号。", "Stepwise")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

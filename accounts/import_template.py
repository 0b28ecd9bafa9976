"""The import template (.xlsx) an administrator downloads and fills in (accounts.importers reads it back).

Each of the three sheets has its Chinese headers, an example row (grey; a row equal to it is not imported) and,
where a column takes one of a list, a drop-down of the valid values read from the sheet 有效值, which lists every
valid value with its meaning. Dates may be typed as 1996-5-6, 1996/5/6 or 1996年5月6日.
"""

from django.utils import translation
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.ethnic_groups import ETHNIC_GROUPS
from accounts.importers import EXAMPLES, SHEETS
from accounts.models import CommunityType, Gender, OrganisationKind, PartyStanding
from accounts.roles import Role

VALUES_SHEET = "有效值"
ROWS = 2000  # the drop-downs cover this many rows of each sheet
DATE_FIELDS = {"birth_date", "party_standing_since", "party_watch_until", "valid_from", "valid_to"}
DATE_NOTE = "日期可写作 1996-5-6、1996/5/6 或 1996年5月6日。"
EXAMPLE_NOTE = "示例行：原样保留时不会导入，可改成真实数据或删除。"


def _labels(choices) -> list[str]:
    return [str(label) for label in choices.labels]


def _value_lists() -> dict[str, tuple[str, list[str]]]:
    """List name -> (heading on the sheet 有效值, values), in Chinese whatever the reader's language."""
    with translation.override("zh-hans"):
        return {
            "kind": ("组织类型", _labels(OrganisationKind)),
            "community_type": ("共同体类型", _labels(CommunityType)),
            "yes_no": ("是/否", ["是", "否"]),
            "gender": ("性别", _labels(Gender)),
            "ethnic_group": ("民族", list(ETHNIC_GROUPS)),
            "party_standing": ("政治面貌", _labels(PartyStanding)),
            "role": ("角色", _labels(Role)),
        }


# Which list each column takes (columns not named here are free text or dates).
COLUMN_LISTS = {
    "kind": "kind",
    "community_type": "community_type",
    "is_core_school": "yes_no",
    "has_approval_authority": "yes_no",
    "gender": "gender",
    "ethnic_group": "ethnic_group",
    "party_standing": "party_standing",
    "role": "role",
}


def write_template(path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = _value_lists()
    ranges = _write_values_sheet(workbook, lists)
    for key, (title, columns) in SHEETS.items():
        sheet = workbook.create_sheet(title, index=len(workbook.sheetnames) - 1)
        sheet.append([zh for _name, zh, _en, _required in columns])
        sheet.append([EXAMPLES[key][name] for name, _zh, _en, _required in columns])
        sheet.freeze_panes = "A2"
        for index, (name, zh, _en, required) in enumerate(columns, start=1):
            letter = get_column_letter(index)
            header = sheet[f"{letter}1"]
            header.font = Font(bold=True, color="B71C1C" if required else "000000")
            sheet.column_dimensions[letter].width = max(12, len(zh) * 2 + 4)
            example = sheet[f"{letter}2"]
            example.font = Font(italic=True, color="808080")
            example.fill = PatternFill("solid", fgColor="F2F2F2")
            if name in DATE_FIELDS:
                header.comment = Comment(DATE_NOTE, "Stepwise")
                example.number_format = "yyyy-mm-dd"
            if name in COLUMN_LISTS:
                heading, _values = lists[COLUMN_LISTS[name]]
                check = DataValidation(type="list", formula1=ranges[COLUMN_LISTS[name]], allow_blank=not required)
                check.error, check.errorTitle = f"请从下拉列表选择（见“{VALUES_SHEET}”表的“{heading}”列）。", zh
                check.showErrorMessage = True
                check.add(f"{letter}2:{letter}{ROWS}")
                sheet.add_data_validation(check)
        sheet["A2"].comment = Comment(EXAMPLE_NOTE, "Stepwise")
    workbook.active = 0
    workbook.save(path)


def _write_values_sheet(workbook, lists) -> dict[str, str]:
    """The sheet of valid values, one list per column; returns each list's absolute range for the drop-downs."""
    sheet = workbook.create_sheet(VALUES_SHEET)
    ranges = {}
    for index, (name, (heading, values)) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"] = heading
        sheet[f"{letter}1"].font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet[f"{letter}{row}"] = value
        sheet.column_dimensions[letter].width = max(12, max(len(v) for v in values) * 2 + 2)
        ranges[name] = f"'{VALUES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    sheet.freeze_panes = "A2"
    return ranges

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override
from openpyxl import Workbook

from accounts.identity import make_id_number
from accounts.importers import ImportRefused, import_workbook
from accounts.models import Membership, Organisation, User
from accounts.permissions import has_org_perm
from accounts.selectors import organisation_ancestors

pytestmark = pytest.mark.django_db

ORG_HEAD = ["代码", "名称", "类型", "上级代码", "共同体类型", "核心校", "具有审批权限"]
PEOPLE_HEAD = ["登录名", "姓名", "性别", "出生日期", "民族", "身份证号", "政治面貌", "政治面貌起始日期"]
ROLE_HEAD = ["登录名", "组织代码", "角色", "起始日期", "截止日期"]


def good_rows():
    born = datetime.date(1985, 3, 14)
    return {
        "组织": [
            # children before parents on purpose: the importer orders them
            ["B1", "第一党支部", "党支部", "PC", "", "否", "否"],
            ["EDU", "测试教育局", "教育局", "", "", "", ""],
            ["C1", "测试共同体", "COMMUNITY", "EDU", "融合型", "", ""],
            ["S1", "测试小学", "学校", "C1", "", "是", ""],
            ["PC", "测试小学党委", "党委", "S1", "", "", "是"],
        ],
        "人员": [
            [
                "lisi",
                "李四",
                "男",
                born,
                "汉族",
                make_id_number("330100", born, 11),
                "正式党员",
                datetime.date(2010, 7, 1),
            ],
            [
                "wangwu",
                "王五",
                "女",
                "1990-05-06",
                "回族",
                make_id_number("330100", datetime.date(1990, 5, 6), 22),
                "群众",
                None,
            ],
        ],
        "角色": [
            ["lisi", "B1", "党支部书记", datetime.date(2025, 1, 1), None],
            ["wangwu", "B1", "APPLICANT", "2026-03-01", ""],
        ],
    }


def workbook(tmp_path, rows):
    book = Workbook()
    book.remove(book.active)
    for title, head in (("组织", ORG_HEAD), ("人员", PEOPLE_HEAD), ("角色", ROLE_HEAD)):
        sheet = book.create_sheet(title)
        sheet.append(head)
        for row in rows[title]:
            sheet.append(row)
    path = tmp_path / "org.xlsx"
    book.save(path)
    return path


def test_a_good_workbook_imports_the_tree_people_and_roles(tmp_path):
    counts = import_workbook(workbook(tmp_path, good_rows()))
    assert counts == {"organisations": 5, "people": 2, "memberships": 2}
    branch = Organisation.objects.get(code="B1")
    assert [o.code for o in organisation_ancestors(branch)] == ["EDU", "C1", "S1", "PC"]
    assert Organisation.objects.get(code="PC").has_approval_authority
    assert Organisation.objects.get(code="S1").is_core_school
    lisi = User.objects.get(username="lisi")
    assert lisi.party_standing == "FULL" and lisi.gender == "M"
    assert has_org_perm(lisi, "handle_party_work", branch)


@pytest.mark.parametrize(
    ("sheet", "index", "column", "value", "expected"),
    [
        ("人员", 0, 5, "110105194912310021", "人员, row 2"),  # bad ID checksum
        ("组织", 2, 3, "NOPE", "组织, row 4"),  # unknown parent
        ("组织", 4, 0, "B1", "组织, row 6"),  # duplicate code
        ("人员", 1, 0, "lisi", "人员, row 3"),  # duplicate login name
        ("角色", 1, 2, "国王", "角色, row 3"),  # unknown role
        ("组织", 0, 3, "EDU", "组织, row 2"),  # a branch directly under a bureau
    ],
)
def test_one_bad_row_imports_nothing_and_names_its_row(tmp_path, sheet, index, column, value, expected):
    rows = good_rows()
    rows[sheet][index][column] = value
    with pytest.raises(ImportRefused) as refused:
        import_workbook(workbook(tmp_path, rows))
    with override("en"):
        messages = [str(e) for e in refused.value.errors]
    assert any(expected in m for m in messages), messages
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert not Membership.objects.exists()


def test_a_rule_only_the_services_catch_still_rolls_back_everything(tmp_path):
    rows = good_rows()
    rows["人员"][1][7] = datetime.date(2020, 1, 1)  # a non-member with a party date: user_create refuses
    with pytest.raises(ImportRefused) as refused:
        import_workbook(workbook(tmp_path, rows))
    assert refused.value.errors[0].row == 3
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_a_loop_of_parents_is_refused(tmp_path):
    rows = good_rows()
    rows["组织"] = [["G1", "甲", "党总支", "G2", "", "", ""], ["G2", "乙", "党委", "G1", "", "", ""]]
    rows["人员"], rows["角色"] = [], []
    with pytest.raises(ImportRefused):
        import_workbook(workbook(tmp_path, rows))
    assert not Organisation.objects.exists()


def test_the_command_reports_errors_and_fails(tmp_path, capsys):
    rows = good_rows()
    rows["人员"][0][5] = "110105194912310021"
    with pytest.raises(CommandError):
        call_command("import_org", str(workbook(tmp_path, rows)))
    assert "人员" in capsys.readouterr().err
    assert not Organisation.objects.exists()


def test_the_command_writes_a_template_that_imports_as_empty(tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("import_org", str(path), "--template")
    assert import_workbook(path) == {"organisations": 0, "people": 0, "memberships": 0}

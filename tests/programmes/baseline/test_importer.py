import io

import pytest
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from programmes.baseline.importer import COLUMNS, distinctions_import, template_bytes
from programmes.baseline.models import Distinction, Level, Title

pytestmark = pytest.mark.django_db

HEADER = [zh for _name, zh, _required in COLUMNS]


def sheet(*rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_good_file_records_every_row(county):
    upload = sheet(
        ["群众甲", county.n1.username, "骨干称号", "教学能手", "县级", "2025-9-1", "县教育局"],
        ["群众乙", county.n2.id_number, "荣誉称号", "最美教师", "市级", "2024年6月1日", ""],
    )
    assert distinctions_import(actor=county.secretary, upload=upload, file_name="名单.xlsx") == 2
    other = Distinction.objects.get(person=county.n2)
    assert (other.title, other.name, other.level) == (Title.OTHER_HONOUR, "最美教师", Level.CITY)
    assert AuditEvent.objects.filter(process="baseline", action="distinction_import").count() == 1


def test_a_file_with_bad_rows_is_refused_whole_with_each_rows_problem(county):
    upload = sheet(
        ["群众甲", county.n1.username, "骨干称号", "教学能手", "县级", "2025-9-1", ""],  # good
        ["外县教师", county.foreign_teacher.username, "骨干称号", "教学骨干", "县级", "2025-9-1", ""],  # not reached
        ["群众乙", county.n2.username, "骨干称号", "优秀教师", "区级", "2099-1-1", ""],  # kind, level, date
        ["张冠李戴", county.n3.username, "荣誉称号", "优秀教师", "校级", "2025-9-1", ""],  # name does not match
        ["群众甲", county.n1.username, "骨干称号", "教学能手", "县级", "2025-9-1", ""],  # row 2 again
    )
    with pytest.raises(ApplicationError) as refused:
        distinctions_import(actor=county.secretary, upload=upload)
    assert refused.value.code == "import_invalid"
    rows = refused.value.fields["rows"]
    assert sorted({row["row"] for row in rows}) == [3, 4, 5, 6]
    assert len([row for row in rows if row["row"] == 4]) == 2  # the category and the level (the date is not read)
    assert not Distinction.objects.exists() and not AuditEvent.objects.filter(process="baseline").exists()


def test_the_template_reads_back_as_empty(county):
    book = load_workbook(io.BytesIO(template_bytes()))
    assert [cell.value for cell in book.worksheets[0][1]] == HEADER
    with pytest.raises(ApplicationError) as refused:
        distinctions_import(actor=county.secretary, upload=io.BytesIO(template_bytes()))
    assert refused.value.code == "import_empty"


def test_a_file_that_is_no_workbook_is_refused(county):
    with pytest.raises(ApplicationError) as refused:
        distinctions_import(actor=county.secretary, upload=io.BytesIO(b"not a workbook"))
    assert refused.value.code == "import_unreadable"

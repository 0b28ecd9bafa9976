"""The console speaks to people (issue 17 item 1): the organisation filter is a list of the auditor's organisations by
name, the action filter offers actions by name, the pager keeps the search; the export has Chinese headers and times
in Asia/Shanghai, and keeps the columns (the UTC instant among them) that verify each row offline."""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from audit.exports import COLUMNS, offline_hash, read_csv
from audit.models import AuditEvent
from audit.services import audit_record
from tests.clients import page as page_as

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def option(value, then="") -> re.Pattern:
    return re.compile(f'<option value="{value}"{then}[ >]')


def event(organisation, action="record_talk", case_id=1, **fields):
    with transaction.atomic():
        return audit_record(
            process="party", case_id=case_id, action=action, actor=None, organisation=organisation, **fields
        )


def test_the_filters_offer_organisations_and_actions_by_name(tree, people):
    page = page_as(people.auditor).get(reverse("audit-console")).content.decode()
    assert "组织编号" not in page and "操作代码" not in page and "Action code" not in page
    assert option(tree.branch_a.pk).search(page) and tree.branch_a.name in page
    assert not option(tree.other_branch.pk).search(page)  # another bureau's: not the auditor's subtree
    assert option("record_talk").search(page) and option("login_failed").search(page)
    chosen = page_as(people.auditor).get(reverse("audit-console"), {"organisation": tree.branch_a.pk}).content.decode()
    assert option(tree.branch_a.pk, "[^>]* selected").search(chosen)


def test_the_organisations_are_indented_by_their_depth(tree, people):
    from audit.selectors import organisation_choices

    labels = dict(organisation_choices(people.auditor))
    assert labels[tree.bureau.pk] == tree.bureau.name
    assert labels[tree.branch_a.pk] == "\u3000" * (tree.branch_a.depth - tree.bureau.depth) + tree.branch_a.name


def test_the_events_show_names_not_codes(tree, people):
    event(tree.branch_a, action="designate_activist", actor_role="BRANCH_SECRETARY")
    page = page_as(people.auditor).get(reverse("audit-console")).content.decode()
    assert "BRANCH_SECRETARY" not in page and "party #" not in page and "designate_activist<" not in page


def test_the_pager_keeps_the_filters(tree, people):
    for number in range(51):
        event(tree.branch_a, case_id=number + 1)
    page = page_as(people.auditor).get(reverse("audit-console"), {"action": "record_talk"}).content.decode()
    assert "?action=record_talk&amp;page=2" in page


def test_the_export_has_chinese_headers_beijing_times_and_still_verifies(tree, people):
    stored = event(tree.branch_a, comment="谈话")
    with translation.override("zh-hans"):
        headers = [str(header) for header in COLUMNS]
    response = page_as(people.auditor).post(reverse("audit-export", args=["csv"]) + "?process=party")
    text = response.content.decode("utf-8")
    header, first, *_more = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    assert header == headers and "event_hash" not in header and "业务日期" in header
    beijing = timezone.localtime(stored.created_at, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert first[:2] == [str(stored.pk), beijing] and "第一支部" in first
    (row,) = [r for r in read_csv(text) if int(r["id"]) == stored.pk]
    assert datetime.datetime.fromisoformat(row["created_at"]) == stored.created_at  # the UTC instant, as hashed
    assert row["created_at"].endswith("+00:00") and offline_hash(row) == stored.event_hash


def test_the_xlsx_export_has_the_same_columns(tree, people):
    stored = event(tree.branch_a)
    response = page_as(people.auditor).post(reverse("audit-export", args=["xlsx"]) + "?process=party")
    header, *rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("zh-hans"):
        assert list(header) == [str(h) for h in COLUMNS]
    (row,) = [r for r in rows if r[0] == stored.pk]
    assert row[-1] == stored.event_hash and AuditEvent.objects.filter(action="audit_export").count() == 1

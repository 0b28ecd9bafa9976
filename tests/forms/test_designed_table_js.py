"""static/js/table-field.js in Chromium: rows added and removed, sums added exactly as they are typed, and the
names of a new row's inputs what the server reads (forms.designed_table)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from playwright.sync_api import sync_playwright

from forms.designed import form_class
from tests.browser.journey import CHROMIUM, LAUNCH_ARGS

pytestmark = pytest.mark.browser

TABLE = {
    "key": "fld_items",
    "type": "table",
    "label": "费用明细",
    "max_rows": 3,
    "columns": [
        {"key": "col_what", "type": "text", "label": "项目"},
        {"key": "col_amount", "type": "money", "label": "金额"},
    ],
}
SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "table-field.js"


def test_rows_are_added_and_removed_and_summed_exactly():
    cls = form_class([TABLE], today=None)
    with translation.override("zh-hans"):
        html = f'<form id="f">{cls()["fld_items"]}</form>'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html)
            page.add_script_tag(path=str(SCRIPT))
            total = page.locator('td[data-sum="col_amount"] output')
            assert page.locator("tr[data-row]").count() == 1
            page.fill('input[name="fld_items-0-col_amount"]', "0.1")
            page.click("[data-add-row]")
            page.fill('input[name="fld_items-1-col_amount"]', "0.2")
            assert total.text_content() == "¥0.30"  # not 0.30000000000000004
            page.fill('input[name="fld_items-1-col_amount"]', "1.234")  # not an amount: counts nothing
            assert total.text_content() == "¥0.10"
            page.click("[data-add-row]")
            assert page.locator("[data-add-row]").is_disabled()  # max_rows
            page.fill('input[name="fld_items-2-col_amount"]', "1234")
            assert total.text_content() == "¥1,234.10"
            page.fill('input[name="fld_items-2-col_amount"]', "-5")
            page.locator("tr[data-row]").nth(1).locator("[data-remove-row]").click()
            assert total.text_content() == "-¥4.90"
            names = page.eval_on_selector_all("#f [name]", "els => els.map(e => e.name + '=' + e.value)")
        finally:
            browser.close()
    posted = QueryDict("&".join(names))
    form = cls(posted)
    assert form.is_valid(), form.errors
    assert form.stored_values()["fld_items"] == [
        {"col_what": None, "col_amount": "0.10"},
        {"col_what": None, "col_amount": "-5.00"},
    ]

"""Issue 17 item 8, at desktop width and at 375 px: a reviewer (the branch's organisation member) opens an
application's case, prints its 审批单 (the page the browser prints, with its 打印 button) and downloads its PDF. The
PDF is rendered to PNG with pdftoppm (kept with the screenshots) and read back with pdftotext: it names the
applicant, the people who acted and their steps, in words. Every page is checked with axe-core (journey.py)."""

import re
import subprocess

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from tests.workflows.party.conftest import case_before
from workflows.party.models import PartyCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
# The application, the talk (林书记) and the 支委会's designation of an activist, as the sheet names them.
EXPECTED = [
    "陈申请",
    "第一支部",
    "林书记",
    "递交入党申请书",
    "录入谈话",
    "确定入党积极分子",
    "→ 入党积极分子",
    "审批记录",
    "填报内容",
]


def rendered(walk, body: bytes, name: str) -> list:
    """The PDF's pages as PNG files beside the screenshots (pdftoppm), each checked to carry ink."""
    prefix = walk.folder / name
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-", str(prefix)], input=body, check=True)
    pages = sorted(walk.folder.glob(f"{name}*.png"))
    for png in pages:
        with Image.open(png) as image:
            dark = sum(image.convert("L").point(lambda v: v < 128 and 255).histogram()[255:])
            assert dark > 1000, f"{png.name} is blank"
    return pages


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_reviewer_prints_an_applications_approval_sheet_and_its_pdf(party, journey, size):
    case = PartyCase.objects.get(pk=case_before(party, "appoint_trainers"))
    walk = journey(f"print-sheet-{size}")
    page = walk.person("reviewer")
    page.set_viewport_size(SIZES[size])
    walk.sign_in(page, party.orgmember.username)
    page.goto(reverse("party-case", args=[case.pk]))
    walk.shot(page, "case")

    page.locator("#print-sheet").click()  # 打印审批单
    page.wait_for_url(re.compile(rf"/print/party/{case.pk}/$"))
    sheet = page.locator("#sheet")
    for words in EXPECTED:
        expect(sheet).to_contain_text(words)
    expect(page.locator("button[data-print]")).to_be_visible()  # 打印: the browser's print, from a static script
    walk.shot(page, "approval-sheet")

    name, body = walk.download(page, page.locator("#sheet-pdf"), "approval-sheet")  # 下载PDF
    assert name.endswith(".pdf") and "陈申请" in name
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    joined = "".join(text.split())  # a table cell wraps its words over lines
    for words in EXPECTED:
        assert "".join(words.split()) in joined
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]{3,}\b", text), "an internal code is on the PDF"
    assert rendered(walk, body, "approval-sheet-page")
    walk.finish()

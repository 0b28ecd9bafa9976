"""The 审批单 shows what the viewer may read, as the case page does: the party's political review names its files
to the secretary, while the applicant's sheet keeps the line (who, when) and leaves out what it recorded."""

import pytest
from django.urls import reverse

from tests.clients import page
from tests.workflows.kit.test_print_sheet import pdf_text
from tests.workflows.party.conftest import party  # noqa: F401  (the branch and its people)
from tests.workflows.party.test_archive_bundle import REVIEW_FILE, walked_case

pytestmark = pytest.mark.django_db


def test_the_political_review_is_on_the_sheet_only_for_those_who_may_read_it(party):  # noqa: F811
    case_id = walked_case(party, until="complete_training")
    url = reverse("case-print", args=["party", case_id])
    secretary = page(party.secretary).get(url).content.decode()
    applicant = page(party.applicant).get(url).content.decode()
    assert REVIEW_FILE in secretary
    assert REVIEW_FILE not in applicant and "录入政审结论" in applicant  # the step's line, without its files
    pdf = pdf_text(page(party.applicant).get(reverse("case-print-pdf", args=["party", case_id])).content)
    assert REVIEW_FILE not in pdf and "录入政审结论" in "".join(pdf.split())

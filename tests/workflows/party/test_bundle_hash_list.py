"""The archive bundle's hash list (SHA256SUMS) names the same bytes however often the bundle is taken out: each
download is an audit event of the case, which the bundle leaves out; and its PDF embeds its font."""

import io

import pytest
from pypdf import PdfReader

from tests.workflows.party.test_archive_bundle import bundle, exports, pdf_pages, walked_case, zip_of

pytestmark = pytest.mark.django_db


def test_downloading_the_bundle_again_leaves_its_hash_list_unchanged(party):
    case_id = walked_case(party)
    first, first_manifest = zip_of(bundle(party.secretary, case_id))
    second, second_manifest = zip_of(bundle(party.secretary, case_id))
    assert len(exports(case_id)) == 2  # both downloads are in the case's trail…
    assert second.read("SHA256SUMS") == first.read("SHA256SUMS")  # …but not in the bundle
    assert second_manifest["last_event_hash"] == first_manifest["last_event_hash"]
    assert second_manifest["audit_events"] == first_manifest["audit_events"]
    assert bundle(party.secretary, case_id, "pdf") == bundle(party.secretary, case_id, "pdf")


def test_the_pdf_embeds_its_font_and_its_middle_dots_are_text(party):
    case_id = walked_case(party, until="complete_training")
    body = bundle(party.secretary, case_id, "pdf")
    embedded = {}
    for page in PdfReader(io.BytesIO(body)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            embedded[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    assert embedded and all(embedded.values()), embedded
    assert "·" in "".join(pdf_pages(body))  # the running header: the title · the person · the branch

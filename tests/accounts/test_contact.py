"""Phone numbers and email addresses are checked where they are entered and stored one way."""

import pytest

from accounts.contact import normalise_email, normalise_phone
from core.exceptions import ApplicationError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0576-87654321", "0576-87654321"),
        ("(0576) 8765 4321", "0576-87654321"),
        ("010-12345678转123", "010-12345678-123"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_one_way(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "12800138000", "1380013800", "138001380001", "87654321", "abc"])
def test_bad_phone_numbers_are_refused_with_a_code(typed):
    with pytest.raises(ApplicationError) as refused:
        normalise_phone(typed)
    assert refused.value.code == "phone_invalid" and refused.value.fields["phone"]


def test_email_addresses_are_checked():
    assert normalise_email(" a.b@example.cn ") == "a.b@example.cn"
    assert normalise_email("") == ""
    with pytest.raises(ApplicationError) as refused:
        normalise_email("a.b@")
    assert refused.value.code == "email_invalid"

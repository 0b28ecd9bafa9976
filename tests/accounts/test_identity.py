import datetime

import pytest

from accounts.identity import id_number_gender, make_id_number, mask_id_number, validate_id_number
from core.exceptions import ApplicationError

VALID = "11010519491231002X"  # the GB 11643 example number: born 1949-12-31, a woman


def code_of(value, **kwargs):
    with pytest.raises(ApplicationError) as caught:
        validate_id_number(value, **kwargs)
    return caught.value.code


def test_a_valid_number_is_accepted_and_normalised():
    assert validate_id_number(" 11010519491231002x ") == VALID


def test_a_valid_number_matches_its_birth_date_and_gender():
    assert validate_id_number(VALID, birth_date=datetime.date(1949, 12, 31), gender="F") == VALID


def test_a_wrong_check_character_is_refused():
    assert code_of("110105194912310021") == "id_number_checksum"


def test_an_impossible_birth_date_is_refused_even_with_a_correct_check_character():
    number = make_id_number("110105", datetime.date(1990, 1, 1), 123)
    impossible = number[:10] + "0230" + number[14:17]  # 1990-02-30
    from stdnum.cn import ric

    impossible += ric.calc_check_digit(impossible + "0")
    assert code_of(impossible) == "id_number_birth_date"


def test_a_birth_date_in_the_future_is_refused():
    number = make_id_number("110105", datetime.date(2030, 1, 1), 123)
    assert code_of(number, today=datetime.date(2026, 11, 21)) == "id_number_birth_date"


@pytest.mark.parametrize("value", ["1101051949123100", "11010519491231002X9"])
def test_a_number_of_the_wrong_length_is_refused(value):
    assert code_of(value) == "id_number_length"


def test_letters_inside_the_number_are_refused():
    assert code_of("1101051949123A002X") == "id_number_format"


def test_a_birth_date_that_differs_from_the_number_is_refused():
    assert code_of(VALID, birth_date=datetime.date(1949, 12, 30)) == "id_number_birth_date_mismatch"


def test_a_gender_that_differs_from_the_number_is_refused():
    assert id_number_gender(VALID) == "F"
    assert code_of(VALID, gender="M") == "id_number_gender_mismatch"


def test_masking_hides_the_birth_date_and_sequence():
    assert mask_id_number(VALID) == "110105********002X"
    assert mask_id_number("") == ""

"""The factories themselves: people they make must be valid and distinct however many a run creates."""

import datetime

from accounts.identity import validate_id_number
from tests.factories import UserFactory


def test_id_numbers_stay_unique_and_valid_for_thousands_of_people_born_the_same_day():
    born = datetime.date(2000, 5, 4)  # the long race runs create thousands of people with one birth date
    numbers = [UserFactory.build(birth_date=born).id_number for _ in range(2100)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers[::97] + numbers[-3:]:
        assert validate_id_number(number, birth_date=born, gender="F") == number


def test_a_man_gets_a_number_of_a_man():
    person = UserFactory.build(gender="M", birth_date=datetime.date(1990, 1, 2))
    assert validate_id_number(person.id_number, birth_date=person.birth_date, gender="M") == person.id_number

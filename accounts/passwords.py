"""Password rule of 等保2.0 三级 (complexity): besides the length and the common-password checks in
AUTH_PASSWORD_VALIDATORS, a password mixes at least ``min_classes`` of lower case, upper case, digits and others."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _kind(char: str) -> str:
    if char.islower():
        return "lower"
    if char.isupper():
        return "upper"
    return "digit" if char.isdigit() else "other"


def character_classes(password: str) -> int:
    return len({_kind(char) for char in password})


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(n)d of: lower-case letters, upper-case letters, digits, "
            "and other characters."
        ) % {"n": self.min_classes}

"""Code-like tokens in what a person sees (issue 17 item 1): a state, role, action, field, error or warning code,
an internal reference ("party #1", "P@8", "routine:FUSION", "YH-ROUTINE v1"), or English left untranslated. The
codes are read from the project itself: the choices of every model field (states, roles, kinds…), the names of
every model field, and every snake_case string literal of the project's source (action, field, error, warning and
audit codes)."""

import ast
import re
from functools import cache
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("accounts", "audit", "core", "dashboards", "exports", "forms", "notifications", "workflows")

UPPER_SNAKE = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w-])")
SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@-])")
UPPER_WORD = re.compile(r"(?<![\w-])[A-Z]{3,}(?![\w-])")
SHAPES = {
    "reference": re.compile(r"\b[A-Za-z]+ #\d+"),  # "party #1": a model and its key
    "keyed": re.compile(r"\b[a-z]+:[A-Z][A-Z_]+"),  # "routine:FUSION"
    "indicator": re.compile(r"\b[A-Z]{1,3}@\d+"),  # "P@8"
    "version code": re.compile(r"\b[A-Z]{2,}-[A-Z]{3,}(?:-[A-Z0-9]+)* v\d+"),  # "YH-ROUTINE v1"
    "untranslated": re.compile(r"\b[A-Za-z][a-z]+(?: [a-z]{2,})+\b"),  # "· no vote" on a Chinese page
}
# Text that looks like a code but is not one, each with why; keep it short.
ALLOWED: dict[str, str] = {
    # The test settings install a leave process of their own (tests/kit_process) to try the kit on; its step
    # titles are English on purpose and never reach a deployment.
    "Ask for leave": "tests/kit_process, a test-only process",
    "Decide on the leave": "tests/kit_process, a test-only process",
}
EMAIL_OR_URL = re.compile(r"\S+@\S+\.\S+|https?://\S+|(?<!\S)/[\w./-]+")


def _literals(path: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return set()
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SNAKE.fullmatch(node.value)
    }


@cache
def known_codes() -> tuple[frozenset, frozenset]:
    """(upper-case codes: every choice value of a model field; snake_case codes: model field names and the
    source's snake_case literals)."""
    upper: set[str] = set()
    snake: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            snake.add(model_field.name)
            for value, _label in getattr(model_field, "choices", None) or ():
                if isinstance(value, str):
                    (upper if value.isupper() else snake).add(value)
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*.py"):  # migrations too: they hold the forms' field keys
            snake |= _literals(path)
    return frozenset(upper), frozenset(code for code in snake if "_" in code)


def code_tokens(text: str) -> list[str]:
    """The code-like tokens of one visible text, each with what made it one ("snake: case_already_open")."""
    upper, snake = known_codes()
    text = EMAIL_OR_URL.sub(" ", text)
    found = [f"code: {token}" for token in UPPER_SNAKE.findall(text)]
    found += [f"code: {token}" for token in UPPER_WORD.findall(text) if token in upper]
    found += [f"code: {token}" for token in SNAKE.findall(text) if token in snake]
    for name, shape in SHAPES.items():
        found += [f"{name}: {token}" for token in shape.findall(text)]
    return [token for token in found if token.split(": ", 1)[1] not in ALLOWED]

"""Cells a spreadsheet would run as a formula (OWASP "CSV injection"): text starting with = + - @, a tab or a
carriage return is written with a leading apostrophe, so Excel and WPS show it as text. Text that already starts
with an apostrophe gets one more, so the escape can be undone exactly (the audit export is verified offline)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def restored(value: str) -> str:
    """The text as it was before ``neutralised``."""
    return value[1:] if value.startswith("'") else value

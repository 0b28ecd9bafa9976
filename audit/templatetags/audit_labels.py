"""An audit event's action, process, role, states and warnings by their names, in the reader's language."""

from django import template

from audit import labels

register = template.Library()


@register.filter
def action_name(event) -> str:
    return labels.action_name(event.process, event.action)


@register.filter
def process_name(code: str) -> str:
    return labels.process_name(code)


@register.filter
def role_name(code: str) -> str:
    return labels.role_name(code)


@register.simple_tag
def state_name(event, state: str) -> str:
    return labels.state_name(event.process, state)


@register.simple_tag
def warning_name(event, warning) -> str:
    return labels.warning_name(event.process, warning)

from django import template

from workflows.party.actions import ACTIONS

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    spec = ACTIONS.get(code)
    return spec.label if spec else code

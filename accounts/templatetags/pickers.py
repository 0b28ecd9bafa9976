"""The options of a hand-written person or organisation picker (accounts.pickers):

{% load pickers %}{% person_options people as options %}
<select name="to_user_id" data-picker="person">{% for o in options %}
  <option value="{{ o.value }}" data-search="{{ o.search }}">{{ o.label }}</option>{% endfor %}</select>
"""

from django import template

from accounts import pickers

register = template.Library()


@register.simple_tag
def person_options(people, near=None) -> list[pickers.Option]:
    """People (or (id, label) pairs) as picker options: name · organisation · role, told apart when alike."""
    return pickers.person_options(people or [], near=near)


@register.simple_tag
def organisation_options(organisations) -> list[pickers.Option]:
    """Organisations (or (id, label) pairs) as picker options, labelled by their path in the tree."""
    return pickers.organisation_options(organisations or [])

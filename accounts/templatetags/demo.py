from django import template

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

register = template.Library()


@register.simple_tag
def demo_accounts():
    return DEMO_ACCOUNTS


@register.simple_tag
def demo_password():
    return DEMO_PASSWORD

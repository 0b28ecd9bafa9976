from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from core.dates import business_today
from workflows.community.demo import seed_community_demo
from workflows.evaluation.demo import seed_evaluation_demo
from workflows.party.demo import seed_party_demo


class Command(BaseCommand):
    help = "Load the demo data set (organisations, people, roles). Does nothing if it is already there."

    def handle(self, *args, **options):
        today = business_today()
        result = seed_demo(today=today)
        cases = seed_party_demo(today=today)
        applications = seed_community_demo(today=today)
        evaluations = seed_evaluation_demo(today=today)
        if not result["created"]:
            self.stdout.write(_("Demo data already present; nothing changed."))
        else:
            self.stdout.write(
                _("Demo data created: %(o)d organisations, %(a)d accounts, %(m)d branch members.")
                % {"o": result["organisations"], "a": result["accounts"], "m": result["members"]}
            )
        if cases:
            self.stdout.write(_("Demo party development cases created: %(n)d.") % {"n": cases})
        if applications:
            self.stdout.write(_("Demo community applications created: %(n)d.") % {"n": applications})
        if evaluations:
            self.stdout.write(_("Demo community evaluations created: %(n)d.") % {"n": evaluations})
        if settings.DEMO_MODE:
            self.stdout.write(_("Demo accounts (password %(p)s):") % {"p": DEMO_PASSWORD})
            self.stdout.write(f"  {'admin':<14} 系统管理员 · {_('Administrator')}")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(
                    f"  {account.username:<14} {account.real_name} · {account.role_label} · {account.organisation}"
                )

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from core.dates import business_today
from workflows.kit.registry import DEMO_SEEDERS, PROCESS_TYPES


class Command(BaseCommand):
    help = "Load the demo data set (organisations, people, roles). Does nothing if it is already there."

    def handle(self, *args, **options):
        today = business_today()
        result = seed_demo(today=today)
        # Each process's demo cases, in the order the processes are installed (evaluations need filed applications).
        made = {kind.label: kind.demo(today=today) for kind in PROCESS_TYPES.values() if kind.demo is not None}
        made |= {label: seeder(today=today) for label, seeder in DEMO_SEEDERS}  # the programmes (issue 19)
        if not result["created"]:
            self.stdout.write(_("Demo data already present; nothing changed."))
        else:
            self.stdout.write(
                _("Demo data created: %(o)d organisations, %(a)d accounts, %(m)d branch members.")
                % {"o": result["organisations"], "a": result["accounts"], "m": result["members"]}
            )
        for label, count in made.items():
            if count:
                self.stdout.write(_("Demo cases created (%(process)s): %(n)d.") % {"process": label, "n": count})
        if settings.DEMO_MODE:
            self.stdout.write(_("Demo accounts (password %(p)s):") % {"p": DEMO_PASSWORD})
            self.stdout.write(f"  {'admin':<14} 系统管理员 · {_('Administrator')}")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(
                    f"  {account.username:<14} {account.real_name} · {account.role_label} · {account.organisation}"
                )

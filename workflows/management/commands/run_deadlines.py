from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from workflows.deadlines import run_deadlines


class Command(BaseCommand):
    help = "Send deadline notices (due soon, overdue, escalation) and fire viewflow's database timers."

    def handle(self, *args, **options):
        written = run_deadlines()
        self.stdout.write(_("Deadline notices written: %(n)d.") % {"n": written})

"""manage.py verify_audit: recompute the whole hash chain and name the first broken link (exit status 1)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.verification import verification_run


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains; reports the first event whose content or link is wrong."

    def handle(self, *args, **options):
        run = verification_run()
        if not run.intact:
            broken = AuditEvent.objects.get(pk=run.broken_event)
            raise CommandError(
                _("Broken at event %(id)d (%(process)s, case %(case)s) after %(n)d good events.")
                % {"id": broken.pk, "process": broken.process, "case": broken.case_id, "n": run.checked}
            )
        message = _("%(n)d events verified in %(s).1f s: the chain is intact.")
        self.stdout.write(message % {"n": run.checked, "s": run.seconds})

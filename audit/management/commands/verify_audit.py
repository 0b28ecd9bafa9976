"""manage.py verify_audit: recompute the whole trail's keyed hash chains, compare them with the latest signed
checkpoint, and name what is wrong (exit status 1): a rewritten or re-hashed event, a removed one, a chain that
lost events at its end, a truncated table, a damaged checkpoint store. An intact trail gets a new checkpoint."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.findings import describe
from audit.models import AuditEvent
from audit.verification import verification_run


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains against the latest checkpoint; names every problem found."

    def handle(self, *args, **options):
        run = verification_run()
        if not run.intact:
            lines = []
            if run.broken_event is not None:
                broken = AuditEvent.objects.get(pk=run.broken_event)
                lines.append(
                    _("Broken at event %(id)d (%(process)s, case %(case)s) after %(n)d good events.")
                    % {"id": broken.pk, "process": broken.process, "case": broken.case_id, "n": run.checked}
                )
            lines += [describe(finding) for finding in run.findings]
            raise CommandError("\n".join(lines))
        message = _("%(n)d events verified in %(s).1f s: the chain is intact.")
        self.stdout.write(message % {"n": run.checked, "s": run.seconds})
        if run.checkpoint:
            self.stdout.write(_("Compared with checkpoint %(label)s.") % {"label": run.checkpoint})
        else:
            self.stdout.write(_("There was no checkpoint to compare with yet."))
        if run.written_checkpoint is not None:
            self.stdout.write(_("Checkpoint written: %(path)s") % {"path": run.written_checkpoint})

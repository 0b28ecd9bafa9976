"""manage.py audit_checkpoint: verify the trail against the latest checkpoint and, when it is intact, write the
next one to the checkpoint store (settings.AUDIT_CHECKPOINT_DIR). --verify-store checks every file of the store
(signatures, numbering, links) instead. The periodic job (audit.tasks.audit_checkpoint_task) does the same."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit import checkpoints
from audit.findings import describe
from audit.verification import checkpoint_after, verify_trail


class Command(BaseCommand):
    help = "Write a signed checkpoint of every audit chain's head and count (after verifying the trail)."

    def add_arguments(self, parser):
        parser.add_argument("--verify-store", action="store_true", help="Check every file of the checkpoint store.")

    def handle(self, *args, verify_store=False, **options):
        if verify_store:
            problems = checkpoints.verify_store()
            if problems:
                raise CommandError("\n".join(describe(problem) for problem in problems))
            self.stdout.write(_("The checkpoint store is whole."))
            return
        result, store = verify_trail()
        if result.findings:
            raise CommandError("\n".join(describe(finding) for finding in result.findings))
        written = checkpoint_after(result, store)
        if written is None:
            self.stdout.write(_("Nothing changed since checkpoint %(label)s.") % {"label": store.label})
        else:
            self.stdout.write(_("Checkpoint written: %(path)s") % {"path": written})

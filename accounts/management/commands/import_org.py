from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.import_template import write_template
from accounts.importers import ImportRefused, import_workbook


class Command(BaseCommand):
    help = "Import organisations, people and roles from an .xlsx file; any bad row imports nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xlsx file (sheets 组织, 人员, 角色)")
        parser.add_argument("--template", action="store_true", help="write an empty template to PATH instead")

    def handle(self, *args, path, template, **options):
        if template:
            write_template(path)
            self.stdout.write(_("Template written to %(path)s.") % {"path": path})
            return
        try:
            counts = import_workbook(path)
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(str(error))
            raise CommandError(_("Nothing was imported: %(n)d problems found.") % {"n": len(refused.errors)}) from None
        except FileNotFoundError:
            raise CommandError(_("File not found: %(path)s") % {"path": path}) from None
        self.stdout.write(
            _("Imported %(o)d organisations, %(p)d people and %(m)d roles.")
            % {"o": counts["organisations"], "p": counts["people"], "m": counts["memberships"]}
        )

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from routines.content import FIXTURES_DIR, load_content


class Command(BaseCommand):
    help = "Add the content library from fixtures/ (missing items only; editors' changes are never overwritten)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(FIXTURES_DIR), help="Folder with the content JSON files.")

    def handle(self, *args, **options):
        try:
            report = load_content(options["dir"])
        except (ValidationError, KeyError, FileNotFoundError, ValueError) as error:
            raise CommandError(f"The content library could not be loaded, nothing was changed: {error}") from error
        for line in report.lines():
            self.stdout.write(line)

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workplaces import os2mo

LABELS = {
    "areas_new": "nye områder",
    "areas_changed": "ændrede områder",
    "workplaces_new": "nye arbejdspladser",
    "workplaces_changed": "ændrede arbejdspladser",
    "people_new": "nye personer",
    "people_changed": "ændrede personer",
    "people_ended": "personer der mister adgang",
    "memberships_new": "nye medlemskaber",
    "memberships_changed": "ændrede medlemskaber",
    "memberships_ended": "afsluttede medlemskaber",
    "committees_new": "nye LokalMED",
    "committees_changed": "ændrede LokalMED",
}


class Command(BaseCommand):
    help = (
        "Importerer organisationen fra OS2mo's SafetyNet-udtræk (fire CSV-filer i MAPPE). "
        "Uden --apply vises kun, hvad der ville ske."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--apply", action="store_true", help="Gennemfør ændringerne.")

    def handle(self, *args: Any, folder: Path, apply: bool, **options: Any) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} er ikke en mappe.")
        rows, problems = os2mo.read_folder(folder)
        plan = None if os2mo.errors(problems) else os2mo.plan(rows)
        problems += plan.problems if plan else []
        warnings = os2mo.warnings(problems)
        if warnings:
            self.stdout.write(f"{len(warnings)} advarsler (importen kan godt gennemføres):")
            for warning in warnings:
                self.stdout.write(f"  {warning}")
        if rows.vacant_seats:
            self.stdout.write(f"Springes over: ledige pladser i MED: {rows.vacant_seats}")
        if found := os2mo.errors(problems):
            for problem in found:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(found)} fejl – intet er ændret.")
        for key, count in plan.counts().items():
            self.stdout.write(f"{count:>7}  {LABELS[key]}")
        if not apply:
            self.stdout.write("Prøvekørsel: intet er ændret. Brug --apply for at gennemføre.")
            return
        os2mo.apply(plan)
        self.stdout.write(self.style.SUCCESS("Importen er gennemført."))

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from workplaces.models import (
    Area,
    LocalCommittee,
    Membership,
    User,
    WorkEnvironmentGroup,
    Workplace,
)

Role = Membership.Role
Kind = Workplace.Kind
PASSWORD = "demo"  # noqa: S105 -- the documented demo password; the command refuses DEBUG=0

FIRST_NAMES = [
    "Anne", "Bente", "Camilla", "Dorthe", "Emil", "Frederik", "Gitte", "Hanne", "Ida", "Jens",
    "Karen", "Lars", "Mette", "Niels", "Oliver", "Pia", "Rasmus", "Sofie", "Tina", "Ulla",
    "Vibeke", "William", "Yasmin", "Zainab",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen",
]  # fmt: skip

# (slug, name, area, kind, manager username, AMiR, TR, employee usernames)
WORKPLACES = [
    ("plejecenter-solhoj", "Plejecenter Solhøj", "Sundhed og Omsorg", Kind.STATIONARY,
     "leder", "amir", "tr", [f"medarbejder{i}" for i in range(1, 13)]),
    ("hjemmeplejen-nord", "Hjemmeplejen Nord", "Sundhed og Omsorg", Kind.MOBILE,
     "leder2", "amir2", None, [f"medarbejder{i}" for i in range(21, 33)]),
    ("hjemmeplejen-syd", "Hjemmeplejen Syd", "Sundhed og Omsorg", Kind.MOBILE,
     "leder3", None, None, []),
    ("borgerservice", "Borgerservice, Rådhuset", "Borger og Arbejdsmarked", Kind.STATIONARY,
     "leder4", None, None, []),
    ("bornehuset-maelkeboetten", "Børnehuset Mælkebøtten", "Børn og Unge", Kind.STATIONARY,
     "leder5", None, None, []),
    ("vej-og-park", "Vej og Park", "Teknik og Miljø", Kind.MOBILE, "leder6", None, None, []),
]  # fmt: skip


class Command(BaseCommand):
    help = "Opretter Demo Kommune med arbejdspladser og demo-logins (adgangskode: demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Gør intet, hvis der allerede er data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo opretter brugere med en kendt adgangskode og kører kun med DEBUG=1."
            )
        if options["if_empty"] and Workplace.objects.exists():
            self.stdout.write("Der er allerede data; demo-data springes over.")
            return
        with transaction.atomic():
            seed_demo()
            # Each annex app may add its demo content in <app>/demo.py: seed().
            for app in apps.get_app_configs():
                if module_has_submodule(app.module, "demo"):
                    import_module(f"{app.name}.demo").seed()
        self.stdout.write(self.style.SUCCESS("Demo Kommune er klar. Adgangskode: demo"))


def _user(username: str, index: int, **extra: Any) -> User:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[index % len(LAST_NAMES)]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo-kommune.dk",
            **extra,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_demo() -> None:
    """Build Demo Kommune; safe to run again (everything is looked up before it is made)."""
    municipality, _ = Area.objects.get_or_create(name="Demo Kommune", parent=None)
    _user("hr", 99, is_hr_admin=True, first_name="Helle", last_name="Rask")
    counter = 0
    by_slug: dict[str, tuple[Workplace, dict[str, User]]] = {}
    for slug, name, area_name, kind, manager, amir, tr, employees in WORKPLACES:
        area, _ = Area.objects.get_or_create(name=area_name, parent=municipality)
        workplace, _ = Workplace.objects.get_or_create(
            slug=slug, defaults={"name": name, "area": area, "kind": kind}
        )
        people: dict[str, User] = {}
        for username, role in [
            (manager, Role.MANAGER),
            (amir, Role.AMIR),
            (tr, Role.TR),
            *[(e, Role.EMPLOYEE) for e in employees],
        ]:
            if username is None:
                continue
            counter += 1
            people[username] = user = _user(username, counter)
            Membership.objects.update_or_create(
                user=user, workplace=workplace, defaults={"role": role}
            )
        by_slug[slug] = (workplace, people)

    solhoj, _ = by_slug["plejecenter-solhoj"]
    nord, _ = by_slug["hjemmeplejen-nord"]
    syd, _ = by_slug["hjemmeplejen-syd"]
    # Committees: Solhøj has its own; one LokalMED and one AMG cover both home-care units,
    # so leder2 and amir2 also work on Hjemmeplejen Syd (access.COMMITTEE).
    for name, kind, workplaces, members in [
        ("LokalMED Plejecenter Solhøj", LocalCommittee, [solhoj], ["leder", "amir", "tr"]),
        ("AMG Plejecenter Solhøj", WorkEnvironmentGroup, [solhoj], ["leder", "amir"]),
        ("LokalMED Hjemmeplejen", LocalCommittee, [nord, syd], ["leder2", "amir2"]),
        ("AMG Hjemmeplejen", WorkEnvironmentGroup, [nord, syd], ["leder2", "amir2"]),
    ]:
        committee, _ = kind.objects.get_or_create(name=name)
        committee.workplaces.add(*workplaces)
        committee.members.add(*User.objects.filter(username__in=members))
    for slug in ("borgerservice", "bornehuset-maelkeboetten", "vej-og-park"):
        workplace, people = by_slug[slug]
        committee, _ = LocalCommittee.objects.get_or_create(name=f"LokalMED {workplace.name}")
        committee.workplaces.add(workplace)
        committee.members.add(*people.values())

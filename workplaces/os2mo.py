"""Import of the organisation from OS2mo's SafetyNet export: four CSV reports.

`read_files` parses the reports, names each person by a keyed hash of their CPR number
(`person_key`) and drops every CPR number: what comes out (`Rows`) may be stored and
logged. One row of adm-engagements.csv is one engagement; all rows with the same CPR
number are one person. `plan` compares those rows with the database and returns every
change without writing; `apply` writes a plan in one transaction. Running the same files
twice plans nothing the second time.
"""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stressprogram.middleware import clean_name
from workplaces.models import (
    RESERVED_SLUGS,
    Area,
    FunctionRole,
    ImportBatch,
    LocalCommittee,
    Membership,
    User,
    Workplace,
)

Role = Membership.Role

UNITS = "adm-org-units.csv"
ENGAGEMENTS = "adm-engagements.csv"
MED_UNITS = "med-org-units.csv"
MED_ASSOCIATIONS = "med-associations.csv"
COLUMNS = {
    UNITS: ["Afdelingsnavn", "Afdelingskode", "Forældreafdelingskode", "Pnummer"],
    ENGAGEMENTS: [
        "Medarbejdernummer", "CPR", "Fornavn", "Efternavn", "Mail", "Afdelingskode",
        "Startdato", "Slutdato", "LedersMedarbejdernummer", "Brugernavn", "Titel", "Faggruppe",
    ],
    MED_UNITS: ["Afdelingsnavn", "Afdelingskode", "Forældreafdelingskode"],
    MED_ASSOCIATIONS: ["CPR", "Afdelingskode", "Startdato", "Slutdato", "Hverv",
                       "Hovedorganisation"],
}  # fmt: skip
LINK_COLUMN = "Arbejdsmiljøorganisationkode"  # optional: missing in older exports
MANAGER_CPR_COLUMN = "LedersCPR"  # optional: only when the municipality turns it on
RANK = {Role.EMPLOYEE: 0, Role.TR: 1, Role.AMIR: 2, Role.MANAGER: 3}


def person_key(cpr: str) -> str:
    """A keyed hash of a CPR number: knows a person again without keeping the number.

    The key is OS2MO_PERSON_KEY, or else SECRET_KEY, so the database alone gives nothing
    to test the few million possible CPR numbers against."""
    secret = settings.OS2MO_PERSON_KEY or settings.SECRET_KEY
    cpr = cpr.replace("-", "").replace(" ", "")
    return salted_hmac("os2mo.person", cpr, secret=secret, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    warning: bool = False  # shown, but the import still runs

    def __str__(self) -> str:
        where = f"{self.file}, linje {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def _warning(file: str, line: int | None, message: str) -> Problem:
    return Problem(file, line, message, warning=True)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.warning]


@dataclass
class Rows:
    """The export without CPR numbers, as plain data (stored on ImportBatch as JSON)."""

    units: list[dict[str, Any]] = field(default_factory=list)
    engagements: list[dict[str, Any]] = field(default_factory=list)
    med_units: list[dict[str, Any]] = field(default_factory=list)
    med_associations: list[dict[str, Any]] = field(default_factory=list)
    has_links: bool = False
    vacant_seats: int = 0  # MED seats without a person: skipped, counted for the dry run
    warnings: list[list[Any]] = field(default_factory=list)  # [file, line, message]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Rows":
        return cls(**data)

    def read_warnings(self) -> list[Problem]:
        return [_warning(*w) for w in self.warnings]


# Reading ---------------------------------------------------------------------------


def _table(name: str, data: bytes, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """Rows of one report with their line numbers; `||`, `;` or `,` separated, BOM or not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(name, None, _("Filen er ikke gemt som UTF-8.")))
        return []
    header = text.partition("\n")[0]
    if not header.strip():
        problems.append(Problem(name, 1, _("Filen er tom – første linje skal have kolonnenavne.")))
        return []
    if "||" in header:
        # OS2mo writes with csv.DictWriter(delimiter="|", quoting=QUOTE_NONE,
        # escapechar="\\") and then doubles every "|": undo the doubling, let csv unescape.
        reader = csv.reader(
            io.StringIO(text.replace("||", "|"), newline=""),
            delimiter="|", quoting=csv.QUOTE_NONE, escapechar="\\",
        )  # fmt: skip
    else:
        delimiter = ";" if header.count(";") >= header.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:  # e.g. a NUL byte: not a text file
        problems.append(
            Problem(
                name, reader.line_num, _("Kan ikke læses som CSV: %(error)s") % {"error": error}
            )
        )
        return []
    names = [n.strip() for n in records[0][1]]
    missing = [c for c in COLUMNS[name] if c not in names]
    if missing:
        problems.append(
            Problem(name, 1, _("Mangler kolonnen %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return []
    rows = []
    for number, record in records[1:]:
        if not any(value.strip() for value in record):
            continue
        if len(record) != len(names):
            problems.append(
                Problem(
                    name,
                    number,
                    _("Har %(found)s felter, men overskriften har %(expected)s.")
                    % {"found": len(record), "expected": len(names)},
                )
            )
            continue
        rows.append((number, {k: v.strip() for k, v in zip(names, record, strict=True)}))
    return rows


def _date(value: str, column: str, where: tuple[str, int], problems: list[Problem]) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        problems.append(
            Problem(
                *where,
                _("Ugyldig dato i %(column)s: »%(value)s« (skal være ÅÅÅÅ-MM-DD).")
                % {"column": column, "value": value[:20]},
            )
        )
        return None


def read_files(files: dict[str, bytes]) -> tuple[Rows, list[Problem]]:
    """Parse the four reports; CPR numbers become person keys here and are forgotten."""
    problems = [Problem(name, None, _("Filen mangler.")) for name in COLUMNS if name not in files]
    tables = {name: _table(name, files[name], problems) for name in COLUMNS if name in files}
    rows = Rows()
    units = _read_units(tables.get(UNITS, []), rows, problems)
    _read_engagements(tables.get(ENGAGEMENTS, []), units, rows, problems)
    _read_med(tables, rows, problems)
    rows.warnings = [[p.file, p.line, p.message] for p in warnings(problems)]
    return rows, problems


def _read_units(table: list, rows: Rows, problems: list[Problem]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for line, record in table:
        code = record["Afdelingskode"]
        if not code:
            problems.append(Problem(UNITS, line, _("Afdelingskode mangler.")))
        elif code in lines:
            problems.append(Problem(UNITS, line, _dupe(lines[code])))
        else:
            lines[code] = line
            links = [c.strip() for c in record.get(LINK_COLUMN, "").split(",") if c.strip()]
            rows.units.append(
                {
                    "code": code,
                    "name": record["Afdelingsnavn"] or code,
                    "parent": record["Forældreafdelingskode"] or None,
                    "links": links,
                    "line": line,
                }
            )
    rows.has_links = bool(table) and LINK_COLUMN in table[0][1]
    # An export may start below the municipality's root: its top lands under the municipality.
    for unit in rows.units:
        if unit["parent"] and unit["parent"] not in lines:
            message = _(
                "Forældreafdelingen %(code)s er ikke med i filen – afdelingen lægges direkte "
                "under kommunen."
            )
            problems.append(_warning(UNITS, unit["line"], message % {"code": unit["parent"]}))
            unit["parent"] = None
    return lines


def _read_engagements(
    table: list, units: dict[str, int], rows: Rows, problems: list[Problem]
) -> None:
    """Engagements into `rows`, each naming its person and its manager by person key."""
    seen: dict[tuple[str, str, str, str | None], int] = {}
    manager_cprs: dict[int, str] = {}  # line -> the manager's person key, if LedersCPR is on
    for line, record in table:
        where = (ENGAGEMENTS, line)
        number = record["Medarbejdernummer"]
        if not number:
            problems.append(Problem(*where, _("Medarbejdernummer mangler.")))
            continue
        # Without a CPR number (rare: no Danish CPR) the employee number names the person.
        person = person_key(record["CPR"]) if record["CPR"] else f"nr-{number}"
        starts = _date(record["Startdato"], "Startdato", where, problems)
        ends = _date(record["Slutdato"], "Slutdato", where, problems)
        key = (person, number, record["Afdelingskode"], starts)
        if key in seen:
            problems.append(Problem(*where, _dupe(seen[key])))
            continue
        seen[key] = line
        if record["Afdelingskode"] not in units:
            code = record["Afdelingskode"] or "–"
            problems.append(Problem(*where, _("Ukendt afdeling %(code)s.") % {"code": code}))
        if record.get(MANAGER_CPR_COLUMN):
            manager_cprs[line] = person_key(record[MANAGER_CPR_COLUMN])
        rows.engagements.append(
            {
                "number": number,
                "person": person,
                "first_name": record["Fornavn"],
                "last_name": record["Efternavn"],
                "email": record["Mail"],
                "unit": record["Afdelingskode"],
                "starts": starts,
                "ends": ends,
                "manager": record["LedersMedarbejdernummer"] or None,
                "username": record["Brugernavn"],
                "line": line,
            }
        )
    _check_people(rows.engagements, manager_cprs, problems)


def _check_people(
    engagements: list[dict[str, Any]], manager_cprs: dict[int, str], problems: list[Problem]
) -> None:
    """One e-mail address per person; each engagement's manager as a person key."""
    people_by_number: dict[str, dict[str, int]] = defaultdict(dict)  # number -> person -> line
    for engagement in engagements:
        people_by_number[engagement["number"]].setdefault(engagement["person"], engagement["line"])
    persons = {e["person"] for e in engagements}
    email_owner: dict[str, tuple[str, int]] = {}
    for engagement in engagements:
        where = (ENGAGEMENTS, engagement["line"])
        # SD numbers lose their institution prefix in the export, so two people may share
        # one: they stay two people, and the number alone never names a manager.
        others = [
            line for p, line in people_by_number[engagement["number"]].items()
            if p != engagement["person"]
        ]  # fmt: skip
        if others:
            message = _(
                "Medarbejdernummer %(number)s bruges også af en anden person på linje %(line)s "
                "– de holdes adskilt."
            )
            values = {"number": engagement["number"], "line": others[0]}
            problems.append(_warning(*where, message % values))
        engagement["manager_person"], engagement["manager_candidates"] = _manager(
            engagement, manager_cprs, people_by_number, persons, problems
        )
        email = engagement["email"].lower()
        owner = email_owner.setdefault(email, (engagement["person"], engagement["line"]))
        if email and owner[0] != engagement["person"]:
            problems.append(
                Problem(
                    *where,
                    _("E-mailadressen bruges også af en anden person på linje %(line)s.")
                    % {"line": owner[1]},
                )
            )


def _manager(
    engagement: dict[str, Any],
    manager_cprs: dict[int, str],
    people_by_number: dict[str, dict[str, int]],
    persons: set[str],
    problems: list[Problem],
) -> tuple[str | None, list[str]]:
    """The manager named on an engagement's row (None, with a warning, if not known for
    sure), and everyone the row may name: they may be the manager of the row's unit."""
    number = engagement["manager"]
    if not number:
        return None, []
    where = (ENGAGEMENTS, engagement["line"])
    by_cpr = manager_cprs.get(engagement["line"])
    if by_cpr is None:
        candidates = list(people_by_number.get(number, ()))
    else:  # LedersCPR says who, even when someone in the file has the same number
        candidates = [by_cpr] if by_cpr in persons else []
    if len(candidates) == 1:
        return candidates[0], candidates
    if candidates:
        message = _(
            "Lederen med medarbejdernummer %(number)s kan ikke afgøres: nummeret bruges af "
            "flere personer (slå LedersCPR til i OS2mo)."
        )
    else:  # e.g. a director above a subtree export
        message = _("Lederen med medarbejdernummer %(number)s findes ikke i filen.")
    problems.append(_warning(*where, message % {"number": number}))
    return None, candidates


def _read_med(tables: dict[str, list], rows: Rows, problems: list[Problem]) -> None:
    lines: dict[str, int] = {}
    for line, record in tables.get(MED_UNITS, []):
        code = record["Afdelingskode"]
        if code in lines:
            problems.append(Problem(MED_UNITS, line, _dupe(lines[code])))
            continue
        lines[code] = line
        rows.med_units.append({"code": code, "name": record["Afdelingsnavn"] or code})
    persons = {e["person"] for e in rows.engagements}
    for line, record in tables.get(MED_ASSOCIATIONS, []):
        where = (MED_ASSOCIATIONS, line)
        if not record["CPR"]:  # a vacant seat
            rows.vacant_seats += 1
            continue
        person = person_key(record["CPR"])
        if person not in persons:
            # Never the CPR number itself in a message: the line says which row it is.
            problems.append(_warning(*where, _("Personen findes ikke i adm-engagements.csv.")))
        elif record["Afdelingskode"] not in lines:
            code = record["Afdelingskode"] or "–"
            problems.append(Problem(*where, _("Ukendt MED-enhed %(code)s.") % {"code": code}))
        else:
            rows.med_associations.append(
                {
                    "person": person,
                    "unit": record["Afdelingskode"],
                    "starts": _date(record["Startdato"], "Startdato", where, problems),
                    "ends": _date(record["Slutdato"], "Slutdato", where, problems),
                    "function": record["Hverv"],
                }
            )
    problems += [
        Problem(
            UNITS,
            unit["line"],
            _("Ukendt MED-enhed %(code)s i %(column)s.") % {"code": code, "column": LINK_COLUMN},
        )
        for unit in rows.units
        for code in unit["links"]
        if code not in lines
    ]


def _dupe(first_line: int) -> str:
    return _("Dubletrække – samme som linje %(line)s.") % {"line": first_line}


def read_folder(folder: Path) -> tuple[Rows, list[Problem]]:
    """The four reports from a folder (the nightly drop or the command line)."""
    return read_files({p.name: p.read_bytes() for p in folder.iterdir() if p.name in COLUMNS})


# Planning --------------------------------------------------------------------------


@dataclass
class Plan:
    """What an import will change; `apply` carries it out."""

    areas_new: list[dict[str, Any]] = field(default_factory=list)
    areas_changed: list[tuple[Area, dict[str, Any]]] = field(default_factory=list)
    workplaces_new: list[dict[str, Any]] = field(default_factory=list)
    workplaces_changed: list[tuple[Workplace, dict[str, Any]]] = field(default_factory=list)
    people_new: list[dict[str, Any]] = field(default_factory=list)
    people_changed: list[tuple[User, dict[str, Any]]] = field(default_factory=list)
    people_ended: list[User] = field(default_factory=list)
    memberships_new: list[dict[str, Any]] = field(default_factory=list)
    memberships_changed: list[tuple[Membership, dict[str, Any]]] = field(default_factory=list)
    memberships_ended: list[Membership] = field(default_factory=list)
    committees_new: list[dict[str, Any]] = field(default_factory=list)
    committees_changed: list[tuple[LocalCommittee, dict[str, Any]]] = field(default_factory=list)
    # Committees (new or changed) whose covered workplaces (None: HR's) and members to set.
    committee_links: dict[str, tuple[set[str] | None, set[str]]] = field(default_factory=dict)
    links_changed: int = 0
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "areas_new": len(self.areas_new),
            "areas_changed": len(self.areas_changed),
            "workplaces_new": len(self.workplaces_new),
            "workplaces_changed": len(self.workplaces_changed),
            "people_new": len(self.people_new),
            "people_changed": len(self.people_changed),
            "people_ended": len(self.people_ended),
            "memberships_new": len(self.memberships_new),
            "memberships_changed": len(self.memberships_changed),
            "memberships_ended": len(self.memberships_ended),
            "committees_new": len(self.committees_new),
            "committees_changed": len(self.committees_changed) + self.links_changed,
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts().values())

    def summary(self, limit: int = 30) -> dict[str, list[str]]:
        """A few names per kind of change, for the dry-run page."""

        def names(items: Iterable[Any], label: Any) -> list[str]:
            return [label(item) for item in list(items)[:limit]]

        return {
            "workplaces_new": names(self.workplaces_new, lambda w: w["name"]),
            "workplaces_changed": names(self.workplaces_changed, lambda c: c[0].name),
            "people_new": names(self.people_new, lambda p: f"{p['first_name']} {p['last_name']}"),
            "people_changed": names(self.people_changed, lambda c: c[0].get_full_name()),
            "people_ended": names(self.people_ended, lambda u: u.get_full_name()),
            "memberships_ended": names(
                self.memberships_ended, lambda m: f"{m.user.get_full_name()} – {m.workplace}"
            ),
        }


def _changes(obj: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if getattr(obj, k) != v}


def _danish_slug(name: str) -> str:
    for letter, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.lower().replace(letter, ascii_)
    slug = slugify(name)[:60] or "arbejdsplads"
    return f"{slug}-1" if slug in RESERVED_SLUGS else slug


def plan(rows: Rows, *, today: date | None = None) -> Plan:
    """Compare the export with the database; nothing is written."""
    today = today or timezone.localdate()
    result = Plan()
    org = _Organisation(rows)
    _plan_units(org, result)
    users = _plan_people(rows, result)
    memberships = _wanted_memberships(rows, org, today)
    _plan_memberships(memberships, users, org, result, today)
    _plan_committees(rows, org, today, result)
    return result


class _Organisation:
    """The unit tree, each unit's manager, and which units are workplaces.

    OS2mo's exporter names on each engagement row the manager of the row's unit, except on
    the manager's own row, which names the manager of the parent unit; a unit without a
    manager of its own names the nearest manager above. So a row whose person is named as
    manager in the unit or below it is a manager's own row, and does not say who manages
    the unit. Units whose rows are all managers' own rows (a director's, the root's) are
    areas, unless HR has said otherwise on the area in the admin.
    """

    def __init__(self, rows: Rows) -> None:
        self.units = {u["code"]: u for u in rows.units}
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for unit in rows.units:
            self.children[unit["parent"]].append(unit["code"])
        by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
        named_in: dict[str, set[str]] = defaultdict(set)  # unit -> managers named on its rows
        for engagement in rows.engagements:
            by_unit[engagement["unit"]].append(engagement)
            named_in[engagement["unit"]].update(
                set(engagement["manager_candidates"]) - {engagement["person"]}
            )
        named_below = self._named_below(named_in)
        self.manager: dict[str, str | None] = {}
        staffed = set()
        for code, engagements in by_unit.items():
            own = {e["person"] for e in engagements if e["person"] in named_below.get(code, ())}
            votes = Counter(
                e["manager_person"]
                for e in engagements
                if e["person"] not in own and e["manager_person"] not in (None, e["person"])
            )
            # The most named (sorted first on a tie, so every run agrees), else its one manager.
            ranked = sorted(votes.items(), key=lambda vote: (-vote[1], vote[0]))
            self.manager[code] = ranked[0][0] if ranked else (min(own) if len(own) == 1 else None)
            if any(e["person"] not in own or e["person"] in named_in[code] for e in engagements):
                staffed.add(code)
        overrides = dict(
            Area.objects.filter(code__in=self.units, is_workplace__isnull=False).values_list(
                "code", "is_workplace"
            )
        )
        self.is_workplace = {code: overrides.get(code, code in staffed) for code in self.units}

    def _named_below(self, named_in: dict[str, set[str]]) -> dict[str, set[str]]:
        """Unit -> the managers named on the rows of the unit and of every unit below it."""
        below: dict[str, set[str]] = {}
        order, stack = [], list(self.children[None])
        while stack:  # parents before children; walked backwards, children come first
            code = stack.pop()
            order.append(code)
            stack.extend(self.children.get(code, ()))
        for code in reversed(order):
            below[code] = set(named_in.get(code, ())).union(
                *(below[child] for child in self.children.get(code, ()))
            )
        return below

    def area_of(self, code: str | None) -> str | None:
        """The nearest unit at or above `code` that is not itself a workplace."""
        while code is not None and self.is_workplace.get(code):
            code = self.units[code]["parent"]
        return code

    def workplaces_under(self, code: str) -> set[str]:
        found, stack = set(), [code]
        while stack:
            current = stack.pop()
            if self.is_workplace.get(current):
                found.add(current)
            stack.extend(self.children.get(current, ()))
        return found


def _plan_units(org: _Organisation, result: Plan) -> None:
    areas = {a.code: a for a in Area.objects.filter(code__isnull=False).select_related("parent")}
    workplaces = {
        w.code: w for w in Workplace.objects.filter(code__isnull=False).select_related("area")
    }
    for code, unit in org.units.items():
        name = unit["name"][:200]
        parent_code = org.area_of(unit["parent"])
        existing = workplaces.get(code) if org.is_workplace[code] else areas.get(code)
        if existing is None:
            new = {"code": code, "name": name, "parent_code": parent_code}
            (result.workplaces_new if org.is_workplace[code] else result.areas_new).append(new)
            continue
        current = existing.area if org.is_workplace[code] else existing.parent
        diff = _changes(existing, {"name": name})
        if (current.code if current else None) != parent_code:
            diff["parent_code"] = parent_code
        if diff:
            changed = result.workplaces_changed if org.is_workplace[code] else result.areas_changed
            changed.append((existing, diff))


def _people(rows: Rows) -> dict[str, dict[str, Any]]:
    """Person key -> name, e-mail and user name (latest engagement) and employee number."""
    owners: dict[str, set[str]] = defaultdict(set)
    for engagement in rows.engagements:
        owners[engagement["number"]].add(engagement["person"])
    people: dict[str, dict[str, Any]] = {}
    for engagement in sorted(rows.engagements, key=lambda e: (e["starts"] or "", e["number"])):
        username = engagement["username"] or engagement["email"] or engagement["number"]
        person = people.setdefault(engagement["person"], {"employee_number": None})
        person.update(
            first_name=clean_name(engagement["first_name"])[:150],
            last_name=clean_name(engagement["last_name"])[:150],
            email=engagement["email"][:254],
            username=username[:150].lower(),
        )
        # Their first number that no one else has: single sign-on may find them by it.
        if person["employee_number"] is None and len(owners[engagement["number"]]) == 1:
            person["employee_number"] = engagement["number"]
    return people


def _plan_people(rows: Rows, result: Plan) -> dict[str, User]:
    """People new, changed and gone; returns the existing users by person key."""
    people = _people(rows)
    imported = Q(person_key__isnull=False) | Q(employee_number__isnull=False)
    known = list(User.objects.filter(imported))
    by_key = {u.person_key: u for u in known if u.person_key}
    # Imported before people had a key, or numbered by hand: known by employee number.
    by_number = {u.employee_number: u for u in known if u.employee_number and not u.person_key}
    users: dict[str, User] = {}
    for key, person in people.items():
        user = by_key.get(key) or by_number.pop(person["employee_number"], None)
        if user is not None:
            users[key] = user
    new = {k: p for k, p in people.items() if k not in users}
    # People made by hand before the first import are recognised by user name or e-mail.
    adoptable = User.objects.filter(employee_number__isnull=True, person_key__isnull=True).filter(
        Q(username__in=[p["username"] for p in new.values()])
        | Q(email__in=[p["email"] for p in new.values() if p["email"]])
    )
    by_name = {u.username: u for u in adoptable}
    by_email = {u.email.lower(): u for u in adoptable if u.email}
    for key, person in new.items():
        user = by_name.get(person["username"]) or by_email.get(person["email"].lower())
        if user is not None and user not in users.values():
            users[key] = user
    emails = [p["email"].lower() for p in people.values() if p["email"]]
    owners = {
        u.email.lower(): u
        for u in User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
    }
    for key, person in people.items():
        user = users.get(key)
        owner = owners.get(person["email"].lower())
        if owner is not None and owner != user:
            result.problems.append(
                Problem(
                    ENGAGEMENTS,
                    None,
                    _("%(email)s tilhører allerede en anden bruger (%(owner)s).")
                    % {"email": person["email"], "owner": owner.username},
                )
            )
        if user is None:
            result.people_new.append({"person_key": key, **person})
            continue
        wanted = {k: person[k] for k in ("first_name", "last_name", "email", "employee_number")}
        if diff := _changes(user, {**wanted, "person_key": key, "is_active": True}):
            result.people_changed.append((user, diff))
    matched = {u.pk for u in users.values()}
    gone = [u for u in known if u.pk not in matched]
    numbers = {p["employee_number"] for p in people.values()}
    # Someone gone whose employee number is now another person's gives it up.
    result.people_changed += [(u, {"employee_number": None}) for u in gone
                              if u.employee_number in numbers]  # fmt: skip
    result.people_ended = [u for u in gone if u.is_active and not u.is_hr_admin]
    return users


def _wanted_memberships(
    rows: Rows, org: _Organisation, today: date
) -> dict[tuple[str, str], dict[str, Any]]:
    """(person key, workplace code) -> role and dates, from engagements, managers and MED."""
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for engagement in rows.engagements:
        if not org.is_workplace.get(engagement["unit"]):
            continue
        ends = engagement["ends"] or OPEN
        entry = wanted.get((engagement["person"], engagement["unit"]))
        if entry is None:
            wanted[(engagement["person"], engagement["unit"])] = {
                "role": Role.EMPLOYEE, "starts": engagement["starts"], "ends": ends,
            }  # fmt: skip
        else:  # several engagements in one unit: from the first start to the last end
            entry["starts"] = min(
                filter(None, [entry["starts"], engagement["starts"]]), default=None
            )
            entry["ends"] = OPEN if OPEN in (entry["ends"], ends) else max(entry["ends"], ends)
    for unit, manager in org.manager.items():
        if manager and org.is_workplace.get(unit):
            entry = wanted.setdefault((manager, unit), {"starts": None, "ends": OPEN})
            entry["role"] = Role.MANAGER
    roles = {f.lower(): r for f, r in FunctionRole.objects.values_list("function", "role")}
    covered = _covered(rows, org)
    for association in _current(rows.med_associations, today):
        role = roles.get(association["function"].lower())
        for workplace in covered.get(association["unit"], ()) if role else ():
            entry = wanted.get((association["person"], workplace))
            if entry and RANK[role] > RANK[entry["role"]]:
                entry["role"] = role
    return wanted


OPEN = "open"  # an engagement without an end date


def _covered(rows: Rows, org: _Organisation) -> dict[str, set[str]]:
    """MED unit -> the workplaces linked to it (a linked unit and the workplaces under it)."""
    covered: dict[str, set[str]] = defaultdict(set)
    for unit in rows.units:
        for link in unit["links"]:
            covered[link] |= org.workplaces_under(unit["code"])
    return covered


def _current(associations: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    day = today.isoformat()
    return [a for a in associations if (a["starts"] or "") <= day and (a["ends"] or day) >= day]


def _plan_memberships(
    wanted: dict[tuple[str, str], dict[str, Any]],
    users: dict[str, User],
    org: _Organisation,
    result: Plan,
    today: date,
) -> None:
    key_of = {user.pk: key for key, user in users.items()}
    existing = {
        (key_of.get(m.user_id), m.workplace.code): m
        for m in Membership.objects.select_related("user", "workplace").filter(
            Q(imported=True) | Q(user__in=key_of, workplace__code__in=org.units)
        )
    }
    for key, entry in wanted.items():
        values = {
            "role": entry["role"],
            "starts_on": date.fromisoformat(entry["starts"]) if entry["starts"] else None,
            "ends_on": None if entry["ends"] == OPEN else date.fromisoformat(entry["ends"]),
            "imported": True,
        }
        membership = existing.get(key)
        if membership is None:
            result.memberships_new.append({"person": key[0], "unit": key[1], **values})
        elif diff := _changes(membership, values):
            result.memberships_changed.append((membership, diff))
    yesterday = today - timedelta(days=1)
    result.memberships_ended = [
        m
        for key, m in existing.items()
        if key not in wanted and m.imported and (m.ends_on is None or m.ends_on > yesterday)
    ]


def _plan_committees(rows: Rows, org: _Organisation, today: date, result: Plan) -> None:
    covered = _covered(rows, org)
    members: dict[str, set[str]] = defaultdict(set)
    for association in _current(rows.med_associations, today):
        members[association["unit"]].add(association["person"])
    links = {
        u["code"]: (covered.get(u["code"], set()) if rows.has_links else None, members[u["code"]])
        for u in rows.med_units
    }
    committees = {c.code: c for c in LocalCommittee.objects.filter(code__in=links)}
    changed_links = _changed_links(links)
    for unit in rows.med_units:
        code, name = unit["code"], unit["name"][:200]
        committee = committees.get(code)
        if committee is None:
            result.committees_new.append({"code": code, "name": name})
            result.committee_links[code] = links[code]
            continue
        if committee.name != name:
            result.committees_changed.append((committee, {"name": name}))
        if code in changed_links:
            result.committee_links[code] = links[code]
            result.links_changed += 1


def _changed_links(links: dict[str, tuple[set[str] | None, set[str]]]) -> set[str]:
    """Codes of existing committees whose workplaces or members differ from the export."""
    current_workplaces: dict[str, set[str]] = defaultdict(set)
    current_members: dict[str, set[str]] = defaultdict(set)
    for code, workplace in LocalCommittee.workplaces.through.objects.filter(
        localcommittee__code__in=links
    ).values_list("localcommittee__code", "workplace__code"):
        current_workplaces[code].add(workplace)
    for code, person in LocalCommittee.members.through.objects.filter(
        localcommittee__code__in=links
    ).values_list("localcommittee__code", "user__person_key"):
        current_members[code].add(person)
    return {
        code
        for code, (workplaces, members) in links.items()
        if (workplaces is not None and workplaces != current_workplaces[code])
        or members != current_members[code]
    }


# Applying --------------------------------------------------------------------------


def apply(plan_: Plan, *, today: date | None = None) -> dict[str, int]:
    """Carry out a plan in one transaction; returns its counts."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _apply_units(plan_)
        _apply_people(plan_)
        _apply_memberships(plan_, today)
        _apply_committees(plan_)
    return plan_.counts()


def _apply_units(plan_: Plan) -> None:
    root, _created = Area.objects.get_or_create(name=settings.MUNICIPALITY_NAME, parent=None)
    areas = {a.code: a for a in Area.objects.filter(code__isnull=False)}
    new = Area.objects.bulk_create(Area(code=a["code"], name=a["name"]) for a in plan_.areas_new)
    areas.update({a.code: a for a in new})
    # Parents are set once every area exists, since a parent may be new too.
    parents = {a["code"]: a["parent_code"] for a in plan_.areas_new}
    for area, diff in plan_.areas_changed:
        area.name = diff.get("name", area.name)
        parents.setdefault(
            area.code, diff.get("parent_code", area.parent.code if area.parent else None)
        )
    for code, parent_code in parents.items():
        areas[code].parent = areas.get(parent_code, root)
    Area.objects.bulk_update([areas[code] for code in parents], ["name", "parent"], batch_size=500)

    taken = set(Workplace.objects.values_list("slug", flat=True))
    new_workplaces = []
    for w in plan_.workplaces_new:
        slug = base = _danish_slug(w["name"])
        counter = 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        area = areas.get(w["parent_code"], root)
        new_workplaces.append(Workplace(code=w["code"], name=w["name"], slug=slug, area=area))
    Workplace.objects.bulk_create(new_workplaces, batch_size=500)
    for workplace, diff in plan_.workplaces_changed:
        workplace.name = diff.get("name", workplace.name)
        if "parent_code" in diff:
            workplace.area = areas.get(diff["parent_code"], root)
    Workplace.objects.bulk_update(
        [w for w, _diff in plan_.workplaces_changed], ["name", "area"], batch_size=500
    )


def _apply_people(plan_: Plan) -> None:
    wanted_names = [p["username"] for p in plan_.people_new]
    taken = set(User.objects.filter(username__in=wanted_names).values_list("username", flat=True))
    new = []
    for person in plan_.people_new:
        username = person["username"]
        if username in taken:
            suffix = person["employee_number"] or person["person_key"][:8]
            username = f"{username}-{suffix}"[:150]
        taken.add(username)
        fields = ("person_key", "employee_number", "first_name", "last_name", "email")
        user = User(username=username, **{k: person[k] for k in fields})
        user.set_unusable_password()
        new.append(user)
    changed = plan_.people_changed
    # Employee numbers are unique and may move from one person to another: free them first.
    User.objects.filter(pk__in=[u.pk for u, diff in changed if "employee_number" in diff]).update(
        employee_number=None
    )
    fields = sorted({name for _user, diff in changed for name in diff})
    for user, diff in changed:
        for name, value in diff.items():
            setattr(user, name, value)
    if fields:
        User.objects.bulk_update([u for u, _d in changed], fields, batch_size=1000)
    User.objects.bulk_create(new, batch_size=1000)
    User.objects.filter(pk__in=[u.pk for u in plan_.people_ended]).update(is_active=False)


def _ids() -> tuple[dict[str, int], dict[str, int]]:
    users = User.objects.filter(person_key__isnull=False)
    workplaces = Workplace.objects.filter(code__isnull=False)
    return (
        dict(users.values_list("person_key", "pk")),
        dict(workplaces.values_list("code", "pk")),
    )


def _apply_memberships(plan_: Plan, today: date) -> None:
    users, workplaces = _ids() if plan_.memberships_new else ({}, {})
    Membership.objects.bulk_create(
        (
            Membership(
                user_id=users[m["person"]],
                workplace_id=workplaces[m["unit"]],
                **{k: m[k] for k in ("role", "starts_on", "ends_on", "imported")},
            )
            for m in plan_.memberships_new
            if m["person"] in users
        ),
        batch_size=1000,
    )
    for membership, diff in plan_.memberships_changed:
        for name, value in diff.items():
            setattr(membership, name, value)
    Membership.objects.bulk_update(
        [m for m, _diff in plan_.memberships_changed],
        ["role", "starts_on", "ends_on", "imported"],
        batch_size=1000,
    )
    ended = [m.pk for m in plan_.memberships_ended]
    Membership.objects.filter(pk__in=ended).update(ends_on=today - timedelta(days=1))


def _apply_committees(plan_: Plan) -> None:
    LocalCommittee.objects.bulk_create(
        LocalCommittee(code=c["code"], name=c["name"]) for c in plan_.committees_new
    )
    for committee, diff in plan_.committees_changed:
        committee.name = diff["name"]
    LocalCommittee.objects.bulk_update([c for c, _d in plan_.committees_changed], ["name"])
    if not plan_.committee_links:
        return
    users, workplaces = _ids()
    committees = LocalCommittee.objects.filter(code__in=plan_.committee_links)
    for committee in committees:
        workplace_codes, numbers = plan_.committee_links[committee.code]
        if workplace_codes is not None:  # None: an older export, HR decides the coverage
            committee.workplaces.set([workplaces[w] for w in workplace_codes])
        committee.members.set([users[n] for n in numbers if n in users])


# Batches: the upload in the app, the command and the nightly folder share these ------------

MAX_PROBLEMS_SHOWN = 500


def _report(problems: list[Problem], rows: Rows, result: Plan | None) -> dict[str, Any]:
    """What the import page shows, the same for an upload and the nightly import."""
    found, cautions = errors(problems), warnings(problems)
    return {
        "problem_count": len(found),
        "problems": [str(p) for p in found[:MAX_PROBLEMS_SHOWN]],
        "warning_count": len(cautions),
        "warnings": [str(p) for p in cautions[:MAX_PROBLEMS_SHOWN]],
        "vacant_seats": rows.vacant_seats,
        "counts": result.counts() if result else {},
        "summary": result.summary() if result else {},
    }


def start_batch(files: dict[str, bytes], *, by: User | None, source: str) -> ImportBatch:
    """Parse the reports (CPR numbers are dropped here) and keep the rows for planning."""
    rows, problems = read_files(files)
    invalid = bool(errors(problems))
    return ImportBatch.objects.create(
        source=source,
        rows=rows.as_json(),
        report=_report(problems, rows, None),
        status=ImportBatch.Status.INVALID if invalid else ImportBatch.Status.PLANNING,
        progress=100 if invalid else 10,
        created_by=by,
    )


def _plan_rows(batch: ImportBatch) -> Plan:
    """Plan the batch's rows and keep the report: the rows' warnings and the plan's problems."""
    rows = Rows.from_json(batch.rows)
    result = plan(rows)
    batch.report = _report(rows.read_warnings() + result.problems, rows, result)
    return result


def plan_batch(batch: ImportBatch) -> Plan:
    """The dry run: what applying the batch would change now, and any problems."""
    result = _plan_rows(batch)
    invalid = bool(errors(result.problems))
    batch.status = ImportBatch.Status.INVALID if invalid else ImportBatch.Status.PLANNED
    batch.progress = 100
    batch.save(update_fields=["report", "status", "progress"])
    return result


def apply_batch(batch: ImportBatch) -> dict[str, int]:
    """Plan again against the database as it is now and apply it, all or nothing."""
    if batch.status not in (ImportBatch.Status.PLANNED, ImportBatch.Status.APPLYING):
        return {}
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.APPLYING, progress=50)
    try:
        with transaction.atomic():
            result = _plan_rows(batch)
            if errors(result.problems):
                batch.status = ImportBatch.Status.INVALID
                batch.progress = 100
                batch.save(update_fields=["report", "status", "progress"])
                return {}
            counts = apply(result)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, progress=100
        )
        raise
    batch.status = ImportBatch.Status.APPLIED
    batch.progress = 100
    batch.applied_at = timezone.now()
    batch.save(update_fields=["report", "status", "progress", "applied_at"])
    return counts

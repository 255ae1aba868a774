"""Writes OS2mo's SafetyNet export (four CSV reports) in its exact format, for the tests
and the benchmark. CPR numbers here are made up (day 01-12 of an impossible month 13+)."""

from dataclasses import dataclass, field
from pathlib import Path

from tests.workplaces.safetynet_writer import safetynet_report
from workplaces.os2mo import (
    COLUMNS,
    ENGAGEMENTS,
    LINK_COLUMN,
    MANAGER_CPR_COLUMN,
    MED_ASSOCIATIONS,
    MED_UNITS,
    UNITS,
)


@dataclass
class Export:
    units: list[dict] = field(default_factory=list)
    engagements: list[dict] = field(default_factory=list)
    med_units: list[dict] = field(default_factory=list)
    med_associations: list[dict] = field(default_factory=list)
    links: bool = True
    manager_cprs: bool = False  # the LedersCPR column, which a municipality may turn on

    def unit(self, code, name, parent="", links=""):
        self.units.append(
            {"Afdelingsnavn": name, "Afdelingskode": code, "Forældreafdelingskode": parent,
             "Pnummer": "1003456789", LINK_COLUMN: links}
        )  # fmt: skip

    def engagement(self, number, cpr, first, last, unit, *, start="2020-01-01", end="",
                   manager="", username="", mail="", manager_cpr=""):  # fmt: skip
        self.engagements.append(
            {"Medarbejdernummer": number, "CPR": cpr, "Fornavn": first, "Efternavn": last,
             "Mail": mail or f"{first.lower()}.{number}@kommune.dk", "Afdelingskode": unit,
             "Startdato": start, "Slutdato": end, "LedersMedarbejdernummer": manager,
             MANAGER_CPR_COLUMN: manager_cpr, "Brugernavn": username,
             "Titel": "Social- og sundhedsassistent", "Faggruppe": "FOA"}
        )  # fmt: skip

    def med_unit(self, code, name, parent=""):
        self.med_units.append(
            {"Afdelingsnavn": name, "Afdelingskode": code, "Forældreafdelingskode": parent}
        )

    def association(self, cpr, unit, function, *, start="2020-01-01", end=""):
        self.med_associations.append(
            {"CPR": cpr, "Afdelingskode": unit, "Startdato": start, "Slutdato": end,
             "Hverv": function, "Hovedorganisation": "FH"}
        )  # fmt: skip

    def files(self, *, sep: str = "||", bom: bool = False) -> dict[str, bytes]:
        tables = {
            UNITS: self.units, ENGAGEMENTS: self.engagements,
            MED_UNITS: self.med_units, MED_ASSOCIATIONS: self.med_associations,
        }  # fmt: skip
        out = {}
        for name, rows in tables.items():
            columns = self.columns(name)
            if sep == "||":
                out[name] = ("\ufeff" if bom else "").encode() + safetynet_report(columns, rows)
                continue
            lines = [sep.join(columns)]
            lines += [sep.join(row.get(c, "") for c in columns) for row in rows]
            text = "\n".join(lines) + "\n"
            out[name] = ("\ufeff" if bom else "").encode() + text.encode()
        return out

    def columns(self, name: str) -> list[str]:
        """The exporter's column order: LedersCPR after LedersMedarbejdernummer, if on."""
        columns = COLUMNS[name] + ([LINK_COLUMN] if name == UNITS and self.links else [])
        if name == ENGAGEMENTS and self.manager_cprs:
            columns.insert(columns.index("LedersMedarbejdernummer") + 1, MANAGER_CPR_COLUMN)
        return columns

    def write(self, folder: Path, **options) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files(**options).items():
            (folder / name).write_bytes(data)
        return folder


CPR = {
    "anne": "0113701234",
    "bo": "0213711234",
    "carl": "0313721234",
    "dorthe": "0413731234",
    "erik": "0513741234",
    "mette": "0613751234",
    "niels": "0713761234",
    "tove": "0813771234",
    "dan": "0913781234",
    "birgit": "1013791234",
    "lise": "1113801234",
    "pernille": "1213811234",
    "pia": "0114821234",
}


def small_export() -> Export:
    """Sundhed og Omsorg with Plejecenter Solhøj (and its kitchen) and Hjemmeplejen Nord."""
    export = Export()
    export.unit("u-root", "Demo Kommune")
    export.unit("u-health", "Sundhed og Omsorg", "u-root")
    export.unit("u-solhoj", "Plejecenter Solhøj", "u-health", "m-elder")
    export.unit("u-kitchen", "Køkkenet på Solhøj", "u-solhoj")
    export.unit("u-nord", "Hjemmeplejen Nord", "u-health", "m-elder")
    export.engagement("9001", CPR["mette"], "Mette", "Madsen", "u-solhoj", username="mema")
    export.engagement("9002", CPR["niels"], "Niels", "Nørgaard", "u-nord")
    export.engagement("1001", CPR["anne"], "Anne", "Ærø", "u-solhoj", manager="9001")
    export.engagement("1002", CPR["bo"], "Bo", "Berg", "u-solhoj", end="2026-01-31",
                      manager="9001")  # fmt: skip
    export.engagement("1003", CPR["carl"], "Carl", "Christensen", "u-nord", start="2027-01-01",
                      manager="9002")  # fmt: skip
    export.engagement("1004", CPR["dorthe"], "Dorthe", "Dahl", "u-solhoj", manager="9001")
    export.engagement("1004", CPR["dorthe"], "Dorthe", "Dahl", "u-nord", manager="9002")
    export.engagement("1005", CPR["erik"], "Erik", "Øster", "u-kitchen", manager="9001")
    export.med_unit("m-main", "Hoved-MED")
    export.med_unit("m-elder", "LokalMED Ældreområdet", "m-main")
    export.association(CPR["anne"], "m-elder", "Arbejdsmiljørepræsentant")
    export.association(CPR["dorthe"], "m-elder", "Tillidsrepræsentant")
    export.association(CPR["mette"], "m-elder", "Formand")
    return export


def safetynet_export(*, manager_cprs: bool = False) -> Export:
    """A municipality as OS2mo's SafetyNet exporter writes it.

    Each row names the manager of its unit, except a manager's own row, which names the
    manager of the parent unit (the directors'); the kitchen has no manager of its own and
    names Solhøj's. Lise and Pernille are both 12345: SD numbers lose their institution
    prefix (XY-12345, AB-12345). Dorthe has two engagements; Bo's has ended, Carl's starts
    in 2027. With `manager_cprs` the LedersCPR column is on (empty on a manager's own row).
    """
    export = Export(manager_cprs=manager_cprs)
    export.unit("u-root", "Demo Kommune")
    export.unit("u-health", "Sundhed og Omsorg", "u-root")
    export.unit("u-solhoj", "Plejecenter Solhøj", "u-health", "m-elder")
    export.unit("u-kitchen", "Køkkenet på Solhøj", "u-solhoj")
    export.unit("u-nord", "Hjemmeplejen Nord", "u-health", "m-elder")
    export.unit("u-children", "Børn og Unge", "u-root")
    export.unit("u-mb", 'Børnehuset "Mælkebøtten"', "u-children", "m-children")

    def row(number, who, unit, manager="", boss="", **options):
        first = who.capitalize()
        export.engagement(number, CPR[who], first, "Olsen" if who != "dorthe" else "Dahl", unit,
                          manager=manager, username=f"{who}{number}",
                          manager_cpr=CPR.get(boss, "") if manager_cprs else "",
                          **options)  # fmt: skip

    row("5000", "tove", "u-root")
    row("5001", "dan", "u-health", "5000")  # a director's own row: the parent's manager
    row("5002", "birgit", "u-children", "5000")
    row("9001", "mette", "u-solhoj", "5001")
    row("9002", "niels", "u-nord", "5001")
    row("1001", "anne", "u-solhoj", "9001", "mette")
    row("1002", "bo", "u-solhoj", "9001", "mette", end="2026-01-31")
    row("1004", "dorthe", "u-solhoj", "9001", "mette", mail="dorthe.dahl@kommune.dk")
    row("1006", "dorthe", "u-nord", "9002", "niels", mail="dorthe.dahl@kommune.dk",
        start="2024-08-01")  # fmt: skip
    row("1003", "carl", "u-nord", "9002", "niels", start="2027-01-01")
    row("1005", "erik", "u-kitchen", "9001", "mette")
    row("12345", "lise", "u-mb", "5002")
    row("12345", "pernille", "u-solhoj", "9001", "mette")
    row("2001", "pia", "u-mb", "12345", "lise")
    export.med_unit("m-main", "Hoved-MED")
    export.med_unit("m-elder", "LokalMED Ældreområdet", "m-main")
    export.med_unit("m-children", "LokalMED Børn og Unge", "m-main")
    export.association(CPR["anne"], "m-elder", "Arbejdsmiljørepræsentant")
    export.association(CPR["pernille"], "m-elder", "Arbejdsmiljørepræsentant")
    export.association(CPR["mette"], "m-elder", "Formand")
    # "TR, næstformand" in OS2mo: the exporter writes one row per function.
    export.association(CPR["dorthe"], "m-elder", "TR")
    export.association(CPR["dorthe"], "m-elder", "næstformand")
    export.association("", "m-children", "Arbejdsmiljørepræsentant")  # a vacant seat
    export.association(CPR["pia"], "m-children", "TR")
    return export


def subtree(export: Export, top: str) -> Export:
    """The export OS2mo writes when it starts at unit `top` (the MED reports stay whole)."""
    codes, grew = {top}, True
    while grew:
        below = {u["Afdelingskode"] for u in export.units if u["Forældreafdelingskode"] in codes}
        grew = not below <= codes
        codes |= below
    export.units = [u for u in export.units if u["Afdelingskode"] in codes]
    export.engagements = [e for e in export.engagements if e["Afdelingskode"] in codes]
    return export


def large_export(units: int, engagements: int) -> Export:
    """A municipality of `units` workplaces under 10 areas with `engagements` people."""
    export = Export()
    export.unit("root", "Stor Kommune")
    for area in range(10):
        export.unit(f"a{area}", f"Område {area}", "root")
    for med in range(units // 20 + 1):
        export.med_unit(f"m{med}", f"LokalMED {med}")
    for unit in range(units):
        export.unit(f"w{unit}", f"Arbejdsplads {unit}", f"a{unit % 10}", f"m{unit // 20}")
    for number in range(engagements):
        unit = number % units
        manager = f"{unit:07d}" if number >= units else ""
        export.engagement(f"{number:07d}", f"{number:010d}", f"Fornavn{number}",
                          f"Efternavn{number}", f"w{unit}", manager=manager)  # fmt: skip
        if number % 50 == 0:
            export.association(f"{number:010d}", f"m{unit // 20}", "Arbejdsmiljørepræsentant")
    return export

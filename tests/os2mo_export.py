"""Writes OS2mo's SafetyNet export (four CSV reports) in its exact format, for the tests
and the benchmark. CPR numbers here are made up (day 01-12 of an impossible month 13+)."""

from dataclasses import dataclass, field
from pathlib import Path

from workplaces.os2mo import COLUMNS, ENGAGEMENTS, LINK_COLUMN, MED_ASSOCIATIONS, MED_UNITS, UNITS


@dataclass
class Export:
    units: list[dict] = field(default_factory=list)
    engagements: list[dict] = field(default_factory=list)
    med_units: list[dict] = field(default_factory=list)
    med_associations: list[dict] = field(default_factory=list)
    links: bool = True

    def unit(self, code, name, parent="", links=""):
        self.units.append(
            {"Afdelingsnavn": name, "Afdelingskode": code, "Forældreafdelingskode": parent,
             "Pnummer": "1003456789", LINK_COLUMN: links}
        )  # fmt: skip

    def engagement(self, number, cpr, first, last, unit, *, start="2020-01-01", end="",
                   manager="", username=""):  # fmt: skip
        self.engagements.append(
            {"Medarbejdernummer": number, "CPR": cpr, "Fornavn": first, "Efternavn": last,
             "Mail": f"{first.lower()}.{number}@kommune.dk", "Afdelingskode": unit,
             "Startdato": start, "Slutdato": end, "LedersMedarbejdernummer": manager,
             "Brugernavn": username, "Titel": "Social- og sundhedsassistent",
             "Faggruppe": "FOA"}
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
            columns = COLUMNS[name] + ([LINK_COLUMN] if name == UNITS and self.links else [])
            lines = [sep.join(columns)]
            lines += [sep.join(row.get(c, "") for c in columns) for row in rows]
            text = "\n".join(lines) + "\n"
            out[name] = ("\ufeff" if bom else "").encode() + text.encode()
        return out

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

"""Writes a report the way OS2mo's SafetyNet exporter does (os2mo-safetynet,
`safetynet/safetynet.py`, `_serialize_csv`): csv.DictWriter with "|", no quoting, "\\" as
escape character and LF line ends, then every "|" doubled. Tests build their exports with
this, not by hand, so the import is tested against the real format."""

import csv
import io


def safetynet_report(fieldnames: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer,
        fieldnames=fieldnames,
        delimiter="|",
        quoting=csv.QUOTE_NONE,
        escapechar="\\",
        lineterminator="\n",
    )
    writer.writeheader()
    writer.writerows({name: row.get(name, "") for name in fieldnames} for row in rows)
    return buffer.getvalue().replace("|", "||").encode("utf-8")  # UTF-8, no BOM

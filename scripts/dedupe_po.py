"""Drop repeated entries from the .po catalogue, keeping the first: branches that each add
the same text merge (with git's union driver) into two identical definitions, which
msgmerge refuses."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def key(block: str) -> tuple[str, ...]:
    """msgctxt, msgid and msgid_plural of an entry, joined across continuation lines."""
    fields, current = {}, None
    for line in block.splitlines():
        found = re.match(r"(msgctxt|msgid_plural|msgid|msgstr\S*) (\".*\")$", line)
        if found:
            current = found.group(1)
            fields[current] = found.group(2)[1:-1]
        elif line.startswith('"') and current:
            fields[current] += line[1:-1]
    return (fields.get("msgctxt", ""), fields.get("msgid", ""), fields.get("msgid_plural", ""))


for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
    blocks = po_path.read_text().split("\n\n")
    seen, kept = set(), []
    for index, block in enumerate(blocks):
        entry = key(block)
        if index and entry[1] and entry in seen:
            continue
        seen.add(entry)
        kept.append(block)
    if len(kept) != len(blocks):
        po_path.write_text("\n\n".join(kept))
        print(f"{po_path.relative_to(ROOT)}: {len(blocks) - len(kept)} repeated entries dropped")

"""Fill English translations from a JSON dict {msgid: msgstr} given on stdin, then compile.

Used after `manage.py makemessages -l en`: new and fuzzy entries get the given text.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
catalogue = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
translations = json.load(sys.stdin)
for entry in catalogue:
    if entry.msgid in translations:
        value = translations[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None  # alone, msgmerge rejects it as a syntax error
catalogue.save()
missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
if missing:
    print("Still untranslated:", json.dumps(missing, ensure_ascii=False))

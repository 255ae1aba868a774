"""A `{# … #}` comment ends on its own line: Django shows one that runs onto the next line
as text, on every page that template draws (the footer once showed its comment)."""

import re
from pathlib import Path

from django.conf import settings

UNCLOSED = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)


def test_no_template_comment_runs_onto_a_second_line():
    found = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for template in Path(folder).rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            found += [
                f"{template.relative_to(folder)}:{text.count(chr(10), 0, m.start()) + 1}"
                for m in UNCLOSED.finditer(text)
            ]
    assert found == [], "use {% comment %} for more than one line"

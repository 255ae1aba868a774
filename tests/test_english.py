"""English is all English: every msgid has a translation, and the main pages rendered in
English show no Danish interface words. The municipality's own content (the seed's texts
that workplaces edit, names, notes) may stay Danish, so every text stored in the database
is taken out of a page before its words are looked at."""

import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client

import polib
import pytest

from tests.demo_pages import paths
from workplaces import texts
from workplaces.models import User

pytestmark = pytest.mark.django_db

# Danish words that an English page has no business showing, and the letters only Danish
# has: any of them left once the stored content is taken out is interface text.
DANISH_WORDS = frozenset(
    [
        "og",
        "på",
        "af",
        "til",
        "er",
        "der",
        "ikke",
        "med",
        "den",
        "det",
        "en",
        "et",
        "som",
        "har",
        "kan",
        "skal",
        "vi",
        "du",
        "jer",
        "fra",
        "om",
        "eller",
        "når",
        "hvor",
        "hvad",
        "hvem",
        "alle",
        "ingen",
        "efter",
        "før",
        "ved",
        "mellem",
    ]
)
DANISH_LETTERS = re.compile(r"\w*[æøåÆØÅ]\w*")
WORD = re.compile(r"\w+")


def test_every_msgid_has_an_english_translation(tmp_path):
    """makemessages over a copy of the code: a text marked for translation that the
    English catalogue lacks (or has only as a fuzzy guess) is English left undone."""
    root = Path(settings.BASE_DIR)
    code = [path for path in root.iterdir() if (path / "apps.py").exists()]
    for path in [*code, root / "templates", root / "locale"]:
        shutil.copytree(path, tmp_path / path.name, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(root / "manage.py", tmp_path)
    env = {**os.environ, "DEBUG": "1"}
    env.pop("PYTEST_VERSION", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    catalogue = polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    missing += [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, "No English for:\n" + "\n".join(missing)


class _Text(HTMLParser):
    """The text a reader meets: text nodes and the attributes read aloud or shown."""

    SKIP = frozenset({"script", "style", "template"})
    READ = ("aria-label", "title", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        self.parts.extend(value for name, value in attrs if name in self.READ and value)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _add_texts(found: set[str], value: object) -> None:
    if isinstance(value, str):
        parts = [value, *value.splitlines()]
        found.update(" ".join(part.split()) for part in parts if part.strip())
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            _add_texts(found, item)


def _stored_texts() -> list[str]:
    """Every text value in the database, longest first, also line by line."""
    # The municipality's practical texts until HR writes its own are its content too.
    found: set[str] = {settings.MUNICIPALITY_NAME, *texts.DEFAULTS.values()}
    for model in apps.get_models():
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*names) if names else ():
            for value in row:
                _add_texts(found, value)
    return sorted(found, key=len, reverse=True)


def danish_words(html: str, stored: list[str]) -> set[str]:
    """Danish words in the page's text once the stored content is taken out: whole texts,
    texts shortened with "…", texts inside a longer one, and single stored words."""
    parser = _Text()
    parser.feed(html)
    whole = set(stored)
    long_texts = [value for value in stored if " " in value or len(value) > 12]
    words: set[str] = set()
    for part in parser.parts:
        text = " ".join(part.split())
        if not text or text in whole:
            continue
        if text.endswith("…") and any(value.startswith(text[:-1]) for value in long_texts):
            continue
        for value in long_texts:
            if value in text:
                text = text.replace(value, " ")
        for word in WORD.findall(text):
            if word in whole:
                continue
            if DANISH_LETTERS.fullmatch(word) or word in DANISH_WORDS:
                words.add(word)
    return words - {"Dansk"}  # the language chooser names Danish in Danish


def test_main_pages_in_english_show_no_danish_interface_words(settings):
    settings.DEBUG = True  # seed_demo only runs in development mode
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    stored = _stored_texts()
    leaks = {}
    for name, (username, path) in paths().items():
        client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.force_login(User.objects.get(username=username))
        response = client.get(path)
        assert response.status_code == 200, path
        words = danish_words(response.content.decode(), stored)
        if words:
            leaks[name] = sorted(words)
    assert not leaks, "\n".join(f"{name}: {' '.join(words)}" for name, words in leaks.items())

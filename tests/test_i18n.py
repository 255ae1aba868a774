import shutil
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

import polib
import pytest

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_dates_and_times_are_in_danish_style():
    with translation.override("da"):
        assert formats.date_format(date(2026, 11, 26)) == "26. november 2026"
        assert formats.time_format(time(14, 30)) == "14.30"
        moment = datetime(2026, 11, 26, 14, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
        assert formats.date_format(moment, "DATETIME_FORMAT") == "26. november 2026 kl. 14.30"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_every_svg_template_writes_its_numbers_unlocalised():
    """A decimal comma is no SVG length ("40,3"), so Danish would draw nothing: numbers in
    markup are written inside {% localize off %}."""
    templates = Path(settings.BASE_DIR) / "templates"
    drawn = [path for path in templates.rglob("*.html") if "<svg" in path.read_text()]
    assert drawn
    for path in drawn:
        assert "{% localize off %}" in path.read_text(), path.relative_to(templates)


def test_the_english_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (make system-deps)")
def test_the_english_catalogue_covers_every_string_in_the_code(tmp_path):
    root = Path(settings.BASE_DIR)
    # Every app of ours (the project's own folders among the installed apps), the
    # templates and the catalogue.
    ours = {Path(a.path).name for a in apps.get_app_configs() if Path(a.path).parent == root}
    for folder in (*sorted(ours), "templates", "locale"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(root / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "PYTHONPATH": str(tmp_path)},
    )
    fresh = polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in fresh if not e.translated()]
    assert missing == [], "run makemessages -l en and translate these"


@pytest.mark.django_db
def test_a_person_can_switch_to_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Forgotten your password?" in html or "Forgot your password?" in html


@pytest.mark.django_db
def test_drop_downs_of_people_prompt_in_danish(client_as, cast, solhoj):
    pages = [
        reverse("riskmapping:dialogue-plan", kwargs={"slug": solhoj.slug}),
        reverse("iglo:plan-add", kwargs={"slug": solhoj.slug}),
    ]
    for url in pages:
        html = client_as("leder").get(url).content.decode()
        assert "---------" not in html, url
        assert "Vælg en person" in html, url

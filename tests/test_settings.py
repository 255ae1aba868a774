"""The settings as a deployment reads them: each case starts Django afresh in a subprocess."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

import pytest

from stressprogram.settings import env_bool
from workplaces.models import Workplace

# A server's environment, not the test run's: pytest exports PYTEST_VERSION (the settings'
# test mode), conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, and DATABASE_URL etc. may be set.
KEPT_ENV = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}

PRINT_SETTINGS = """
import json
from django.conf import settings
from stressprogram.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "options": db.get("OPTIONS", {}),
    "cache": settings.CACHES["default"],
    "broker": settings.CELERY_BROKER_URL,
    "celery_broker": app.conf.broker_url,
    "transport_options": app.conf.broker_transport_options,
    "from": settings.DEFAULT_FROM_EMAIL,
    "domain": settings.SITE_DOMAIN,
}))
"""


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key in KEPT_ENV}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "stressprogram.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _settings_in(**env: str) -> dict:
    result = _run(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _deploy_check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    return _run(
        ["-W", "error", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="stress.example.dk",
        VAR_DIR=str(tmp_path),
        **env,
    )


def test_deploy_check_is_clean_in_production(tmp_path):
    result = _deploy_check(tmp_path, ACCESSIBILITY_CONTACT_EMAIL="web@kommune.dk")

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_deploy_check_warns_without_an_accessibility_contact(tmp_path):
    """The accessibility statement must give a way to reach the municipality."""
    result = _deploy_check(tmp_path)

    assert result.returncode != 0
    assert "stressprogram.W001" in result.stderr
    assert "ACCESSIBILITY_CONTACT_EMAIL" in result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run(["manage.py", "check"], DEBUG="0", VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off."
        in result.stderr
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(word, True) for word in ("1", "true", "True", "YES", "on", " On ")],
        *[(word, False) for word in ("0", "false", "FALSE", "no", "Off")],
    ],
)
def test_env_bool_reads_the_usual_yes_and_no_words(monkeypatch, value, expected):
    monkeypatch.setenv("SP_TEST_FLAG", value)
    assert env_bool("SP_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_env_bool_unset_or_empty_is_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SP_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("SP_TEST_FLAG", value)
    assert env_bool("SP_TEST_FLAG", default=True) is True
    assert env_bool("SP_TEST_FLAG", default=False) is False


@pytest.mark.parametrize("value", ["ture", "2", "y", "enabled", "nej"])
def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SP_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=f"SP_TEST_FLAG='{value}'"):
        env_bool("SP_TEST_FLAG", default=False)


def test_a_typo_in_a_yes_no_variable_stops_the_start(tmp_path):
    """`SECURE=ture` once meant off: secure cookies gone without a word."""
    result = _run(
        ["manage.py", "check"],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        VAR_DIR=str(tmp_path),
        SECURE="ture",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE='ture' is not a yes/no value" in result.stderr


def test_without_servers_uses_sqlite_and_filesystem_queue_under_var_dir(tmp_path):
    found = _settings_in(DEBUG="1", VAR_DIR=str(tmp_path))

    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(tmp_path / "stressprogram.sqlite3")
    assert found["cache"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["broker"] == found["celery_broker"] == "filesystem://"
    options = found["transport_options"]
    assert options["data_folder_in"] == options["data_folder_out"]
    for key in ("data_folder_in", "processed_folder"):
        assert options[key].startswith(str(tmp_path / "celery"))
        # The Celery app creates them: kombu fails on folders that do not exist.
        assert Path(options[key]).is_dir()


def test_redis_url_makes_redis_the_broker_and_the_cache(tmp_path):
    redis_url = "redis://redis.example.dk:6379/3"

    found = _settings_in(DEBUG="1", VAR_DIR=str(tmp_path), REDIS_URL=redis_url)

    assert found["broker"] == found["celery_broker"] == redis_url
    # Short waits, so that pages carry on without a dead Redis (tests/test_redis_down.py).
    quick = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
    assert found["transport_options"] == quick
    assert found["cache"]["BACKEND"] == "stressprogram.cache.ForgivingRedisCache"
    assert found["cache"]["LOCATION"] == redis_url
    assert found["cache"]["OPTIONS"] == quick
    assert not (tmp_path / "celery").exists()


def test_database_url_selects_postgresql(tmp_path):
    found = _settings_in(
        DEBUG="1", VAR_DIR=str(tmp_path), DATABASE_URL="postgres://stress@db.example.dk/stress"
    )

    assert (found["engine"], found["name"]) == ("stressprogram.postgresql", "stress")
    # Server-side parameters, so that a query run five times on a connection is prepared.
    assert found["options"]["server_side_binding"] is True
    assert found["options"]["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(tmp_path):
    found = _settings_in(
        DEBUG="1",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://stress@db.example.dk/stress",
        DATABASE_PREPARE_THRESHOLD="",
    )
    assert found["options"]["prepare_threshold"] is None


@pytest.mark.django_db
def test_postgresql_plans_a_repeated_query_once():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(6):
        list(Workplace.objects.filter(slug="plejecenter-solhoj"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"workplaces_workplace"."slug" = $1' in sql for sql in prepared), prepared


def test_sender_and_message_ids_take_the_domain_of_site_url(tmp_path):
    read = _settings_in(DEBUG="1", VAR_DIR=str(tmp_path), SITE_URL="https://stress.kommune.dk/")
    assert read["from"] == "Stressprogram <stressprogram@stress.kommune.dk>"
    assert read["domain"] == "stress.kommune.dk"

"""The documented backup and restore (scripts/backup.sh, scripts/restore.sh): a backup of
the demo municipality restored into an empty database holds every row of every table."""

import os
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (
        f"postgresql://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    )


def _rows(url: str) -> dict[str, int]:
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_everything(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the backup scripts are for PostgreSQL")
    settings.DEBUG = True  # seed_demo only runs in development mode
    call_command("seed_demo")
    source = _url(connection.settings_dict["NAME"])
    restored = connection.settings_dict["NAME"] + "_restored"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        conn.execute(f'CREATE DATABASE "{restored}"')
    try:
        dump = tmp_path / "stressprogram.dump"
        env = {**os.environ, "DATABASE_URL": source}
        subprocess.run([ROOT / "scripts/backup.sh", dump], env=env, check=True, timeout=120)
        env["DATABASE_URL"] = _url(restored)
        subprocess.run([ROOT / "scripts/restore.sh", dump], env=env, check=True, timeout=120)

        before, after = _rows(source), _rows(_url(restored))
        assert after == before
        assert before["workplaces_workplace"] > 0
        assert before["riskmapping_ball"] > 0
        # The migrations came along, so the restored database is ready for the app.
        migrations = "SELECT count(*) FROM django_migrations"
        with psycopg.connect(source) as one, psycopg.connect(_url(restored)) as two:
            assert one.execute(migrations).fetchone() == two.execute(migrations).fetchone()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')

"""Issue #18: docker-compose.yml as real compose implementations from Debian read it —
docker-compose (`config`) and podman-compose 1.0.3, which has no `config` and leaves
"${VAR:-}" unexpanded (its dry run prints the podman commands). One image for web, worker
and beat; every setting of the README's tables reaches them from .env."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

import pytest
import yaml

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("web", "worker", "beat")
# Decided by the stack itself (docker-compose.yml's `environment`), whatever .env says.
FIXED = {"DEBUG", "DATABASE_URL", "REDIS_URL", "VAR_DIR", "CELERY_TASK_ALWAYS_EAGER"}


def readme_settings() -> list[str]:
    """The variables named in the first column of the README's configuration tables."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n")[1].split("\n## ")[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return sorted({name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)})


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    """The compose file in a folder of its own, with a .env setting every variable."""
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    lines = [f"{name}=from-env-{name.lower()}" for name in readme_settings()]
    (tmp_path / ".env").write_text("\n".join([*lines, "POSTGRES_PASSWORD=pw", ""]))
    return tmp_path


def run(tool: str, *args: str, folder: Path) -> str:
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (scripts/system-deps.sh test installs it)")
    done = subprocess.run(
        [tool, *args], cwd=folder, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_readme_lists_what_a_municipality_sets():
    names = readme_settings()
    for name in ("SECRET_KEY", "OIDC_RP_CLIENT_ID", "OS2MO_IMPORT_FOLDER", "TRUSTED_PROXIES"):
        assert name in names


def test_docker_compose_config_one_image_and_every_setting(stack):
    config = yaml.safe_load(run("docker-compose", "config", folder=stack))
    services = config["services"]
    assert {services[name]["image"] for name in APP_SERVICES} == {"stressprogram"}
    assert [name for name, service in services.items() if "build" in service] == ["web"]
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        for setting in set(readme_settings()) - FIXED:
            assert environment[setting] == f"from-env-{setting.lower()}", (name, setting)
        assert environment["DEBUG"] == "0"
        assert environment["DATABASE_URL"] == "postgres://stressprogram:pw@db:5432/stressprogram"
    # The organisation export is where OS2MO_IMPORT_FOLDER can point, for web and worker.
    for name in ("web", "worker"):
        assert f"{stack}/os2mo-export:/app/var/os2mo:ro" in services[name]["volumes"]


def podman_runs(output: str) -> dict[str, str]:
    """The `podman run` commands of a dry run, by service (printed joined by spaces)."""
    runs = {}
    for line in output.splitlines():
        service = re.search(r" --label com\.docker\.compose\.service=(\w+) ", line)
        if " run --name=" in line and service:
            runs[service[1]] = line
    return runs


def test_podman_compose_expands_everything_and_runs_one_image(stack):
    # A dry run still asks podman about volumes and networks: `true` answers.
    dry_run = ("--dry-run", "--podman-path", "/bin/true", "up", "-d", "--no-build")
    runs = podman_runs(run("podman-compose", *dry_run, folder=stack))
    assert set(runs) == {"db", "redis", *APP_SERVICES}
    for service, line in runs.items():
        assert "${" not in line, service
    images = set()
    for name in APP_SERVICES:
        line = runs[name]
        assert f" --env-file {stack / '.env'} " in line
        assert " -e DEBUG=0 " in line
        # Nothing of .env is overridden but what the stack decides.
        overridden = set(re.findall(r" -e (\w+)=", line)) & set(readme_settings())
        assert overridden <= FIXED | {"SECRET_KEY", "SECURE_SSL_REDIRECT"}, name
        # The image comes right before the service's command.
        images.add(re.search(r" (\S+) (?:sh -c|celery -A) ", line)[1])
    assert images == {"stressprogram"}

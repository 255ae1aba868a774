"""A real Celery worker sends the welcome e-mail: the one integration test of the task path.

The worker runs as a subprocess on the broker the settings choose (Redis with REDIS_URL,
kombu's filesystem queue without) against this test's database, and writes mail to files.
"""

import email
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

import pytest

from stressprogram.celery import app
from tests.factories import MembershipFactory, UserFactory, WorkplaceFactory
from tests.helpers import celery_conf
from workplaces.models import Membership
from workplaces.services import add_member
from workplaces.tasks import send_membership_email

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60  # seconds; a worker starts in ~2 s and sends a mail in well under one


def _database_url() -> str:
    """The URL of the test database this process uses, for the worker."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"  # a file: settings give the test DB a TEST NAME
    assert db["ENGINE"] == "stressprogram.postgresql"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"


@dataclass
class Worker:
    queue: str
    mail_dir: Path
    log: Path
    process: subprocess.Popen

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, what: str, done: Callable[[], object]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not done():
            if self.process.poll() is not None:
                pytest.fail(f"The worker stopped while waiting for {what}:\n{self.output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"No {what} after {TIMEOUT} s. Worker output:\n{self.output()}")
            time.sleep(0.2)

    def wait_for_task(self, task_id: str) -> None:
        self.wait_for(
            f"task {task_id}", lambda: re.search(rf"\[{task_id}\] succeeded in", self.output())
        )

    def mails(self) -> list[EmailMessage]:
        """Every message the file backend wrote (one file per connection, `-` * 79 apart)."""
        separator = b"\n" + b"-" * 79 + b"\n"
        return [
            email.message_from_bytes(chunk, policy=policy.default)
            for path in sorted(self.mail_dir.iterdir())
            for chunk in path.read_bytes().split(separator)
            if chunk.strip()
        ]


def _tasks_sent_to(queue: str, control_folder: Path):
    """This process queues tasks on `queue` instead of running them inline, then goes back."""
    options = app.conf.broker_transport_options or {}
    if "data_folder_in" in options:
        options = {**options, "control_folder": str(control_folder)}
    return celery_conf(
        task_always_eager=False, task_default_queue=queue, broker_transport_options=options
    )


@pytest.fixture
def celery_worker(transactional_db, tmp_path) -> Iterator[Worker]:
    """A worker on a queue of its own; stopped after the test, its output shown on failure."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,  # PYTEST_VERSION stays: the worker reads the settings as the tests do
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # It runs in tmp_path (see below), so it finds the project through the path.
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])
        ),
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "stressprogram",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        f"--queues={queue}",
        f"--hostname={queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    # kombu's filesystem transport keeps exchange tables in ./control unless told otherwise:
    # the worker runs in tmp_path, and this process points there too, to keep the repo clean.
    with _tasks_sent_to(queue, tmp_path / "control"):
        with log.open("wb") as output:
            process = subprocess.Popen(
                command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        worker = Worker(queue=queue, mail_dir=mail_dir, log=log, process=process)
        try:
            worker.wait_for(
                "ready worker", lambda: re.search(rf"{queue}@\S+ ready\.", worker.output())
            )
            yield worker
        finally:
            process.terminate()  # warm shutdown
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            # pytest shows a test's captured output only when it fails.
            print(f"--- worker output ({queue}) ---\n{worker.output()}")  # noqa: T201
            _delete_queue(queue)


def _delete_queue(name: str) -> None:
    # Its messages and binding table (Redis keeps one per queue) go, as in a clean broker.
    with app.connection_for_write() as connection:
        queue = app.amqp.queues[name](connection.default_channel)
        queue.declare()
        queue.delete()


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def test_worker_sends_danish_welcome_mail_to_a_new_member(celery_worker):
    workplace = WorkplaceFactory(name="Plejecenter Solhøj", slug="plejecenter-solhoj")
    leder = UserFactory(username="leder")
    MembershipFactory(user=leder, workplace=workplace, manager=True)

    membership = add_member(
        workplace,
        by=leder,
        email="aase.oersted@example.dk",
        first_name="Åse",
        last_name="Ørsted",
        role=Membership.Role.EMPLOYEE,
    )
    celery_worker.wait_for(
        "welcome mail and notified_at",
        lambda: celery_worker.mails() and Membership.objects.get(pk=membership.pk).notified_at,
    )

    [message] = celery_worker.mails()
    text, html = _parts(message)
    assert message["To"] == "aase.oersted@example.dk"
    # Folded onto its own line by Django, so the unfolded value starts with a space.
    assert message["Subject"].strip() == "Du er tilføjet til Plejecenter Solhøj i Stressprogram"
    assert "Hej Åse Ørsted" in text
    assert "Du er tilføjet til Plejecenter Solhøj som Medarbejder" in text
    assert "Vælg din adgangskode" in text
    assert "Vælg din adgangskode" in html
    workplace_url = settings.SITE_URL + workplace.get_absolute_url()
    assert workplace_url in text
    assert f'href="{workplace_url}"' in html

    link = re.search(
        re.escape(settings.SITE_URL) + r"/accounts/reset/(?P<uid>[\w-]+)/(?P<token>[\w-]+)/",
        text,
    )
    assert link is not None
    assert f'href="{link.group(0)}"' in html
    user = membership.user
    user.refresh_from_db()
    assert force_str(urlsafe_base64_decode(link["uid"])) == str(user.pk)
    assert default_token_generator.check_token(user, link["token"])


def test_worker_sends_the_welcome_mail_once_when_the_task_runs_twice(celery_worker):
    membership = MembershipFactory(
        workplace=WorkplaceFactory(name="Plejecenter Solhøj", slug="plejecenter-solhoj"),
        user=UserFactory(username="bo", email="bo@example.dk"),
    )

    results = [
        send_membership_email.apply_async(
            kwargs={"membership_id": membership.pk}, queue=celery_worker.queue
        )
        for _ in range(2)
    ]
    for result in results:
        celery_worker.wait_for_task(result.id)

    [message] = celery_worker.mails()
    assert message["To"] == "bo@example.dk"
    membership.refresh_from_db()
    assert membership.notified_at is not None

"""Requests to HR/Arbejdsmiljø: the workplace asks, HR plans and replies, the requester is
mailed at each change."""

from django.core import mail
from django.urls import reverse

import pytest

from workplaces.models import HelpRequest

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
HELP = reverse("workplaces:help-list", kwargs={"slug": SLUG})


def _ask(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(HELP, {"kind": "ball_materials", "message": "Til uge 12", **data})


def test_manager_orders_ball_materials_and_gets_a_receipt(
    client_as, django_capture_on_commit_callbacks
):
    response = _ask(client_as("leder"), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    item = HelpRequest.objects.get()
    assert (item.kind, item.status, item.requested_by.username) == (
        "ball_materials",
        "new",
        "leder",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leder@example.dk"]
    assert "HR har modtaget" in message.subject
    assert "glasmontre" in message.body
    assert "Du får denne mail, fordi du har bestilt" in message.body
    assert HELP in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_amir_may_order_the_course_but_not_materials(client_as, django_capture_on_commit_callbacks):
    client = client_as("amir")
    form = client.get(HELP).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["course"]
    response = _ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not HelpRequest.objects.exists()
    _ask(client, django_capture_on_commit_callbacks, kind="course")
    assert HelpRequest.objects.get().kind == "course"


def test_tr_sees_the_requests_but_cannot_send(client_as, django_capture_on_commit_callbacks):
    _ask(client_as("leder"), django_capture_on_commit_callbacks)
    client = client_as("tr")
    response = client.get(HELP)
    assert response.context["form"] is None
    assert "glasmontre" in response.content.decode()
    assert client.post(HELP, {"kind": "course"}).status_code == 403


def test_hr_plans_and_delivers_and_the_requester_is_mailed_each_time(
    client_as, django_capture_on_commit_callbacks
):
    _ask(client_as("leder"), django_capture_on_commit_callbacks)
    item = HelpRequest.objects.get()
    client = client_as("hr")
    queue = client.get(reverse("workplaces:help-queue"))
    assert list(queue.context["page"]) == [item]
    url = reverse("workplaces:help-update", kwargs={"pk": item.pk})

    # Planned without a date: a Danish form error, not a 500.
    response = client.post(url, {"status": "planned", "planned_on": "", "reply": ""})
    assert response.status_code == 200
    assert "Skriv hvornår det er planlagt." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"status": "planned", "planned_on": "2026-03-02", "reply": "Vi kommer mandag."}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert "Planlagt" in mail.outbox[1].subject
    assert "Vi kommer mandag." in mail.outbox[1].body

    # Saving the same again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"status": "planned", "planned_on": "2026-03-02", "reply": "Vi kommer mandag."}
        )
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "delivered", "planned_on": "2026-03-02", "reply": "Leveret."})
    assert len(mail.outbox) == 3
    assert "Leveret" in mail.outbox[2].subject
    assert (
        client.get(reverse("workplaces:help-queue"), {"status": "delivered"})
        .context["page"]
        .paginator.count
        == 1
    )
    assert "Leveret." in client_as("leder").get(HELP).content.decode()


def test_the_mail_task_is_idempotent(client_as, django_capture_on_commit_callbacks):
    from workplaces import tasks  # noqa: PLC0415

    _ask(client_as("leder"), django_capture_on_commit_callbacks)
    tasks.send_help_request_email(help_request_id=HelpRequest.objects.get().pk)
    tasks.send_help_request_email(help_request_id=999999)
    assert len(mail.outbox) == 1


def test_texts_shown_by_the_steps(client_as, solhoj):
    from workplaces.models import MunicipalText  # noqa: PLC0415

    MunicipalText.objects.create(key="crisis_scheme", text="Ring til Falck Healthcare: 7070 2222")
    MunicipalText.objects.create(key="stress_unit_contact", text="Stress-enheden, tlf. 1234")
    client = client_as("leder")
    guideline = client.get(reverse("guidelines:guideline", kwargs={"slug": SLUG}))
    assert "Ring til Falck Healthcare: 7070 2222" in guideline.content.decode()
    guide = client.get(reverse("conversations:conversation-list", kwargs={"slug": SLUG}))
    assert "Ring til Falck Healthcare: 7070 2222" in guide.content.decode()
    knowledge = client.get(reverse("guidelines:knowledge", kwargs={"slug": SLUG})).content
    assert "Stress-enheden, tlf. 1234" in knowledge.decode()
    assert f"{HELP}?kind=course" in knowledge.decode()
    home = client.get(reverse("workplace-home", kwargs={"slug": SLUG})).content.decode()
    assert f"{HELP}?kind=ball_materials" in home


def test_crisis_scheme_default_comes_from_the_seed(client_as):
    html = client_as("leder").get(reverse("guidelines:guideline", kwargs={"slug": SLUG}))
    assert "kriseordning i værk" in html.content.decode()

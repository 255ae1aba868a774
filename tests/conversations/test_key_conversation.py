"""Bilag 4: the manager records the key conversation; only the two people it concerns see it."""

from datetime import date

from django.urls import reverse

import pytest

from conversations import content, services
from conversations.models import FollowUpPlan, KeyConversation
from tests.conversations.conftest import CANARY
from tests.factories import (
    KeyConversationFactory,
    LocalCommitteeFactory,
    MembershipFactory,
    UserFactory,
)
from tests.helpers import pdf_text, queries_at_two_sizes
from workplaces.models import AuditEvent, Change, Membership

pytestmark = pytest.mark.django_db


def _url(name, conversation=None, **kwargs):
    if conversation is not None:
        kwargs |= {"slug": conversation.workplace.slug, "pk": conversation.pk}
    return reverse(f"conversations:{name}", kwargs={"slug": "plejecenter-solhoj", **kwargs})


def _record(person, **overrides):
    data = {
        "employee": person.pk,
        "held_on": "2026-11-26",
        "calm": "on",
        "hope": "on",
        "immediate_action": "on",
        "calendar": "Personalemødet og kvalitetsgruppen er aflyst i to uger",
        "handovers-TOTAL_FORMS": 3,
        "handovers-INITIAL_FORMS": 0,
        "handovers-0-task": "Kontaktperson for stue 12",
        "handovers-0-to": "Bente",
        "handovers-1-task": "",
        "handovers-1-to": "",
        "handovers-2-task": "Vagtplanen for februar",
        "handovers-2-to": "Lederen",
        "colleagues_message": "At Åse har fået opgaver taget af sig en periode",
        "told_by": "Lederen på morgenmødet",
        "next_meeting_on": "2026-12-07",
        "private_notes": f"{CANARY} – har sovet dårligt",
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}


def test_the_guide_shows_the_seed_texts(client_as):
    html = client_as("leder").get(_url("conversation-add")).content.decode()
    for line in [*content.PREPARATIONS, *content.AVOID]:
        assert str(line) in html
    for concept, meaning in content.KEY_CONCEPTS.values():
        assert str(concept) in html
        assert str(meaning)[1:] in html  # shown with a capital first letter
    assert (
        "Det er altid nærmeste leders opgave"
        in client_as("medarbejder").get(_url("conversation-list")).content.decode()
    )


def test_manager_ticks_the_concepts_and_records_the_agreements(client_as, cast):
    response = client_as("leder").post(
        _url("conversation-add"), _record(cast["medarbejder"]), follow=True
    )
    assert "Nøglesamtalen er gemt." in response.content.decode()
    conversation = KeyConversation.objects.get()
    assert (conversation.manager, conversation.employee) == (cast["leder"], cast["medarbejder"])
    assert (conversation.calm, conversation.hope, conversation.immediate_action) == (True,) * 3
    assert conversation.held_on == date(2026, 11, 26)
    assert conversation.next_meeting_on == date(2026, 12, 7)
    assert conversation.handovers == [
        {"task": "Kontaktperson for stue 12", "to": "Bente"},
        {"task": "Vagtplanen for februar", "to": "Lederen"},
    ]
    assert conversation.private_notes.startswith(CANARY)
    assert response.redirect_chain[-1][0] == conversation.get_absolute_url()


def test_ticks_left_unticked_are_kept_so(client_as, cast):
    client_as("leder").post(
        _url("conversation-add"), _record(cast["medarbejder"], hope=None, immediate_action=None)
    )
    conversation = KeyConversation.objects.get()
    assert (conversation.calm, conversation.hope, conversation.immediate_action) == (
        True,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employee": None}, "Vælg den medarbejder, samtalen handler om."),
        ({"held_on": "31.02.2026"}, "Indtast en gyldig dato."),
        ({"next_meeting_on": "2026-11-01"}, "Næste møde kan ikke ligge før samtalen."),
        ({"handovers-1-to": "Søren"}, "Skriv hvilken opgave der afleveres"),
        ({"told_by": "x" * 201}, "højst have 200 tegn"),
        ({"handovers-TOTAL_FORMS": 21}, "Højst 20 opgaver"),
    ],
)
def test_bad_input_gets_a_danish_message_and_nothing_is_saved(client_as, cast, overrides, message):
    response = client_as("leder").post(
        _url("conversation-add"), _record(cast["medarbejder"], **overrides)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Samtalen er ikke gemt." in html
    assert not KeyConversation.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "self", "former"])
def test_only_current_members_can_be_chosen(client_as, cast, solhoj, who):
    if who == "former":
        person = UserFactory(username="tidligere")
        MembershipFactory(user=person, workplace=solhoj, ends_on=date(2020, 1, 1))
    else:
        person = cast["leder" if who == "self" else "outsider"]
    response = client_as("leder").post(_url("conversation-add"), _record(person))
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not KeyConversation.objects.exists()


def test_representatives_and_employees_may_not_start_one(client_as, cast):
    for persona in ("medarbejder", "amir", "tr", "hr"):
        response = client_as(persona).post(_url("conversation-add"), _record(cast["leder"]))
        assert response.status_code == 403, persona
    assert not KeyConversation.objects.exists()


CONTENT_URLS = ["conversation", "conversation-pdf", "conversation-edit", "conversation-delete"]


@pytest.mark.parametrize("name", CONTENT_URLS)
@pytest.mark.parametrize("persona", ["amir", "tr", "outsider", "hr", "colleague", "second"])
def test_nobody_but_the_two_people_can_read_it(
    client, cast, solhoj, conversation, second_manager, name, persona
):
    colleague = UserFactory(username="kollega")
    MembershipFactory(user=colleague, workplace=solhoj)
    user = {"colleague": colleague, "second": second_manager}.get(persona) or cast[persona]
    client.force_login(user)
    response = client.get(_url(name, conversation))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    # A refusal in the audit log: in the conversation's own access log, which its two
    # people read, for everyone who reached the workplace (an outsider does not).
    assert AuditEvent.objects.filter(user=user, kind="not_found").exists()
    in_log = services.access_log(conversation).filter(user=user, kind="not_found").exists()
    assert in_log == (persona != "outsider")


def test_a_committee_member_and_a_superuser_get_404_too(client, solhoj, conversation):
    committee_member = UserFactory(username="lokalmed")
    committee = LocalCommitteeFactory()
    committee.workplaces.add(solhoj)
    committee.members.add(committee_member)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    for user in (committee_member, superuser):
        client.force_login(user)
        assert client.get(_url("conversation", conversation)).status_code == 404


@pytest.mark.parametrize("persona", ["leder", "medarbejder"])
def test_the_holder_and_the_subject_open_it(client_as, conversation, persona):
    response = client_as(persona).get(_url("conversation", conversation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Møderne i uge 48 er aflyst" in html
    assert "Vagtplanen" in html
    assert "At du har fået nogle opgaver taget af dig i en periode" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_employee_sees_the_agreements_but_not_the_private_notes(client_as, conversation):
    html = client_as("medarbejder").get(_url("conversation", conversation)).content.decode()
    assert "Aftaler fra din nøglesamtale" in html
    assert CANARY not in html
    assert "Private noter" not in html
    assert "Ret samtalen" not in html
    assert "Du kan når som helst bede" in html

    holder = client_as("leder").get(_url("conversation", conversation)).content.decode()
    assert CANARY in holder
    assert "Private noter (medarbejderen kan se dem under »Mine data«)" in holder
    assert "får dem med under »Mine data«" in holder


def test_the_manager_is_told_beside_the_field_that_the_employee_can_see_the_notes(
    client_as, conversation
):
    form = client_as("leder").get(_url("conversation-edit", conversation)).content.decode()
    assert "Medarbejderen kan se dem" in form
    assert "Kun du kan læse dem" not in form


def test_the_employee_may_not_change_or_delete_it(client_as, conversation):
    client = client_as("medarbejder")
    assert client.get(_url("conversation-edit", conversation)).status_code == 403
    assert client.post(_url("conversation-delete", conversation)).status_code == 403
    assert KeyConversation.objects.filter(pk=conversation.pk).exists()


def test_a_second_manager_neither_sees_it_listed_nor_opens_it(client, conversation, second_manager):
    client.force_login(second_manager)
    html = client.get(_url("conversation-list")).content.decode()
    assert "Du har ingen nøglesamtaler på denne arbejdsplads." in html
    assert conversation.employee.display_name not in html
    assert client.get(_url("conversation-pdf", conversation)).status_code == 404
    assert client.get(_url("follow-up-plan", conversation, kind="relief")).status_code == 404


def test_a_holder_who_is_no_longer_manager_there_loses_access(client_as, cast, conversation):
    Membership.objects.filter(user=cast["leder"]).update(role=Membership.Role.EMPLOYEE)
    assert client_as("leder").get(_url("conversation", conversation)).status_code == 404
    assert client_as("medarbejder").get(_url("conversation", conversation)).status_code == 200


def test_holder_edits_but_never_changes_whom_it_concerns(client_as, cast, conversation):
    form = _record(cast["amir"], calendar="Alt er ryddet – også fredag", employee=cast["amir"].pk)
    response = client_as("leder").post(_url("conversation-edit", conversation), form)
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.calendar == "Alt er ryddet – også fredag"
    assert conversation.employee == cast["medarbejder"]


def test_the_edit_form_starts_from_what_was_saved(client_as, conversation):
    response = client_as("leder").get(_url("conversation-edit", conversation))
    assert response.context["form"]["calendar"].value() == "Møderne i uge 48 er aflyst"
    assert response.context["handovers"].forms[0]["task"].value() == "Vagtplanen"
    assert "employee" not in response.context["form"].fields


def test_every_opening_is_logged_with_who_and_when(client_as, cast, conversation, tmp_path):
    client_as("leder").get(_url("conversation", conversation))
    client_as("medarbejder").get(_url("conversation", conversation))
    client_as("medarbejder").get(_url("conversation-pdf", conversation))
    client_as("medarbejder").get(_url("follow-up-plan", conversation, kind="relief"))
    client_as("leder").get(_url("conversation-edit", conversation))
    client_as("hr").get(_url("conversation", conversation))  # refused, and logged as such

    log = list(
        services.access_log(conversation).order_by("at", "pk").values_list("user__username", "kind")
    )
    assert log == [
        ("leder", "conversation.viewed"),
        ("medarbejder", "conversation.viewed"),
        ("medarbejder", "conversation.printed"),
        ("medarbejder", "conversation.plan_viewed"),
        ("leder", "conversation.edited"),
        ("hr", "not_found"),
    ]
    assert all(entry.at for entry in services.access_log(conversation))
    # Both people see who has opened it, and who tried to and was refused.
    html = client_as("medarbejder").get(_url("conversation", conversation)).content.decode()
    assert "Hvem har åbnet samtalen" in html
    assert "hentede aftalerne som PDF" in html
    assert "blev afvist (findes ikke for brugeren)" in html


def test_the_access_log_holds_no_content():
    # The access log is the audit log's events about the conversation.
    fields = {f.name for f in AuditEvent._meta.get_fields()}
    assert fields == {"id", "at", "user", "kind", "object_type", "object_id", "address"}


def test_canary_private_notes_never_leak_to_log_history_or_hr(client_as, conversation, tmp_path):
    client_as("leder").get(_url("conversation", conversation))
    client_as("leder").post(
        _url("conversation-edit", conversation),
        _record(conversation.employee, private_notes=f"{CANARY} – ændret"),
    )
    assert AuditEvent.objects.filter(object_type="conversations.keyconversation").exists()
    for row in AuditEvent.objects.values():
        assert CANARY not in str(row)
    assert not Change.objects.filter(after__contains=CANARY).exists()
    assert not Change.objects.filter(before__contains=CANARY).exists()

    hr = client_as("hr")
    for url in [
        _url("conversation-list"),
        reverse("workplace-home", kwargs={"slug": "plejecenter-solhoj"}),
        reverse("workplaces:workplace-list"),
        reverse("admin:index"),
    ]:
        response = hr.get(url)
        assert response.status_code == 200, url
        assert CANARY not in response.content.decode(), url
    programme = hr.get(reverse("workplace-pdf", kwargs={"slug": "plejecenter-solhoj"}))
    assert CANARY not in pdf_text(programme.content, tmp_path)


def test_hr_sees_no_count_per_workplace_only_per_area(client_as, cast, solhoj, conversation):
    KeyConversationFactory(workplace=solhoj, manager=cast["leder"], employee=cast["amir"])
    html = client_as("hr").get(_url("conversation-list")).content.decode()
    assert "antallet af nøglesamtaler pr. område" in html
    assert "nøglesamtaler registreret" not in html
    assert cast["medarbejder"].display_name not in html
    assert cast["amir"].display_name not in html
    assert (
        reverse("conversations:conversation", kwargs={"slug": solhoj.slug, "pk": conversation.pk})
        not in html
    )


@pytest.mark.parametrize("persona", ["amir", "tr", "medarbejder", "leder"])
def test_members_see_no_count(client_as, conversation, persona):
    html = client_as(persona).get(_url("conversation-list")).content.decode()
    assert "nøglesamtaler registreret" not in html
    assert "nøglesamtale registreret" not in html


def test_the_list_shows_each_their_own(client_as, cast, conversation):
    leder = client_as("leder").get(_url("conversation-list")).content.decode()
    assert "Samtaler, du holder" in leder
    assert cast["medarbejder"].display_name in leder
    employee = client_as("medarbejder").get(_url("conversation-list")).content.decode()
    assert "Dine samtaler" in employee
    assert conversation.get_absolute_url() in employee
    amir = client_as("amir").get(_url("conversation-list")).content.decode()
    assert conversation.get_absolute_url() not in amir


def test_the_workplace_home_links_the_guide_without_any_status(client_as, conversation):
    response = client_as("amir").get(
        reverse("workplace-home", kwargs={"slug": "plejecenter-solhoj"})
    )
    step = next(item for item in response.context["steps"] if item.step.annex == 4)
    assert step.status is None
    assert _url("conversation-list") in response.content.decode()


def test_manager_deletes_it_on_request_after_confirming(client_as, cast, conversation):
    FollowUpPlan.objects.create(
        conversation=conversation,
        kind="relief",
        steps=[{"on": "2026-12-01", "step": "Kun dagvagter"}],
    )
    client = client_as("leder")
    confirm = client.get(_url("conversation-delete", conversation))
    assert "Det kan ikke fortrydes." in confirm.content.decode()
    assert KeyConversation.objects.filter(pk=conversation.pk).exists()  # GET deletes nothing

    response = client.post(_url("conversation-delete", conversation), follow=True)
    assert "Nøglesamtalen er slettet" in response.content.decode()
    assert not KeyConversation.objects.exists()
    assert not FollowUpPlan.objects.exists()
    # Its access log goes with it; the audit log keeps only who deleted it.
    assert not services.access_log(conversation).exclude(kind="conversation.deleted").exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(conversation.pk)).values_list(
            "kind", "user__username"
        )
    ) == [("conversation.deleted", "leder")]
    assert client_as("medarbejder").get(_url("conversation", conversation)).status_code == 404


def test_unknown_conversation_is_404(client_as):
    assert client_as("leder").get(_url("conversation", pk=999999)).status_code == 404


def test_conversation_list_query_count_is_constant(client_as, cast, solhoj):
    client = client_as("leder")

    def grow(n):
        for _ in range(n):
            employee = UserFactory()
            MembershipFactory(user=employee, workplace=solhoj)
            KeyConversationFactory(workplace=solhoj, manager=cast["leder"], employee=employee)

    small, large = queries_at_two_sizes(
        lambda: client.get(_url("conversation-list")), grow, small=1, large=15
    )
    assert small == large <= 10


def test_str_never_names_the_employee(conversation):
    assert conversation.employee.display_name not in str(conversation)
    assert conversation.employee.username not in str(conversation)


def test_key_conversations_are_not_in_the_admin():
    from django.contrib import admin  # noqa: PLC0415

    registered = {model._meta.label for model in admin.site._registry}
    assert not registered & {
        "conversations.KeyConversation",
        "conversations.FollowUpPlan",
    }


@pytest.mark.parametrize("name", ["conversation-edit", "follow-up-plan-edit"])
def test_posted_health_data_is_hidden_from_error_reports(client_as, conversation, name):
    # Django's error reports print POST data unless the view marks it sensitive.
    kwargs = {"kind": "relief"} if name == "follow-up-plan-edit" else {}
    response = client_as("leder").post(_url(name, conversation, **kwargs), {"held_on": "x"})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_a_refused_edit_by_the_employee_is_in_the_access_log_the_manager_reads(
    client_as, conversation
):
    assert client_as("medarbejder").get(_url("conversation-edit", conversation)).status_code == 403
    log = list(services.access_log(conversation).values_list("user__username", "kind"))
    assert log == [("medarbejder", "forbidden")]
    html = client_as("leder").get(_url("conversation", conversation)).content.decode()
    assert "blev afvist (ingen adgang)" in html

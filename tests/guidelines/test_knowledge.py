from django.urls import reverse

import pytest

from guidelines import content, services
from tests.factories import LocalCommitteeFactory
from tests.helpers import pdf_text
from workplaces.models import Change

pytestmark = pytest.mark.django_db


def _edit_url(workplace):
    return reverse("guidelines:knowledge-edit", kwargs={"slug": workplace.slug})


def _form(version, **overrides):
    data = {
        "version": version,
        "definition": "Stress er en belastning over tid, som vi handler på i fællesskab.",
        "discussed_in_committee_on": "2026-03-12",
        "discussed_with_employees_on": "",
        **{f"answer_{i}": f"Svar {i} om æøå" for i in range(6)},
    }
    data.update(overrides)
    return data


def test_new_workplace_starts_with_the_seed_questions_and_definition(client_as, solhoj):
    html = (
        client_as("medarbejder")
        .get(reverse("guidelines:knowledge", kwargs={"slug": solhoj.slug}))
        .content.decode()
    )
    for question in content.REFLECTION_QUESTIONS:
        assert str(question) in html
    assert content.DEFAULT_DEFINITION in html
    assert "Stress-enheden" in html


def test_amir_saves_answers_and_history_keeps_who_and_what(client_as, solhoj):
    response = client_as("amir").post(_edit_url(solhoj), _form(1), follow=True)
    assert "Jeres viden om stress er gemt." in response.content.decode()
    knowledge = services.knowledge_for(solhoj)
    assert knowledge.answers[5] == "Svar 5 om æøå"
    assert knowledge.discussed_in_committee_on.isoformat() == "2026-03-12"
    assert knowledge.version == 2
    changes = Change.objects.filter(by__username="amir")
    assert changes.filter(
        field=str(content.REFLECTION_QUESTIONS[0]), after="Svar 0 om æøå"
    ).exists()
    assert changes.filter(field="Drøftet i LokalMED", after="2026-03-12").exists()


def test_a_stale_save_is_refused_and_keeps_the_typed_text(client_as, solhoj):
    services.knowledge_for(solhoj)
    client_as("leder").post(_edit_url(solhoj), _form(1, answer_0="Lederens svar"))
    response = client_as("amir").post(_edit_url(solhoj), _form(1, answer_0="AMiRs svar"))

    html = response.content.decode()
    assert "Der er gemt en anden udgave, mens du skrev" in html
    assert "AMiRs svar" in html  # still in the field
    assert "Lederens svar" in html  # the other save, shown beside it
    assert services.knowledge_for(solhoj).answers[0] == "Lederens svar"
    assert response.context["form"]["version"].value() == 2


def test_bad_date_gets_a_danish_message_and_nothing_saved(client_as, solhoj):
    services.knowledge_for(solhoj)
    response = client_as("amir").post(
        _edit_url(solhoj), _form(1, discussed_in_committee_on="31.02.2026")
    )
    assert "Indtast en gyldig dato." in response.content.decode()
    assert services.knowledge_for(solhoj).version == 1


def test_committee_member_from_another_workplace_may_edit(client_as, cast, solhoj):
    committee = LocalCommitteeFactory()
    committee.workplaces.add(solhoj)
    committee.members.add(cast["outsider"])
    assert client_as("outsider").get(_edit_url(solhoj)).status_code == 200


def test_blank_and_filled_discussion_sheets(client_as, solhoj, tmp_path):
    client = client_as("amir")
    client.post(_edit_url(solhoj), _form(1, answer_2="Vi arbejder efter én definition"))
    filled = pdf_text(
        client.get(reverse("guidelines:knowledge-pdf", kwargs={"slug": solhoj.slug})).content,
        tmp_path,
    )
    blank = pdf_text(
        client.get(reverse("guidelines:knowledge-blank-pdf", kwargs={"slug": solhoj.slug})).content,
        tmp_path,
    )
    for text in (filled, blank):
        assert "Viden om stress" in text
        assert "Hvad betyder ordet stress for jer hver især?" in text
        assert "Plejecenter Solhøj" in text
    assert "Vi arbejder efter én definition" in filled
    assert "Vi arbejder efter én definition" not in blank
    assert "12. marts 2026" in filled


def test_hr_sets_the_course_offer_for_the_whole_municipality(client_as, solhoj):
    url = reverse("guidelines:knowledge", kwargs={"slug": solhoj.slug})
    assert "ved Stress-enheden" in client_as("medarbejder").get(url).content.decode()
    response = client_as("hr").post(
        reverse("admin:workplaces_municipaltext_add"),
        {"key": "course_offer", "text": "Ring til Stress-enheden på 1234 5678 – kurset er gratis."},
    )
    assert response.status_code == 302
    html = client_as("medarbejder").get(url).content.decode()
    assert "Ring til Stress-enheden på 1234 5678" in html

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from guidelines import content, services
from guidelines.models import Acknowledgement, Guideline, GuidelineCell
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import pdf_text, queries_at_two_sizes
from workplaces.models import Change

pytestmark = pytest.mark.django_db


def _cell_url(workplace, level, zone):
    return reverse(
        "guidelines:cell-edit", kwargs={"slug": workplace.slug, "level": level, "zone": zone}
    )


def _publish(workplace, leder, months=12):
    return services.publish(services.guideline_for(workplace), by=leder, review_months=months)


def test_a_new_guideline_starts_from_the_seed_examples(solhoj):
    guideline = services.guideline_for(solhoj)
    cells = services.cells_by_key(guideline)
    assert len(cells) == 12
    assert cells["employee:danger"].items == ["Tager kontakt til: 1. egen læge 2. leder"]
    assert cells["manager:danger"].items[0] == (
        "Sætter stressbehandling gennem arbejdspladsens kriseordning i værk"
    )
    assert guideline.step == Guideline.Step.COMMITTEE
    assert services.guideline_for(solhoj) == guideline  # started once


@pytest.mark.parametrize(
    ("persona", "level", "status"),
    [
        ("amir", "committee", 200),
        ("amir", "manager", 403),
        ("tr", "team", 200),
        ("tr", "committee", 403),
        ("medarbejder", "employee", 403),
        ("leder", "manager", 200),
        ("leder", "employee", 200),
    ],
)
def test_who_edits_which_cells_follows_the_four_steps(client_as, solhoj, persona, level, status):
    response = client_as(persona).get(_cell_url(solhoj, level, "risk"))
    assert response.status_code == status


def test_unknown_cell_is_404(client_as, solhoj):
    assert client_as("leder").get(_cell_url(solhoj, "boss", "risk")).status_code == 404


def test_editing_a_cell_adds_reorders_and_removes_lines(client_as, solhoj):
    cell_before = services.cells_by_key(services.guideline_for(solhoj))["team:risk"]
    response = client_as("tr").post(
        _cell_url(solhoj, "team", "risk"),
        {
            "version": cell_before.version,
            "items": "  Ny opgave først\n\nTager hånd om nye kolleger ",
        },
        follow=True,
    )
    assert "Rubrikken Teamet / Risikozonen er gemt." in response.content.decode()
    cell = GuidelineCell.objects.get(pk=cell_before.pk)
    assert cell.items == ["Ny opgave først", "Tager hånd om nye kolleger"]
    change = Change.objects.get(field="Teamet / Risikozonen")
    assert change.by.username == "tr"
    assert change.before.startswith("Handler ved tegn på usund stress")


def test_second_save_of_the_same_cell_is_told_and_can_merge(client_as, solhoj):
    cell = services.cells_by_key(services.guideline_for(solhoj))["manager:risk"]
    url = _cell_url(solhoj, "manager", "risk")
    client_as("leder").post(url, {"version": cell.version, "items": "A\nB"})
    other = UserFactory(username="leder-to")
    MembershipFactory(user=other, workplace=solhoj, manager=True)
    from django.test import Client  # noqa: PLC0415

    second = Client()
    second.force_login(other)
    response = second.post(url, {"version": cell.version, "items": "A\nC"})

    html = response.content.decode()
    assert "gemte rubrikken" in html
    assert response.context["form"]["items"].value() == "A\nB\nC"
    assert GuidelineCell.objects.get(pk=cell.pk).items == ["A", "B"]
    merged = second.post(url, {"version": cell.version + 1, "items": "A\nB\nC"})
    assert merged.status_code == 302
    assert GuidelineCell.objects.get(pk=cell.pk).items == ["A", "B", "C"]


def test_editing_one_cell_never_blocks_another(client_as, solhoj):
    cells = services.cells_by_key(services.guideline_for(solhoj))
    client = client_as("leder")
    client.post(_cell_url(solhoj, "manager", "risk"), {"version": 1, "items": "X"})
    response = client.post(_cell_url(solhoj, "manager", "danger"), {"version": 1, "items": "Y"})
    assert response.status_code == 302
    assert GuidelineCell.objects.get(pk=cells["manager:danger"].pk).items == ["Y"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ("x" * 601, "En opgave må højst fylde 600 tegn"),
        ("\n".join(f"Opgave {i}" for i in range(31)), "Højst 30 opgaver i en rubrik"),
    ],
)
def test_bad_cell_input_gets_a_danish_message(client_as, solhoj, items, message):
    services.guideline_for(solhoj)
    response = client_as("leder").post(
        _cell_url(solhoj, "manager", "risk"), {"version": 1, "items": items}
    )
    assert message in response.content.decode()
    assert not Change.objects.exists()


def test_publishing_needs_every_cell_filled(cast, solhoj):
    guideline = services.guideline_for(solhoj)
    GuidelineCell.objects.filter(level="team", zone="danger").update(items=[])
    with pytest.raises(ValidationError, match="Teamet / Farezonen"):
        services.publish(guideline, by=cast["leder"], review_months=12)


def test_publishing_numbers_versions_and_sets_the_review_date(cast, solhoj, time_machine):
    time_machine.move_to(date(2026, 1, 31))
    first = _publish(solhoj, cast["leder"], months=6)
    assert (first.number, first.review_due) == (1, date(2026, 7, 31))
    second = _publish(solhoj, cast["leder"], months=1 + 12 - 1)
    assert (second.number, second.review_due) == (2, date(2027, 1, 31))
    assert services.guideline_for(solhoj).step == Guideline.Step.FOLLOW_UP
    with pytest.raises(ValidationError):
        _publish(solhoj, cast["leder"], months=13)


def test_versions_stay_readable_with_a_diff(client_as, cast, solhoj):
    _publish(solhoj, cast["leder"])
    cell = services.cells_by_key(services.guideline_for(solhoj))["team:wellbeing"]
    services.save_cell(
        cell,
        by=cast["leder"],
        expected_version=cell.version,
        items=["Holder fælles pauser", cell.items[1]],
    )
    _publish(solhoj, cast["leder"])
    html = (
        client_as("medarbejder")
        .get(reverse("guidelines:version", kwargs={"slug": solhoj.slug, "number": 2}))
        .content.decode()
    )
    assert "Ændret siden version 1" in html
    assert "Holder fælles pauser" in html
    assert "Tager medansvar for afdelingens samlede opgaveløsning" in html  # removed
    old = client_as("medarbejder").get(
        reverse("guidelines:version", kwargs={"slug": solhoj.slug, "number": 1})
    )
    assert "Holder fælles pauser" not in old.content.decode()


def test_employee_reads_and_acknowledges_and_the_manager_sees_it(client_as, cast, solhoj):
    version = _publish(solhoj, cast["leder"])
    client = client_as("medarbejder")
    assert "Læs og bekræft de lokale retningslinjer" in client.get("/").content.decode()
    url = reverse("guidelines:acknowledge", kwargs={"slug": solhoj.slug, "number": 1})
    response = client.post(url, follow=True)
    assert "Du har bekræftet jeres lokale retningslinjer, version 1" in response.content.decode()
    client.post(url)  # twice is harmless
    assert Acknowledgement.objects.filter(version=version).count() == 1
    assert "Læs og bekræft" not in client.get("/").content.decode()

    status = client_as("leder").get(
        reverse("guidelines:acknowledgements", kwargs={"slug": solhoj.slug})
    )
    signed = [m.user.username for m, _at in status.context["signed"]]
    missing = [m.user.username for m in status.context["missing"]]
    assert signed == ["medarbejder"]
    assert sorted(missing) == ["amir", "leder", "tr"]
    assert "1 af 4 har bekræftet." in status.content.decode()


def test_acknowledging_an_old_version_is_refused(client_as, cast, solhoj):
    _publish(solhoj, cast["leder"])
    _publish(solhoj, cast["leder"])
    url = reverse("guidelines:acknowledge", kwargs={"slug": solhoj.slug, "number": 1})
    response = client_as("medarbejder").post(url, follow=True)
    assert "Der er kommet en nyere version" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_new_member_is_asked_to_acknowledge(client_as, cast, solhoj, client):
    _publish(solhoj, cast["leder"])
    newcomer = UserFactory(username="ny")
    MembershipFactory(user=newcomer, workplace=solhoj)
    client.force_login(newcomer)
    html = client.get("/").content.decode()
    assert "Læs og bekræft de lokale retningslinjer for Plejecenter Solhøj" in html


def test_step_shows_what_is_missing(client_as, solhoj):
    guideline = services.guideline_for(solhoj)
    GuidelineCell.objects.filter(level="committee", zone="danger").update(items=[])
    html = client_as("amir").get(guideline.get_absolute_url()).content.decode()
    assert "Det mangler I:" in html
    assert "Arbejdsmiljøgruppen/LokalMED / Farezonen" in html
    assert str(content.COMMITTEE_HELP_QUESTIONS[0]) in html

    response = client_as("leder").post(
        reverse("guidelines:step-set", kwargs={"slug": solhoj.slug}), {"step": "3"}, follow=True
    )
    assert "I er nu på Trin 3" in response.content.decode()
    assert (
        client_as("leder")
        .post(reverse("guidelines:step-set", kwargs={"slug": solhoj.slug}), {"step": "9"})
        .status_code
        == 302
    )
    assert Guideline.objects.get(pk=guideline.pk).step == 3


def test_employees_see_no_draft_before_publishing(client_as, solhoj):
    html = (
        client_as("medarbejder")
        .get(reverse("guidelines:guideline", kwargs={"slug": solhoj.slug}))
        .content.decode()
    )
    assert "under udarbejdelse" in html
    assert "Kladde" not in html
    pdf = client_as("medarbejder").get(
        reverse("guidelines:guideline-pdf", kwargs={"slug": solhoj.slug})
    )
    assert pdf.status_code == 403


def test_workshop_view_shows_the_agenda_and_both_groups(client_as, solhoj):
    html = (
        client_as("tr")
        .get(reverse("guidelines:workshop", kwargs={"slug": solhoj.slug}))
        .content.decode()
    )
    assert "Introducer TRF - modellen" in html
    assert "Gruppe 1 arbejder med teamet" in html
    assert html.count("Redigér") >= 6  # team and employee cells, three zones each


def test_guideline_pdf_in_landscape_with_zones_levels_and_cells(client_as, cast, solhoj, tmp_path):
    cell = services.cells_by_key(services.guideline_for(solhoj))["employee:wellbeing"]
    services.save_cell(
        cell, by=cast["leder"], expected_version=1, items=["Går en tur i frokostpausen – æøå"]
    )
    _publish(solhoj, cast["leder"])
    response = client_as("medarbejder").get(
        reverse("guidelines:guideline-pdf", kwargs={"slug": solhoj.slug})
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for word in ["Trivselszonen", "Risikozonen", "Farezonen", "Den enkelte medarbejder",
                 "Teamet", "Personaleleder", "Version 1", "Plejecenter Solhøj"]:  # fmt: skip
        assert word in text
    assert "Går en tur i frokostpausen – æøå" in text
    assert "Sætter stressbehandling gennem" in text

    from pypdf import PdfReader  # noqa: PLC0415

    path = tmp_path / "g.pdf"
    path.write_bytes(response.content)
    reader = PdfReader(path)
    assert len(reader.pages) <= 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape


def test_blank_template_pdf_has_the_seed_examples(client_as, solhoj, tmp_path):
    response = client_as("medarbejder").get(
        reverse("guidelines:template-pdf", kwargs={"slug": solhoj.slug})
    )
    text = pdf_text(response.content, tmp_path)
    assert "Skabelon med eksempler" in text
    assert "Kender egne kilder til trivsel og stress i arbejdslivet" in text
    assert "Hvem har hvilket ansvar" in text


def test_guideline_page_query_count_is_constant(client_as, solhoj, cast):
    client = client_as("leder")
    url = reverse("guidelines:guideline", kwargs={"slug": solhoj.slug})
    _publish(solhoj, cast["leder"])

    def grow(n):
        for _ in range(n):
            cell = GuidelineCell.objects.get(guideline__workplace=solhoj, level="team", zone="risk")
            services.save_cell(cell, by=cast["leder"], expected_version=cell.version, items=["x"])

    small, large = queries_at_two_sizes(lambda: client.get(url), grow, small=1, large=20)
    assert small == large <= 10

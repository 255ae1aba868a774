"""The pocket guide (one foldable page, no personal data) and the agreements to take home."""

from io import BytesIO

from django.urls import reverse

import pytest
from pypdf import PdfReader

from conversations import content
from conversations.models import FollowUpPlan
from tests.conversations.conftest import CANARY
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_pocket_guide_is_one_landscape_page_of_the_seed_texts(client_as, cast, tmp_path):
    response = client_as("leder").get(
        reverse("conversations:guide-pdf", kwargs={"slug": "plejecenter-solhoj"})
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)  # A4 landscape, to fold

    text = pdf_text(response.content, tmp_path)
    for line in [*content.PREPARATIONS, *content.AVOID]:
        assert str(line) in text, line
    for concept, _meaning in content.KEY_CONCEPTS.values():
        assert str(concept) in text
    assert "hjælp medarbejderen ud af stressspiralen" in text
    assert "Hvilke opgaver afleveres – og til hvem?" in text
    assert "Iværksæt umiddelbar handling" in text  # æ, and ø/å below
    assert "Vær tålmodig og imødegå selvbebrejdelse" in text
    assert "Plejecenter Solhøj" in text  # footer
    for person in ("medarbejder", "leder"):
        assert cast[person].display_name not in text


def test_agreements_pdf_for_the_employee_to_take_home(client_as, conversation, tmp_path):
    FollowUpPlan.objects.create(
        conversation=conversation,
        kind="return",
        steps=[{"on": "2026-12-07", "step": "15 timer om ugen – æøå ÆØÅ"}],
    )
    conversation.next_meeting_on = "2026-12-03"
    conversation.save()
    response = client_as("medarbejder").get(
        reverse(
            "conversations:conversation-pdf",
            kwargs={"slug": "plejecenter-solhoj", "pk": conversation.pk},
        )
    )
    assert response["Content-Type"] == "application/pdf"
    assert "aftaler-fra-noeglesamtalen-" in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("max-age=0")
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "Aftaler fra nøglesamtalen",
        f"Til {conversation.employee.display_name}",
        "Møderne i uge 48 er aflyst",
        "Vagtplanen",
        "Søren",
        "At du har fået nogle opgaver taget af dig i en periode",
        "Det siges af: Lederen, på morgenmødet",
        "3. december 2026",
        "Trinvis tilbagevendingsplan",
        "7. december 2026",
        "15 timer om ugen – æøå ÆØÅ",
    ]:
        assert expected in text, expected
    assert CANARY not in text


def test_the_holder_prints_the_same_without_private_notes(client_as, conversation, tmp_path):
    response = client_as("leder").get(
        reverse(
            "conversations:conversation-pdf",
            kwargs={"slug": "plejecenter-solhoj", "pk": conversation.pk},
        )
    )
    assert CANARY not in pdf_text(response.content, tmp_path)

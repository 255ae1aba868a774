"""Hostile input in the free-text fields: script tags, attribute breakers, SQL fragments,
NUL bytes, a megabyte of text, broken encodings. Each gives a clear form error or is
stored and shown escaped (HTML, PDF, CSV); never a 500, never half a save."""

import csv
import io
from html.parser import HTMLParser

from django.urls import reverse
from django.utils.html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iglo.models import IgloPlan
from tests.helpers import pdf_text

SLUG = "plejecenter-solhoj"
SCRIPT = "<script>alert('xss')</script>"
CORPUS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "Robert'); DROP TABLE workplaces_workplace;--",
    "1 OR 1=1; SELECT * FROM auth_user",
    "{{ request.user.password }} {% debug %}",
    "javascript:alert(1)",
    "Ææ Øø Åå – “citat” 🙂 \u202e",
    "før\x00efter",
    "x" * 1_000_000,
]


class FormFields(HTMLParser):
    """The fields (name → value) of the page's post forms, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            chosen = "checked" in a or (a.get("type") == "radio" and name not in self.fields)
            if a.get("type") in {"checkbox", "radio"} and chosen:
                self.fields[name] = a.get("value", "on")
            elif a.get("type") not in {"checkbox", "radio"}:
                self.fields.setdefault(name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in self.fields or "selected" in a)
        ):
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(client, url: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


# (form URL, free-text field, page that shows it, what must not change when refused)
def _forms():
    solhoj = {"slug": SLUG}
    return [
        ("guidelines:knowledge-edit", solhoj, "definition", "guidelines:knowledge"),
        (
            "guidelines:cell-edit",
            {**solhoj, "level": "manager", "zone": "risk"},
            "items",
            "guidelines:guideline",
        ),
        ("iglo:plan-add", solhoj, "title", None),
        ("iglo:plan-add", solhoj, "description", None),
        ("workplaces:help-list", solhoj, "message", "workplaces:help-list"),
    ]


def _post(client, name, kwargs, field, payload):
    url = reverse(name, kwargs=kwargs)
    data = form_of(client, url)
    assert field in data, (name, sorted(data))
    if name == "iglo:plan-add" and field != "title":
        data["title"] = "Travlhed"
    data[field] = payload
    return url, client.post(url, data)


def _shown(client, response, display, kwargs) -> str:
    target = response["Location"] if display is None else reverse(display, kwargs={"slug": SLUG})
    page = client.get(target)
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", CORPUS, ids=range(len(CORPUS)))
@pytest.mark.parametrize("form", range(5))
def test_hostile_text_is_refused_or_shown_escaped(client_as, payload, form):
    name, kwargs, field, display = _forms()[form]
    client = client_as("leder")
    plans = IgloPlan.objects.count()
    _url, response = _post(client, name, kwargs, field, payload)
    assert response.status_code in {200, 302}, response.status_code
    if response.status_code == 200:
        # Refused: the form says why, and nothing was saved.
        assert (
            "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
        )
        assert IgloPlan.objects.count() == plans
        return
    page = _shown(client, response, None if display is None else display, kwargs)
    assert SCRIPT not in page
    assert "onerror=alert(1)>" not in page
    if "\x00" not in payload and len(payload) < 1000:
        first_line = payload.splitlines()[0].strip()
        assert escape(first_line) in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload", [SCRIPT, '"><img src=x onerror=alert(1)>', '=HYPERLINK("http://x")']
)
def test_an_iglo_plan_with_hostile_text_exports_safely(client_as, payload, tmp_path):
    client = client_as("leder")
    _url, response = _post(client, "iglo:plan-add", {"slug": SLUG}, "title", payload)
    assert response.status_code == 302
    plan = IgloPlan.objects.get(title=payload.strip())
    kwargs = {"slug": SLUG, "pk": plan.pk}
    text = pdf_text(client.get(reverse("iglo:plan-pdf", kwargs=kwargs)).content, tmp_path)
    assert payload.strip() in text.replace("\n", "")  # shown as text, not interpreted
    body = client.get(reverse("iglo:plan-csv", kwargs=kwargs)).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    # Spreadsheet formulas are neutralised; other text comes back as it was written.
    assert any(cell.lstrip("'") == payload.strip() for cell in cells)
    assert not any(cell.startswith("=") for cell in cells)


@pytest.mark.django_db
def test_control_characters_are_taken_out_and_line_breaks_kept(client_as):
    client = client_as("leder")
    url = reverse("iglo:plan-add", kwargs={"slug": SLUG})
    data = {
        **form_of(client, url),
        "title": "Travl\x1fhed\x07 i\x00 vagten\x1b[31m",
        "description": "Første linje\r\n\tAnden\x0b linje",
    }
    assert client.post(url, data).status_code == 302
    plan = IgloPlan.objects.get()
    assert plan.title == "Travlhed i vagten[31m"
    assert plan.description == "Første linje\r\n\tAnden linje"
    # The same for views that read the post without a form: a heading on the sorting board.
    from tests.test_permissions import _sorted_round  # noqa: PLC0415

    kwargs = _sorted_round()()
    client.post(
        reverse("riskmapping:category-add", kwargs=kwargs),
        {"colour": "red", "title": "Tid\x08 og\x7f travlhed"},
    )
    from riskmapping.models import Category  # noqa: PLC0415

    assert Category.objects.filter(title="Tid og travlhed").exists()


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused(cast):
    from django.test import Client  # noqa: PLC0415

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["leder"])
    response = client.post(reverse("iglo:plan-add", kwargs={"slug": SLUG}), {"title": "x"})
    assert response.status_code == 403
    assert not IgloPlan.objects.filter(title="x").exists()


@pytest.mark.django_db
def test_broken_utf8_in_a_form_is_not_a_server_error(client_as):
    client = client_as("leder")
    url = reverse("workplaces:help-list", kwargs={"slug": SLUG})
    body = b"kind=course&message=%FF%FE%C3%28"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 302}


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(min_size=0, max_size=400))
def test_any_text_in_an_iglo_plan_title_is_a_form_error_or_a_saved_plan(client_as, text):
    client = client_as("leder")
    before = IgloPlan.objects.count()
    _url, response = _post(client, "iglo:plan-add", {"slug": SLUG}, "title", text)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert IgloPlan.objects.count() == before + 1
        page = client.get(response["Location"]).content.decode()
        assert escape(IgloPlan.objects.latest("pk").title) in page
    else:
        assert IgloPlan.objects.count() == before


# Addresses, dates and names (issue #16) ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/b/abc%00/",
        "/k/abc%00/",
        "/m/AB%00CD/",
        "/m/AB%00CD/status/",
        "/oversight/?q=x%00",
        "/b/abc%1b/",
        "/m/?code=AB%07CD",
    ],
)
@pytest.mark.parametrize("persona", ["anonymous", "hr"])
def test_control_characters_in_an_address_are_a_bad_request(client_as, path, persona):
    response = client_as(persona).get(path)
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_right_drop_link_with_a_nul_byte_after_it_is_a_bad_request(client, cast):
    from tests.test_permissions import _drop_link  # noqa: PLC0415

    token = _drop_link()["token"]
    assert client.get(f"/b/{token}/").status_code == 200
    assert client.get(f"/b/{token}%00/").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_a_key_conversation_keeps_its_dates_within_reach(client_as, cast, day):
    from conversations.models import KeyConversation  # noqa: PLC0415

    client = client_as("leder")
    url = reverse("conversations:conversation-add", kwargs={"slug": SLUG})
    data = {
        **form_of(client, url),
        "employee": cast["medarbejder"].pk,
        "held_on": day,
        "next_meeting_on": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Vælg en dato mellem år 2000 og 2100." in response.content.decode()
    assert not KeyConversation.objects.exists()
    # The date of the next meeting is held to the same years.
    data = {**data, "held_on": "2026-11-30", "next_meeting_on": day}
    assert "Vælg en dato mellem år 2000 og 2100." in client.post(url, data).content.decode()
    assert not KeyConversation.objects.exists()


@pytest.mark.django_db
def test_every_date_field_of_the_app_has_the_same_years():
    from django import forms  # noqa: PLC0415

    from conversations import forms as conversation_forms  # noqa: PLC0415
    from guidelines import forms as guideline_forms  # noqa: PLC0415
    from iglo import forms as iglo_forms  # noqa: PLC0415
    from riskmapping.balls import forms as riskmapping_forms  # noqa: PLC0415
    from riskmapping.dialogue import forms as dialogue_forms  # noqa: PLC0415
    from stressprogram.forms import DateField, DateTimeField  # noqa: PLC0415
    from workplaces import forms as workplace_forms  # noqa: PLC0415

    modules = [
        conversation_forms,
        guideline_forms,
        iglo_forms,
        riskmapping_forms,
        dialogue_forms,
        workplace_forms,
    ]
    fields = [
        (form.__name__, name, field)
        for module in modules
        for form in vars(module).values()
        if isinstance(form, type) and issubclass(form, forms.BaseForm)
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]
    assert len(fields) >= 12
    assert all(isinstance(f, DateField | DateTimeField) for _form, _name, f in fields), fields


SPOOFED = "Leder\u202e\u200b Lis\u200dbeth\u2066\ufeff"


@pytest.mark.django_db
def test_a_guest_name_loses_bidi_overrides_and_zero_width_characters(client, cast):
    from riskmapping.models import MeetingGuest  # noqa: PLC0415
    from tests.test_permissions import _dialogue  # noqa: PLC0415

    code = _dialogue(code=True)()["code"]
    client.post(
        reverse("riskmapping:dialogue-participant", kwargs={"code": code}), {"name": SPOOFED}
    )
    assert MeetingGuest.objects.filter(name="Leder Lisbeth").exists()


@pytest.mark.django_db
def test_a_user_name_loses_bidi_overrides_and_zero_width_characters(client_as, cast):
    from workplaces.models import User  # noqa: PLC0415

    client = client_as("hr")
    person = cast["medarbejder"]
    url = reverse("admin:workplaces_user_change", args=[person.pk])
    data = {
        **form_of(client, url),
        "first_name": SPOOFED,
        "last_name": "Hansen\u200b\u202d",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(pk=person.pk)
    assert (person.first_name, person.last_name) == ("Leder Lisbeth", "Hansen")


def test_only_names_lose_the_joiners_a_note_keeps_its_emoji():
    from django.http import HttpResponse  # noqa: PLC0415
    from django.test import RequestFactory  # noqa: PLC0415

    from stressprogram.middleware import StripControlCharactersMiddleware  # noqa: PLC0415

    request = RequestFactory().post("/", {"note": "👩\u200d⚕️ travlt", "name": "A\u200dB"})
    seen = {}

    def view(request):
        seen.update(request.POST.dict())
        return HttpResponse()

    StripControlCharactersMiddleware(view)(request)
    assert seen == {"note": "👩\u200d⚕️ travlt", "name": "AB"}

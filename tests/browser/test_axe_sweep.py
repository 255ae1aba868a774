"""Issue #10: axe-core (WCAG 2.1 A and AA) over every page of the permission matrix, as
every persona who may open it, at 1280 and 390 px, and no sideways scrolling at 320 px
(WCAG 1.4.10 reflow). Issue #18: in Danish, no page has an error in its console, a request
that failed or an image that did not load.

To stay fast, each URL's data is made once, personas sign in by session cookie, one
Chromium page serves the whole sweep and is resized rather than reloaded, and a persona
whose page is the same as one already checked (apart from name and CSRF token) is not
checked again."""

import hashlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import AXE_OPTIONS, violation_report
from workplaces.models import User, Workplace

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
REFLOW_WIDTH = 320
HEIGHT = 800

# Pages that answer with a piece of HTML for htmx to swap into another page: axe checks
# them there. Non-HTML answers (PDF, CSV, JSON, ICS, SVG) are skipped by Content-Type.
FRAGMENTS = {
    "iglo:plan-live": "the plan's live part, polled into iglo:plan",
    "iglo:action-watch": "the note that someone else saved, polled into iglo:action-edit",
    "riskmapping:projector-live": "the board, polled into riskmapping:projector",
    "riskmapping:dialogue-board-live": "the board, polled into riskmapping:dialogue-board",
    "riskmapping:presenter-live": "the room's screen, polled into riskmapping:presenter",
}

Factory = Callable[[], dict[str, object]]


def _pages() -> list[tuple[str, Factory, str]]:
    """(URL name, kwargs factory, persona) for each page a persona opens with a GET and
    gets 200, as the views declare (tests/test_permissions.py)."""
    from tests.test_permissions import get_pages  # noqa: PLC0415

    return get_pages()


def _by_url() -> dict[str, tuple[Factory, list[str]]]:
    urls: dict[str, tuple[Factory, list[str]]] = {}
    for name, factory, persona in _pages():
        urls.setdefault(name, (factory, []))[1].append(persona)
    return urls


URLS = _by_url()

# The page as the server made it for anybody: without the CSRF token, the signed-in
# person's name and the session's countdown.
ANYBODYS_PAGE = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("[name=csrfmiddlewaretoken]").forEach(e => e.removeAttribute("value"));
  root.querySelectorAll(".navbar-text").forEach(e => e.replaceChildren());
  root.querySelector("body").removeAttribute("data-session-expires-in");
  return root.outerHTML;
}"""

# The innermost elements whose content sticks out of them, not counting those inside a
# box that scrolls (a wide table in .table-responsive may scroll, WCAG 1.4.10).
STICKING_OUT = """() => {
  const clips = el => getComputedStyle(el).overflowX !== "visible";
  const inScroller = el => {
    for (let up = el.parentElement; up; up = up.parentElement) if (clips(up)) return true;
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(
    el => el.scrollWidth > el.clientWidth + 1 && !clips(el) && !inScroller(el));
  return wide.filter(el => !wide.some(other => other !== el && el.contains(other))).map(
    el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + [...el.classList].map(c => "." + c).join("") + ": " + el.textContent.trim().slice(0, 60));
}"""


# Images on the page that did not load (or have not, once the page has).
BROKEN_IMAGES = """() => [...document.images].filter(img => !img.complete || img.naturalWidth === 0)
  .map(img => img.currentSrc || img.src)"""

# What went wrong on each watched page since it was last asked (see troubles()).
_TROUBLES: dict[Page, list[str]] = {}


def watch(page: Page) -> Page:
    """Gather what goes wrong on `page` from now on: errors in its console and scripts,
    requests that fail or are answered with an error."""
    found = _TROUBLES.setdefault(page, [])

    def console(message) -> None:
        if message.type == "error":
            found.append(f"console error: {message.text}")

    def response(answer) -> None:
        # The page's own status is each test's to check (error pages have theirs).
        if answer.status >= 400 and answer.request.resource_type != "document":
            found.append(f"{answer.status} for {answer.url}")

    def failed(request) -> None:
        # A poll (the room screen's, every few seconds) still under way when the test goes
        # to the next page is cut off by the browser: the page's leaving, not a fault.
        polling = request.resource_type in ("xhr", "fetch")
        if not (polling and request.failure == "net::ERR_ABORTED"):
            found.append(f"request failed: {request.url} ({request.failure})")

    page.on("console", console)
    page.on("pageerror", lambda error: found.append(f"script error: {error}"))
    page.on("requestfailed", failed)
    page.on("response", response)
    return page


def troubles(page: Page, label: str) -> list[str]:
    """What went wrong on `page` since last asked, and the images on it that did not load."""
    found = _TROUBLES[page] + [f"image did not load: {src}" for src in page.evaluate(BROKEN_IMAGES)]
    _TROUBLES[page].clear()
    return [f"{label}: {trouble}" for trouble in found]


@pytest.fixture(scope="module")
def _one_page(browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": WIDTHS[0], "height": HEIGHT},
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
    )
    yield watch(context.new_page())
    context.close()


@pytest.fixture
def sweep_page(_one_page: Page) -> Iterator[Page]:
    """The sweep's one page, left blank after each test: a page that polls (the dialogue
    board) would otherwise ask the live server while the test's data is flushed, and its
    query and the flush can deadlock."""
    _TROUBLES[_one_page].clear()
    yield _one_page
    _one_page.goto("about:blank")


def sign_in(context: BrowserContext, user: User | None, base_url: str) -> None:
    """Sign `user` in (None: out) by handing the browser a session cookie."""
    context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def check_page(page: Page, label: str) -> list[str]:
    """Run axe at each width, resizing without reloading, and check the reflow at 320 px
    and the troubles(); return the failures."""
    failures = []
    page.evaluate(Axe().axe_script)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        # The media queries follow the resize, so the page need not be reloaded.
        assert page.evaluate(f"matchMedia('(width: {width}px)').matches")
        # One frame for the page's resize observers (static/js/scroll-regions.js), as any
        # user gets before their next key press.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        # Only the violations cross back: the whole result takes longer to serialise.
        violations = page.evaluate("o => axe.run(document, o).then(r => r.violations)", AXE_OPTIONS)
        if violations:
            failures.append(f"{label} at {width} px:\n{violation_report(violations)}")
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": HEIGHT})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > REFLOW_WIDTH + 1:
        culprits = "\n    ".join(page.evaluate(STICKING_OUT))
        failures.append(f"{label} is {scroll_width} px wide at {REFLOW_WIDTH} px:\n    {culprits}")
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    return failures + troubles(page, label)


@pytest.mark.parametrize("name", sorted(URLS))
def test_page_is_accessible_to_every_persona(name, cast, live_server, sweep_page):
    factory, personas = URLS[name]
    url = live_server.url + reverse(name, kwargs=factory())
    sign_in(sweep_page.context, cast[personas[0]], live_server.url)
    probe = sweep_page.context.request.get(url)
    if not probe.headers["content-type"].startswith("text/html"):
        pytest.skip(f"{name} is not HTML: {probe.headers['content-type']}")
    if "<html" not in probe.text()[:500].lower():
        assert name in FRAGMENTS, f"{name} answers with a fragment: list it in FRAGMENTS"
        pytest.skip(f"{name} is a fragment: {FRAGMENTS[name]}")

    failures, seen = [], set()
    for persona in personas:
        # Leave the last persona's page first: a phone's or screen's poll from it must not
        # run on the next persona's session (a 404 for someone without a seat).
        sweep_page.goto("about:blank")
        _TROUBLES[sweep_page].clear()
        sign_in(sweep_page.context, cast[persona], live_server.url)
        response = sweep_page.goto(url)
        assert response is not None
        assert response.status == 200, (name, persona)
        failures += troubles(sweep_page, f"{name} as {persona}")
        rendering = hashlib.sha256(sweep_page.evaluate(ANYBODYS_PAGE).encode()).digest()
        if rendering in seen:
            continue
        seen.add(rendering)
        failures += check_page(sweep_page, f"{name} as {persona}")
    assert not failures, "\n\n".join(failures)


# Issue #18: the error pages, as a signed-in employee meets them.
ERROR_PAGES = {
    400: lambda: "/fejl/400/",
    403: lambda: reverse("guidelines:priority-plan-edit", args=[SLUG]),
    404: lambda: "/findes-ikke/",
    500: lambda: "/fejl/500/",
}


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("status", ERROR_PAGES)
def test_error_page_is_accessible(status, cast, live_server, sweep_page):
    sign_in(sweep_page.context, cast["medarbejder"], live_server.url)
    response = sweep_page.goto(live_server.url + ERROR_PAGES[status]())
    assert response is not None
    assert response.status == status
    expect(sweep_page.get_by_role("link", name="Gå til forsiden")).to_be_visible()
    # Chromium's console reports the page's own status; nothing else may go wrong.
    own = f"Failed to load resource: the server responded with a status of {status} "
    failures = [f for f in check_page(sweep_page, f"the {status} page") if own not in f]
    assert not failures, "\n\n".join(failures)


# Error states: the main forms sent with invalid input, checked as the sweep checks pages.
SLUG = "plejecenter-solhoj"


class InvalidInput(NamedTuple):
    name: str  # the form's URL name
    persona: str
    button: str  # the one that sends the form
    fields: dict[str, str]  # label -> what to type
    kwargs: Factory = lambda: {"slug": SLUG}
    meanwhile: Callable[[], object] | None = None  # runs after the form is shown


def _iglo_plan() -> dict[str, object]:
    from iglo import services  # noqa: PLC0415

    leder = User.objects.get(username="leder")
    plan = services.start_plan(Workplace.objects.get(slug=SLUG), by=leder, title="Travlhed")
    return {"slug": SLUG, "pk": plan.pk}


def _planned_round() -> dict[str, object]:
    from riskmapping.balls import services  # noqa: PLC0415

    leder = User.objects.get(username="leder")
    workplace = Workplace.objects.get(slug=SLUG)
    first_day = timezone.localdate() + timedelta(days=7)
    ball_round = services.plan_round(workplace, by=leder, first_day=first_day, weekends_count=True)
    return {"slug": SLUG, "pk": ball_round.pk}


def _someone_saves_the_knowledge() -> None:
    from guidelines import services  # noqa: PLC0415

    knowledge = services.knowledge_for(Workplace.objects.get(slug=SLUG))
    services.save_knowledge(
        knowledge,
        by=User.objects.get(username="leder"),
        expected_version=knowledge.version,
        answers=knowledge.answers,
        definition="Lederens definition",
        discussed_in_committee_on=None,
        discussed_with_employees_on=None,
    )


INVALID_INPUT = {
    "member": InvalidInput("workplaces:member-add", "leder", "Tilføj", {}),
    # The knowledge has no invalid input, but two may edit it at once.
    "knowledge": InvalidInput(
        "guidelines:knowledge-edit",
        "amir",
        "Gem",
        {"Vores definition af stress": "AMiR's definition"},
        meanwhile=_someone_saves_the_knowledge,
    ),
    "guideline-cell": InvalidInput(
        "guidelines:cell-edit",
        "leder",
        "Gem rubrik",
        {"Opgaver og ansvar – én pr. linje": "\n".join(f"Opgave {n}" for n in range(31))},
        kwargs=lambda: {"slug": SLUG, "level": "committee", "zone": "risk"},
    ),
    "priority-plan": InvalidInput(
        "guidelines:priority-plan-edit", "tr", "Gem som ny revision", {"Note": "Uden opgave"}
    ),
    "iglo-plan": InvalidInput("iglo:plan-add", "leder", "Opret handleplan", {}),
    "iglo-action": InvalidInput("iglo:action-add", "amir", "Gem handling", {}, kwargs=_iglo_plan),
    "key-conversation": InvalidInput("conversations:conversation-add", "leder", "Gem samtalen", {}),
    "ball-round": InvalidInput(
        "riskmapping:ballround-plan", "leder", "Gem procesplanen", {"Første dag med bolde": ""}
    ),
    "dialogue": InvalidInput("riskmapping:dialogue-plan", "leder", "Planlæg mødet", {}),
    "cancel-round": InvalidInput(
        "riskmapping:ballround-cancel",
        "leder",
        "Aflys og giv deltagerne besked",
        {},
        kwargs=_planned_round,
    ),
    "password-change": InvalidInput(
        "password_change",
        "medarbejder",
        "Skift adgangskode",
        {
            "Gammel adgangskode": "forkert",
            "Ny adgangskode": "lang-nok-og-ny-1",
            "Bekræftelse af ny adgangskode": "en-anden-2",
        },
        kwargs=dict,
    ),
    "login": InvalidInput(
        "login",
        "anonymous",
        "Log ind",
        {"Brugernavn": "medarbejder", "Adgangskode": "forkert"},
        kwargs=dict,
    ),
}


@pytest.mark.parametrize("form", INVALID_INPUT.values(), ids=INVALID_INPUT.keys())
def test_form_with_errors_is_accessible(form, cast, live_server, sweep_page):
    sign_in(sweep_page.context, cast[form.persona], live_server.url)
    sweep_page.goto(live_server.url + reverse(form.name, kwargs=form.kwargs()))
    for label, value in form.fields.items():
        # A required field's label ends in crispy's asterisk.
        field = sweep_page.get_by_label(label, exact=True)
        field.or_(sweep_page.get_by_label(f"{label}*", exact=True)).first.fill(value)
    if form.meanwhile:
        form.meanwhile()
    sweep_page.get_by_role("button", name=form.button, exact=True).click()

    errors = sweep_page.locator("main").locator(".invalid-feedback, .alert-danger, .alert-warning")
    expect(errors.first).to_be_visible()
    failures = check_page(sweep_page, f"{form.name} with errors")
    assert not failures, "\n\n".join(failures)


# Red and green are never told by colour alone (WCAG 1.4.1): each coloured thing shows the
# colour's name in words a sighted reader sees, not only in text for screen readers.
UNNAMED = """([selector, word]) => [...document.querySelectorAll(selector)].filter(coloured =>
  ![coloured, ...coloured.querySelectorAll("*")].some(part => {
    const box = part.getBoundingClientRect();
    const own = [...part.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
      .map(n => n.textContent).join("").toLowerCase();
    return own.includes(word) && box.width > 1 && box.height > 1;
  })).length"""


def assert_colours_named(page: Page, *named: tuple[str, str]) -> None:
    """Every element matching each selector shows its word (lower case)."""
    for selector, word in named:
        expect(page.locator(selector).first).to_be_attached()
        assert page.evaluate(UNNAMED, [selector, word]) == 0, f"{selector} without “{word}”"


def test_red_and_green_are_named_in_words(cast, solhoj, live_server, sweep_page):
    from riskmapping.balls import services  # noqa: PLC0415
    from riskmapping.dialogue import services as dialogue  # noqa: PLC0415
    from riskmapping.models import Ball, StickyNote  # noqa: PLC0415
    from riskmapping.sorting import services as sorting  # noqa: PLC0415
    from tests.riskmapping.dialogue_setup import employees, running  # noqa: PLC0415

    leder = cast["leder"]
    helpers = employees(solhoj, 2, prefix="hjaelper")  # five drop: the figures are shown
    first_day = timezone.localdate() - timedelta(days=20)
    ball_round = services.plan_round(solhoj, by=leder, first_day=first_day, weekends_count=True)
    services.start_round(ball_round, by=leder)
    people = [cast["medarbejder"], cast["amir"], cast["tr"], *helpers]
    for person, colour in zip(people, ["red", "green", "red", "green", "red"], strict=True):
        services.drop_ball(
            ball_round, participant=person, colour=colour, note="Seddel", today=first_day
        )
    ball_round = services.begin_sorting(ball_round, by=leder)
    sign_in(sweep_page.context, leder, live_server.url)

    # The unsorted notes of both colours, side by side.
    sweep_page.goto(live_server.url + reverse("riskmapping:sorting", args=[SLUG, ball_round.pk]))
    assert_colours_named(sweep_page, (".note-red", "rød"), (".note-green", "grøn"))

    for colour, title in (("red", "Travlhed"), ("green", "Godt samarbejde")):
        heading = sorting.add_category(ball_round, colour=colour, title=title)
        for ball in Ball.objects.filter(round=ball_round, colour=colour):
            sorting.file_note(ball_round, ball.pk, category=heading)
    services.begin_meeting(ball_round, by=leder)
    services.finish_round(ball_round, by=leder)

    # The results: hatched and dotted bars with a legend in words, headings of both colours.
    sweep_page.goto(live_server.url + reverse("riskmapping:ballround", args=[SLUG]))
    for pattern in ("red", "green"):
        bars = sweep_page.locator(f".results-chart rect[fill='url(#results-chart-{pattern})']")
        expect(bars.first).to_be_attached()
    assert_colours_named(
        sweep_page,
        (".chart-legend", "røde bolde, skraveret"),
        (".chart-legend", "grønne bolde, prikket"),
        (".category-red", "rød"),
        (".category-green", "grøn"),
    )
    # The sweep's pages have little data; these have the notes, figures and chart.
    failures = check_page(sweep_page, "the round's results")

    # Bilag 6: a group presents its notes of both colours on the board.
    meeting = running(cast, solhoj, phase="presentations", extra=0)
    group = meeting.groups.get(number=dialogue.timer(meeting).presenting_group)
    for colour in ("red", "green"):
        StickyNote.objects.create(meeting=meeting, group=group, colour=colour, note="Post-it")
    sweep_page.goto(
        live_server.url + reverse("riskmapping:dialogue-board", args=[SLUG, meeting.pk])
    )
    assert_colours_named(sweep_page, (".note-red", "rød"), (".note-green", "grøn"))
    failures += check_page(sweep_page, "the board's presentations")
    assert not failures, "\n\n".join(failures)

"""The Content-Security-Policy in a real browser: the main pages trigger no violation; and
the session's warning before the idle timeout, with "Forlæng"."""

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from guidelines import services as guideline_services
from iglo import services as iglo_services

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any script of the page (through the DevTools protocol, not blocked by CSP).
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__csp.push(`${event.effectiveDirective} ${event.blockedURI} ${where}`);
});
"""


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__csp")


def test_the_main_pages_break_no_rule_of_the_policy(page: Page, live_server, cast, solhoj, login):
    guideline_services.guideline_for(solhoj)
    plan = iglo_services.start_plan(
        solhoj, by=cast["leder"], title="Travlhed", responsible_manager=cast["leder"]
    )
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    login(page, live_server, "leder")

    for path in [
        "/",
        solhoj.get_absolute_url(),
        f"/workplaces/{solhoj.slug}/guideline/",
        plan.get_absolute_url(),
        "/oversight/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.querySelectorAll('style').length") == 0, path
        assert _violations(page) == [], path
    assert console == []

    # The collector does catch a violation: an inline style set by script is refused.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    # The report comes as an event a moment later: wait for it, not for a fixed time.
    page.wait_for_function("window.__csp.some((v) => v.startsWith('style-src'))")


def test_the_page_warns_before_the_idle_timeout_and_forlaeng_keeps_the_session(
    page: Page, live_server, cast, login, settings, time_machine, assert_accessible
):
    """With the real limits (30 minutes idle, the warning two minutes before): the page's
    clock (Playwright's) and the server's (time-machine) jump ahead together."""
    idle, warning_at = settings.SESSION_IDLE_TIMEOUT, settings.SESSION_IDLE_WARNING
    time_machine.move_to(timezone.now(), tick=True)
    page.clock.install()

    def later(seconds: int) -> None:
        time_machine.shift(seconds)
        page.clock.fast_forward(seconds * 1000)

    login(page, live_server, "leder")
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()

    # Not yet ten seconds before the warning; then, the warning.
    later(idle - warning_at - 10)
    page.clock.run_for(2_000)
    expect(warning).to_be_hidden()
    later(15)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Du bliver snart logget ud")
    assert_accessible(page)
    page.get_by_role("button", name="Forlæng").click()
    expect(warning).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Velkommen")

    # Without activity it comes back, and at the end the page goes to the login form.
    later(idle - warning_at + 5)
    expect(warning).to_be_visible()
    later(warning_at)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_text("fordi du ikke har været aktiv")).to_be_visible()

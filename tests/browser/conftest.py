"""Playwright drives Debian's Chromium (never `playwright install`); axe-core checks WCAG 2.1 AA."""

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

HERE = Path(__file__).parent
DEMO_PASSWORD = "demo"  # every persona's, see tests/factories.py
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Hooks see the whole session's items, so mark only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    # Replaces pytest-playwright's fallback fixture, a session-scoped instance method that
    # pytest 9 warns about (PytestRemovedIn10Warning); page.goto("/") reaches the live server.
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # Chromium asks for en-US by default; our users' browsers ask for Danish.
    return {**browser_context_args, "locale": "da-DK", "timezone_id": "Europe/Copenhagen"}


def violation_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}"
            for node in violation["nodes"]
        )
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """`assert_accessible(page)` fails listing every axe-core violation on the page."""
    axe = Axe()

    def check(page: Page) -> None:
        page.wait_for_load_state("load")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"axe-core on {page.url}:\n{violation_report(violations)}"

    return check


@pytest.fixture
def login() -> Callable[..., None]:
    """`login(page, live_server, "leder")` signs in through the real login form."""

    def sign_in(page: Page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Velkommen")

    return sign_in

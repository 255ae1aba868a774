"""What each persona gets from each view, declared beside the view and checked by
tests/test_permissions.py for every URL (as pretix's and 18F tock's URL walks do).

`@expects(get=READ, post=...)` goes outermost on a view and only records the declaration:
who decides is still `workplaces.access`. The personas are the test cast (tests/conftest.py):
the employee, the tillidsvalgte and the manager of Plejecenter Solhøj, the manager of another
workplace, HR-admin, and someone not logged in. A profile says the status each of them gets
from a request without data: a form view answers an empty POST with its form again (200).
Methods a view does not declare are refused (405, or the login, 403 or 404 before that).
"""

from collections.abc import Callable, Mapping
from typing import TypeVar

ANONYMOUS, EMPLOYEE, AMIR, TR, MANAGER, OUTSIDER, HR = PERSONAS = (
    "anonymous",
    "medarbejder",
    "amir",
    "tr",
    "leder",
    "outsider",  # manager of another workplace
    "hr",
)

Outcome = Mapping[str, int]  # persona -> HTTP status
View = TypeVar("View", bound=Callable)
ATTRIBUTE = "expected_outcomes"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def logged_in(status: int) -> dict[str, int]:
    """`status` for everyone logged in; the anonymous are sent to the login page."""
    return {**everyone(status), ANONYMOUS: 302}


PUBLIC = everyone(200)
LOGGED_IN = logged_in(200)
# A workplace's pages: its members and HR read; other workplaces' people get 404.
READ = {ANONYMOUS: 302, EMPLOYEE: 200, AMIR: 200, TR: 200, MANAGER: 200, OUTSIDER: 404, HR: 200}
MANAGE = {**READ, EMPLOYEE: 403, AMIR: 403, TR: 403, HR: 403}
MANAGE_POST = {**MANAGE, MANAGER: 302}
# The organisation of a workplace (members, kind, reminder hour): its manager and HR.
ORGANISE = {**MANAGE, HR: 200}
ORGANISE_POST = {**MANAGE_POST, HR: 302}
# Bilag 1 and the committee's cells of Bilag 2: the manager and the AMiR (for the AMG).
COMMITTEE_EDIT = {**MANAGE, AMIR: 200}
# The manager with the tillidsvalgte (AMiR and TR).
FACILITATE = {**COMMITTEE_EDIT, TR: 200}
FACILITATE_POST = {**FACILITATE, AMIR: 302, TR: 302, MANAGER: 302}
# Every member takes part; HR looks on but takes no part.
MEMBERS = {**READ, HR: 403}
MEMBERS_POST = {**MEMBERS, EMPLOYEE: 302, AMIR: 302, TR: 302, MANAGER: 302}
# A key conversation is health data: 404 for all but its holder (leder) and its subject.
HOLDER_AND_SUBJECT = {**everyone(404), ANONYMOUS: 302, EMPLOYEE: 200, MANAGER: 200}
HOLDER = {**HOLDER_AND_SUBJECT, EMPLOYEE: 403}
HOLDER_POST = {**HOLDER, MANAGER: 302}
HR_ONLY = {**logged_in(403), HR: 200}
HR_ONLY_POST = {**HR_ONLY, HR: 302}
# Oversight: HR sees every workplace, a manager (leder, outsider) their own.
OVERSEE = {**logged_in(403), MANAGER: 200, OUTSIDER: 200, HR: 200}
# Bilag 6 on the phones: the members of the workplace; outsiders, HR and strangers are not
# let in (a stranger with the code asks at the door instead).
PHONE = {**everyone(404), EMPLOYEE: 200, AMIR: 200, TR: 200, MANAGER: 200}
PHONE_POST = {**PHONE, EMPLOYEE: 302, AMIR: 302, TR: 302, MANAGER: 302}


def _checked(method: str, outcome: Outcome) -> dict[str, int]:
    if set(outcome) != set(PERSONAS):
        missing, extra = set(PERSONAS) - set(outcome), set(outcome) - set(PERSONAS)
        raise ValueError(f"{method}: personas missing {missing or '-'}, unknown {extra or '-'}")
    return dict(outcome)


def expects(*, get: Outcome | None = None, post: Outcome | None = None) -> Callable[[View], View]:
    """Declare the status each persona gets for each method the view serves."""
    declared = {
        method: _checked(method, outcome)
        for method, outcome in (("GET", get), ("POST", post))
        if outcome is not None
    }
    if not declared:
        raise ValueError("Declare at least one method.")

    def decorator(view: View) -> View:
        setattr(view, ATTRIBUTE, declared)
        return view

    return decorator


def declared_on(view: Callable) -> dict[str, dict[str, int]] | None:
    """The view's declaration (method -> persona -> status), or None."""
    return getattr(view, ATTRIBUTE, None)

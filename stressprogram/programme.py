"""The seven steps of the stress policy (Bilag 1–7) as the workplace home lists them.

Each annex app adds its `url_name` here when it is built; until then the step is shown
without a link. `asked` names the roles the step's "Hvem" section makes responsible.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from workplaces.models import Membership, Workplace

Role = Membership.Role


@dataclass(frozen=True)
class Step:
    annex: int
    title: str
    summary: str
    asked: tuple[str, ...]
    url_name: str | None = None
    for_kind: str | None = None  # risk-mapping methods suit one kind of workplace


STEPS = (
    Step(
        1,
        _("Viden om stress"),
        _("Arbejdsmiljøgruppen skaber en fælles forståelse af, hvad stress er."),
        (Role.MANAGER, Role.AMIR),
    ),
    Step(
        2,
        _("Lokale retningslinjer"),
        _("Hvem gør hvad i trivsels-, risiko- og farezonen (TRF-modellen)."),
        (Role.MANAGER, Role.AMIR, Role.TR),
    ),
    Step(
        3,
        _("Prioriteringsplan"),
        _("Hvad prioriteres, når der opstår stress – lavet mens der er ro på."),
        (Role.MANAGER, Role.AMIR, Role.TR),
    ),
    Step(
        4,
        _("Nøglesamtalen"),
        _("Lederens første samtale med en medarbejder, der oplever stress."),
        (Role.MANAGER,),
    ),
    Step(
        5,
        _("Boldmetoden"),
        _("14 dages afdækning af risikofaktorer med røde og grønne bolde."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        for_kind=Workplace.Kind.STATIONARY,
    ),
    Step(
        6,
        _("Dialogmetoden"),
        _("Et dialogmøde på 2 timer, der afdækker risikofaktorer for udekørende."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        for_kind=Workplace.Kind.MOBILE,
    ),
    Step(
        7,
        _("IGLO-handleplan"),
        _("Handlinger på individ-, gruppe-, ledelses- og organisationsniveau."),
        (Role.MANAGER, Role.AMIR, Role.TR),
    ),
)


@dataclass(frozen=True)
class StepView:
    step: Step
    recommended: bool
    contacts: list[Membership]


def programme_for(workplace: Workplace, members: list[Membership]) -> list[StepView]:
    """The steps with, for each, whether it suits this workplace and whom to ask."""
    return [
        StepView(
            step=step,
            recommended=step.for_kind in (None, workplace.kind),
            contacts=[m for m in members if m.role in step.asked],
        )
        for step in STEPS
    ]

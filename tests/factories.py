from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from workplaces.models import (
    Area,
    LocalCommittee,
    Membership,
    User,
    WorkEnvironmentGroup,
    Workplace,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Iterator(["Anne", "Bo", "Søren", "Åse", "Ørjan", "Ærø"])
    last_name = factory.Iterator(["Hansen", "Jørgensen", "Sørensen", "Ågård"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    class Params:
        hr = factory.Trait(is_hr_admin=True)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["name"]

    name = "Sundhed og Omsorg"


class WorkplaceFactory(DjangoModelFactory):
    class Meta:
        model = Workplace
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Arbejdsplads {n}")
    slug = factory.Sequence(lambda n: f"arbejdsplads-{n}")
    area = factory.SubFactory(AreaFactory)
    kind = Workplace.Kind.STATIONARY

    class Params:
        mobile = factory.Trait(kind=Workplace.Kind.MOBILE)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workplace = factory.SubFactory(WorkplaceFactory)
    role = Membership.Role.EMPLOYEE

    class Params:
        manager = factory.Trait(role=Membership.Role.MANAGER)
        amir = factory.Trait(role=Membership.Role.AMIR)
        tr = factory.Trait(role=Membership.Role.TR)


class LocalCommitteeFactory(DjangoModelFactory):
    class Meta:
        model = LocalCommittee

    name = factory.Sequence(lambda n: f"LokalMED {n}")


class WorkEnvironmentGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkEnvironmentGroup

    name = factory.Sequence(lambda n: f"AMG {n}")


class KeyConversationFactory(DjangoModelFactory):
    """A key conversation with agreements; give `workplace`, `manager` and `employee`."""

    class Meta:
        model = "conversations.KeyConversation"

    held_on = factory.LazyFunction(timezone.localdate)
    calm = True
    hope = True
    immediate_action = True
    calendar = "Møderne i uge 48 er aflyst"
    handovers = factory.LazyFunction(lambda: [{"task": "Vagtplanen", "to": "Søren"}])
    colleagues_message = "At du har fået nogle opgaver taget af dig i en periode"
    told_by = "Lederen, på morgenmødet"
    private_notes = "HEMMELIG-NOTE-KANARIE: sover dårligt"

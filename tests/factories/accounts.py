import factory
from django.utils import timezone

from accounts.api_keys import api_key_create
from accounts.models import Membership, Organization, User
from accounts.roles import BuyerType, OrganizationKind, Role
from accounts.services import membership_create

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    # Verified, as every account that acts is; `email_verified_at=None` for one that
    # has just signed up.
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = OrganizationKind.BUYER
    buyer_type = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == OrganizationKind.BUYER),
        yes_declaration=BuyerType.MUNICIPAL,
        no_declaration="",
    )
    region = "CN"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.REQUESTER
    is_admin = False


class PlatformMemberFactory(UserFactory):
    """A member of the platform's staff: a curator, or the `role` given (finance …).
    Added through the service, which puts them in the role's group and so gives
    them its permissions."""

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            membership_create(
                organization=OrganizationFactory(kind=OrganizationKind.PLATFORM),
                user=obj,
                role=extracted or Role.CURATOR,
            )


class ApiKeyFactory:
    """Keys are only ever made by the service, which returns the secret once."""

    @staticmethod
    def create(*, user=None, organization=None, name="test key"):
        if user is None:
            membership = MembershipFactory()
            user, organization = membership.user, membership.organization
        return api_key_create(user=user, name=name, organization=organization)

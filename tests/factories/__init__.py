from .accounts import (
    ApiKeyFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

__all__ = ["ApiKeyFactory", "MembershipFactory", "OrganizationFactory", "UserFactory"]

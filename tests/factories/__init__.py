from .accounts import (
    ApiKeyFactory,
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
    UserFactory,
)

__all__ = [
    "ApiKeyFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "PlatformMemberFactory",
    "UserFactory",
]

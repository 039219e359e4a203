"""One authorization model: who may do what is a capability (`roles.py`).

- `can(actor, capability)`: a membership has the capabilities of its role (and of
  administration); a user has those of their role in the platform organization
  (curators, finance), and a superuser has every platform capability.
- The Django permissions the Wagtail admin checks follow from the same
  capabilities. Each app declares, on its AppConfig, the permissions a capability
  needs in its models (`capability_permissions`); `staff_groups_sync` gives each
  platform role's group exactly the permissions of the role's capabilities. It runs
  after every `migrate` and after a test database flush (`post_migrate`), so no
  migration or service grants permissions by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from .models import Membership, User
from .roles import (
    CAPABILITIES,
    PLATFORM_CAPABILITIES,
    STAFF_GROUP_SETTINGS,
    Capability,
    OrganizationKind,
)


def _platform_capabilities(user: User) -> frozenset[Capability]:
    """What the user may do as platform staff, read once per user object."""
    cached = getattr(user, "_platform_capabilities", None)
    if cached is None:
        if user.is_superuser:
            cached = PLATFORM_CAPABILITIES
        else:
            cached = frozenset().union(
                *(
                    membership.capabilities
                    for membership in Membership.objects.filter(
                        user=user, organization__kind=OrganizationKind.PLATFORM
                    )
                )
            )
        user._platform_capabilities = cached  # type: ignore[attr-defined]
    return cached


def can(
    actor: User | AnonymousUser | Membership | None, capability: Capability
) -> bool:
    """Whether the member (in their organization) or the user (as platform staff)
    may do what `capability` names."""
    if actor is None:
        return False
    if isinstance(actor, Membership):
        return actor.user.is_active and actor.can(capability)
    if not actor.is_authenticated or not actor.is_active:
        return False
    return capability in _platform_capabilities(actor)


# The Django permissions of each capability ------------------------------------------


def capability_permissions() -> dict[Capability, set[str]]:
    """Every app's declaration, merged: capability → {"app_label.codename"}."""
    merged: dict[Capability, set[str]] = {}
    for config in global_apps.get_app_configs():
        declared = getattr(config, "capability_permissions", {})
        for capability, permissions in declared.items():
            merged.setdefault(capability, set()).update(permissions)
    return merged


def role_permissions(role: str) -> set[str]:
    """The Django permissions a platform role's group gets."""
    declared = capability_permissions()
    return set().union(
        *(declared.get(capability, set()) for capability in CAPABILITIES[role])
    )


def _permission_objects(names: Iterable[str]) -> list[Permission]:
    names = sorted(set(names))
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(names) - {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in found
    }
    if missing:
        raise ImproperlyConfigured(
            f"Declared permissions that do not exist: {', '.join(sorted(missing))}"
        )
    return found


def staff_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(
        name=getattr(settings, STAFF_GROUP_SETTINGS[role])
    )
    return group


def staff_groups_sync(**kwargs) -> None:
    """Give each platform role's group exactly its capabilities' permissions (and
    take away any other). Safe to run again; `post_migrate` runs it."""
    # Permissions are made after each app's migrations; make them all now, since
    # this may run before the later apps' turn.
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0)
    if global_apps.is_installed("wagtail.snippets"):
        # Wagtail makes the publish, lock and unlock permissions of snippets on
        # its own app's turn, which comes after ours.
        from wagtail.snippets.models import create_extra_permissions

        create_extra_permissions(global_apps.get_app_config("wagtailsnippets"))
    for role in STAFF_GROUP_SETTINGS:
        staff_group(role).permissions.set(_permission_objects(role_permissions(role)))


def staff_groups_of(user: User) -> None:
    """Put the user in the group of each platform role they hold, and out of the
    others."""
    roles = set(
        Membership.objects.filter(
            user=user, organization__kind=OrganizationKind.PLATFORM
        ).values_list("role", flat=True)
    )
    for role in STAFF_GROUP_SETTINGS:
        group = staff_group(role)
        if role in roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    user.__dict__.pop("_platform_capabilities", None)

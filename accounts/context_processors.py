from .selectors import membership_current

SESSION_ORGANIZATION_KEY = "agora_organization_id"


def current_organization(request):
    """`current_membership` for templates: the organization the user acts in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_membership": None}
    membership = getattr(request, "_current_membership", None)
    if membership is None:
        membership = membership_current(
            user=user,
            organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
        )
        request._current_membership = membership
    return {"current_membership": membership}

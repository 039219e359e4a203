"""Reviews in the Wagtail admin: the curators' queue of reported reviews."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_review_moderation():
    from reviews.admin_moderation import ModerationViewSet

    return ModerationViewSet()

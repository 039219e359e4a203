"""What the marketplace announces to other layers (search listens)."""

from django.dispatch import Signal

# Sent with `listing_id` whenever what buyers may see of a listing changed: it was
# published, unpublished, suspended or deleted.
listing_changed = Signal()

# Sent with `listing_ids` when their rating scores (what ranking by rating uses)
# changed without anything else about them changing: a review elsewhere in their kind
# moved its mean (`reviews.ratings`).
rating_scores_changed = Signal()

# Sent with `listing_id` and `user_agent` when a person (not a prefetch or a HEAD
# request) opened a listing's page; the statistics count it, knowing nothing else.
listing_viewed = Signal()

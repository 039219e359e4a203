"""What the marketplace announces to other layers (search listens)."""

from django.dispatch import Signal

# Sent with `listing_id` whenever what buyers may see of a listing changed: it was
# published, unpublished, suspended or deleted.
listing_changed = Signal()

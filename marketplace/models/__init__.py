from marketplace.models.catalog import (
    Capability,
    Category,
    Certification,
    Listing,
    ListingDocument,
    ListingImage,
    ListingStatus,
    ListingTag,
    Plan,
    Protocol,
    ReferenceDeployment,
)
from marketplace.pages import HomePage

__all__ = [
    "Capability",
    "Category",
    "Certification",
    "HomePage",
    "Listing",
    "ListingDocument",
    "ListingImage",
    "ListingStatus",
    "ListingTag",
    "Plan",
    "Protocol",
    "ReferenceDeployment",
]

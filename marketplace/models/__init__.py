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
from marketplace.models.curation import (
    Endorsement,
    EndorsementCriterion,
    EndorsementStatus,
    Promotion,
)
from marketplace.pages import HomePage

__all__ = [
    "Capability",
    "Category",
    "Certification",
    "Endorsement",
    "EndorsementCriterion",
    "EndorsementStatus",
    "HomePage",
    "Listing",
    "ListingDocument",
    "ListingImage",
    "ListingStatus",
    "ListingTag",
    "Plan",
    "Promotion",
    "Protocol",
    "ReferenceDeployment",
]

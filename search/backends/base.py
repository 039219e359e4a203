"""The search contract every engine answers: a query in, a result out.

Views, the API and the indexing tasks talk only to this interface; which engine runs
(the database or Elasticsearch) is a setting.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

# Facets buyers filter by, in the order the search page shows them.
FACETS = (
    "category",
    "vendor",
    "deployment",
    "protocol",
    "certification",
    "region",
    "billing",
    "price",
    "curated",
    "rating",
)
SORTS = ("relevance", "price_asc", "price_desc", "rating", "newest")
# A search pages through its first results only: Elasticsearch answers no further
# (its index.max_result_window), and nobody reads that far.
MAX_RESULTS = 10_000

# Price ranges of the price facet, in minor units of the default currency:
# (value, lower bound inclusive, upper bound exclusive).
PRICE_RANGES: tuple[tuple[str, int, int | None], ...] = (
    ("0-1000", 0, 100_000),
    ("1000-10000", 100_000, 1_000_000),
    ("10000-100000", 1_000_000, 10_000_000),
    ("100000-", 10_000_000, None),
)
# The rating facet: "at least n stars".
RATING_STEPS = ("4", "3")


class SearchError(Exception):
    """The engine could not answer (unreachable, misconfigured …)."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # Facet name -> chosen values. Values of one facet combine with OR, facets with
    # AND.
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    price_min: int | None = None
    price_max: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    # Curators may ask why each hit ranks where it does.
    explain: bool = False

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"Unknown sort {self.sort!r}.")
        unknown = set(self.filters) - set(FACETS)
        if unknown:
            raise ValueError(f"Unknown facets: {', '.join(sorted(unknown))}.")
        if self.page < 1 or not 1 <= self.page_size <= 100:
            raise ValueError("Pages start at 1 and hold 1 to 100 results.")
        if self.page * self.page_size > MAX_RESULTS:
            raise ValueError(f"A search shows its first {MAX_RESULTS} results.")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def without(self, facet: str) -> SearchQuery:
        """The same query with one facet's filter removed (for its counts)."""
        filters = {
            name: values for name, values in self.filters.items() if name != facet
        }
        return SearchQuery(
            text=self.text,
            filters=filters,
            price_min=self.price_min,
            price_max=self.price_max,
            sort=self.sort,
            page=self.page,
            page_size=self.page_size,
            explain=self.explain,
        )


@dataclass(frozen=True)
class SearchHit:
    listing_id: int
    score: float
    # Field -> fragments with the matched words wrapped in <mark>.
    highlights: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # With SearchQuery.explain: the signals that placed the hit, in ranking order.
    explanation: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    total: int
    facets: Mapping[str, tuple[FacetValue, ...]]
    suggestions: tuple[str, ...] = ()
    # Set when this result comes from a fallback engine.
    notice: str = ""


Progress = Callable[[int, int], None]


class SearchBackend(ABC):
    """One search engine. Implementations: `database`, `elasticsearch`."""

    name: str = ""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abstractmethod
    def suggest(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Completions for what a buyer is typing."""

    @abstractmethod
    def index(self, listing_ids: Iterable[int]) -> None:
        """Bring these listings up to date: index the published ones, drop the rest."""

    @abstractmethod
    def rebuild(self, *, progress: Progress | None = None) -> int:
        """Index every published listing from scratch; returns how many."""

    def scores_update(self, listing_ids: Iterable[int]) -> None:
        """Take these listings' new rating scores (nothing else of them changed).
        Engines with a cheaper way than indexing them again override this."""
        self.index(listing_ids)

    @abstractmethod
    def check(self) -> None:
        """Raise SearchError when the engine cannot answer."""

    @abstractmethod
    def synonyms_update(self, groups: tuple[tuple[str, ...], ...]) -> None:
        """Take these synonym groups from now on."""

"""The database search engine's own tables: one row per published listing, its facet
values, and (on PostgreSQL) a weighted full-text vector. SQLite keeps the text in an
FTS5 table next to these, created by the migrations; the description is only in the
vector or that table. Beside them: buyers' saved searches and snapshots, the
curators' synonyms and the daily query counts of the search insights."""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Listing


class IndexedListing(models.Model):
    # Columns in the order a scan for text reads them: the vector and the keys of
    # the relevance sort first, the variable-length text after.
    listing = models.OneToOneField(
        Listing, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # PostgreSQL only, the English text: title (A), tags and category (B), summary
    # (C), description (D). PostgreSQL also has an index in quality order, for
    # browsing without text (SQLite cannot index NULLS LAST): see the migrations.
    search_vector = SearchVectorField(null=True)
    # PostgreSQL only: title, local name, tags and category; relevance ranks the
    # matches in the name first.
    name_vector = SearchVectorField(null=True)
    # PostgreSQL only, the Chinese and Japanese text as bigrams: names (B),
    # summaries (C), descriptions (D).
    cjk_vector = SearchVectorField(null=True)
    curated = models.BooleanField(default=False)
    rating = models.FloatField(null=True)
    reference_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    # What ranking by rating uses (`Listing.rating_score`); `rating` is the
    # displayed average.
    rating_score = models.FloatField(null=True)
    price_from = models.BigIntegerField(null=True)
    published_at = models.DateTimeField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    # The titles in the other languages (for suggestions), and each language's
    # title and summary with their languages (for showing hits).
    names = models.TextField(blank=True)
    i18n = models.JSONField(default=dict)
    summary = models.CharField(max_length=240, blank=True)
    tags = models.TextField(blank=True)
    vendor_name = models.CharField(max_length=200)
    category_name = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(fields=["price_from"]),
            models.Index(fields=["-rating_score"]),
            models.Index(fields=["-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class ListingFacet(models.Model):
    """One facet value a listing counts under (its category and section, each
    protocol, each region …)."""

    listing = models.ForeignKey(
        IndexedListing, on_delete=models.CASCADE, related_name="facets"
    )
    facet = models.CharField(max_length=24)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value", "listing"], name="search_facet_unique"
            )
        ]
        indexes = [models.Index(fields=["listing", "facet"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class FacetPosting(models.Model):
    """The listings under one facet value, as a compressed bitmap over listing ids
    (see `search.postings`)."""

    facet = models.CharField(max_length=24)
    value = models.CharField(max_length=100)
    bits = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value"], name="search_posting_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class TermPosting(models.Model):
    """The listings whose vector holds one term, as a compressed bitmap over listing
    ids (PostgreSQL; see `search.terms`). `vector`: "t" the English text, "c" the
    Chinese and Japanese bigrams, "n" the names."""

    vector = models.CharField(max_length=1)
    term = models.TextField()
    bits = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vector", "term"], name="search_term_posting_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vector}:{self.term}"


class PendingIndex(models.Model):
    """A listing an engine still has to index: its update failed (engine or broker
    down). The periodic sweep retries these."""

    listing_id = models.BigIntegerField()
    engine = models.CharField(max_length=24)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engine", "listing_id"], name="search_pending_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.engine}: {self.listing_id}"


class SavedSearch(models.Model):
    """A buyer organization's search, kept to run again or to freeze as evidence."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="saved_searches"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(max_length=120)
    # The search page's query string: text, filters and sort.
    querystring = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The package whose procurement file the search is evidence for (its dossier
    # carries the search's frozen result lists).
    package = models.ForeignKey(
        "marketplace.Package",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="saved_searches",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class SearchSnapshot(models.Model):
    """The result list of a saved search at one moment, unchanged afterwards: how the
    candidates were found, for a procurement file."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    querystring = models.CharField(max_length=2000, blank=True)
    total = models.PositiveIntegerField()
    # [{rank, listing_id, slug, title, vendor, category, price_from, currency,
    #   rating}] in result order.
    results = models.JSONField()

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self) -> str:
        return f"{self.saved_search} @ {self.taken_at:%Y-%m-%d %H:%M}"


def new_stamp() -> str:
    return uuid.uuid4().hex


class IndexVersion(models.Model):
    """Changed by every write to the database index, in the same transaction: cached
    results and facet postings are keyed by the stamp, so no process ever serves
    counts older than the index. The stamp is random, so that the stamp of a write
    rolled back never comes back; `version` counts the writes."""

    version = models.PositiveBigIntegerField(default=0)
    stamp = models.CharField(max_length=32, default=new_stamp)

    def __str__(self) -> str:
        return str(self.version)


# What buyers search for, and the words curators add ---------------------------------


class Synonym(models.Model):
    """Words and phrases a curator says mean the same, used beside the synonyms
    file (`search/synonyms.txt`); a group sharing a word with another joins it."""

    terms = models.CharField(
        _("words and phrases"),
        max_length=500,
        help_text=_("Separated by commas, in any language: 井盖, manhole cover"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]


class QueryCount(models.Model):
    """How often a query was searched on one day in one interface language, and how
    many of those searches found nothing. Who searched is not kept."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=100)
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "query"], name="query_count_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.language} {self.query}: {self.searches}"

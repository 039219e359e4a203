"""Search on Elasticsearch through `elasticsearch.dsl`.

One document per published listing in an index behind an alias; a rebuild fills a new
index and swaps the alias, so searches never see a half-built index. English text is
stemmed, Chinese and Japanese go through the `cjk` analyzer, synonyms apply at search
time (`synonym_graph`), titles have an edge n-gram field for completion, facets are
aggregations (each filtered by every other active facet), and quality signals adjust
the text score through `function_score`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    Long,
    Q,
    Query,
    Search,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)
from elasticsearch.helpers import BulkIndexError, bulk

from marketplace.models import Listing
from search.cjk import has_cjk
from search.documents import (
    ListingDocument,
    listing_document,
    listings_for_index,
)
from search.facets import facet_labels
from search.spelling import cjk_correction
from search.synonyms import synonym_groups

from .base import (
    FACETS,
    FacetValue,
    Progress,
    SearchBackend,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
)

logger = logging.getLogger(__name__)

# Analysis --------------------------------------------------------------------------

english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
english_possessive = token_filter(
    "english_possessive", "stemmer", language="possessive_english"
)
english_stop = token_filter("english_stop", "stop", stopwords="_english_")


def synonyms_set_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-synonyms"


def synonyms_filter():
    # The synonyms file's and the curators' groups, as a synonyms set: a change
    # reloads the search analyzers that use it, with no reindex.
    return token_filter(
        "agora_synonyms",
        "synonym_graph",
        synonyms_set=synonyms_set_name(),
        updateable=True,
        lenient=True,
    )


def synonym_rules(groups: tuple[tuple[str, ...], ...]) -> list[dict[str, str]]:
    """The synonyms set's rules, one per group."""
    return [
        {"id": f"group-{number}", "synonyms": ", ".join(group)}
        for number, group in enumerate(groups, 1)
    ]


english_index = analyzer(
    "agora_english",
    tokenizer="standard",
    filter=[english_possessive, "lowercase", english_stop, english_stemmer],
)


def english_search():
    # Synonyms only at search time: a curator's new synonym works without a reindex of
    # the documents (`synonyms_update`).
    return analyzer(
        "agora_english_search",
        tokenizer="standard",
        filter=[
            english_possessive,
            "lowercase",
            synonyms_filter(),
            english_stop,
            english_stemmer,
        ],
    )


autocomplete_index = analyzer(
    "agora_autocomplete",
    tokenizer=tokenizer(
        "agora_edge_ngram",
        "edge_ngram",
        min_gram=2,
        max_gram=20,
        token_chars=["letter", "digit"],
    ),
    filter=["lowercase"],
)
autocomplete_search = analyzer(
    "agora_autocomplete_search", tokenizer="standard", filter=["lowercase"]
)


def _suggest() -> Text:
    return Text(analyzer=autocomplete_index, search_analyzer=autocomplete_search)


def _english(**kwargs) -> Text:
    return Text(
        analyzer=english_index,
        search_analyzer=english_search(),
        fields={"cjk": Text(analyzer="cjk")},
        **kwargs,
    )


class ListingDoc(Document):
    listing_id = Integer()
    slug = Keyword()
    title = Text(
        analyzer=english_index,
        search_analyzer=english_search(),
        fields={
            "cjk": Text(analyzer="cjk"),
            "suggest": _suggest(),
            "raw": Keyword(),
        },
    )
    # Chinese and Japanese, one field per language and text, through the built-in
    # `cjk` analyzer (bigrams, as the database engine indexes them); the
    # smartcn and kuromoji analyzers need plugins the cluster may not have.
    title_zh = Text(analyzer="cjk", fields={"suggest": _suggest()})
    title_ja = Text(analyzer="cjk", fields={"suggest": _suggest()})
    summary_zh = Text(analyzer="cjk")
    summary_ja = Text(analyzer="cjk")
    body_zh = Text(analyzer="cjk")
    body_ja = Text(analyzer="cjk")
    category_zh = Text(analyzer="cjk")
    category_ja = Text(analyzer="cjk")
    summary = _english()
    body = _english()
    tags = _english()
    category_name = _english()
    vendor_name = Text(fields={"raw": Keyword()})
    # One keyword field per facet; `category` holds the kind and its section.
    category = Keyword()
    vendor = Keyword()
    deployment = Keyword()
    protocol = Keyword()
    certification = Keyword()
    region = Keyword()
    billing = Keyword()
    price = Keyword()
    curated = Keyword()
    rating = Keyword()
    price_from = Long()
    # The displayed rating and its count; ranking uses the rating score (a Bayesian
    # average against the kind's mean, `reviews.ratings`).
    rating_value = Float()
    rating_count = Integer()
    rating_score = Float()
    reference_count = Integer()
    is_curated = Boolean()
    published_at = Date()


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-listings"


def new_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(ListingDoc)
    return index


# The languages with fields of their own, and their fields' suffix.
CJK_FIELDS = {"zh-hans": "zh", "ja": "ja"}


def to_source(document: ListingDocument) -> dict:
    facets = document.facet_values()
    return {
        "listing_id": document.listing_id,
        "slug": document.slug,
        "title": document.title,
        **{
            f"{field}_{suffix}": document.texts.get(language, {}).get(field, "")
            for language, suffix in CJK_FIELDS.items()
            for field in ("title", "summary", "body", "category")
        },
        "summary": document.summary,
        "body": document.body,
        "tags": list(document.tags),
        "category_name": document.category_name,
        "vendor_name": document.vendor_name,
        **{facet: list(values) for facet, values in facets.items()},
        "price_from": document.price_from,
        "rating_value": document.rating,
        "rating_count": document.rating_count,
        "rating_score": document.rating_score,
        "reference_count": document.reference_count,
        "is_curated": document.curated,
        "published_at": document.published_at,
    }


# Queries ----------------------------------------------------------------------------

TEXT_FIELDS = [
    "title^4",
    "title.cjk^3",
    "title_zh^3",
    "title_ja^3",
    "category_zh^2",
    "category_ja^2",
    "summary_zh^1.5",
    "summary_ja^1.5",
    "body_zh",
    "body_ja",
    "tags^2",
    "category_name^2",
    "summary^1.5",
    "summary.cjk",
    "body",
    "body.cjk",
]


def _facet_filter(facet: str, values: tuple[str, ...]) -> Query:
    return Q("terms", **{facet: list(values)})


# Best rating score first. An index built before the field existed sorts as if no
# listing had one until `search_reindex` rebuilds it, rather than failing.
def by_rating_score() -> dict[str, Any]:
    return {
        "rating_score": {"order": "desc", "missing": "_last", "unmapped_type": "float"}
    }


def build_search(query: SearchQuery, *, index: str | None = None) -> Search:
    """The request for a query; a pure function, so its output can be tested without
    a cluster."""
    search = Search(index=index or alias_name())
    if query.text:
        text = Q(
            "multi_match",
            query=query.text,
            fields=TEXT_FIELDS,
            type="best_fields",
            fuzziness="AUTO",
            prefix_length=1,
        )
        # Relevance first; quality signals (never anything a vendor pays for) adjust
        # it a little: curation, rating and reference deployments.
        search = search.query(
            "function_score",
            query=text,
            functions=[
                {"filter": Q("term", is_curated=True), "weight": 1.2},
                {
                    "field_value_factor": {
                        "field": "rating_score",
                        "modifier": "log1p",
                        "missing": 0,
                        "factor": 0.5,
                    }
                },
                {
                    "field_value_factor": {
                        "field": "reference_count",
                        "modifier": "log1p",
                        "missing": 0,
                        "factor": 0.3,
                    }
                },
            ],
            score_mode="sum",
            boost_mode="multiply",
        )
        search = search.suggest(
            "spelling", query.text, term={"field": "title", "suggest_mode": "popular"}
        )
        search = search.highlight(
            "title",
            "summary",
            *(
                f"{field}_{suffix}"
                for suffix in CJK_FIELDS.values()
                for field in ("title", "summary")
            ),
            number_of_fragments=0,
        )
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"]
        )
    price = {}
    if query.price_min is not None:
        price["gte"] = query.price_min
    if query.price_max is not None:
        price["lte"] = query.price_max
    if price:
        search = search.filter("range", price_from=price)
    # Facet filters go into post_filter, so that each facet's aggregation can apply
    # the other facets' filters but not its own.
    active = {facet: values for facet, values in query.filters.items() if values}
    if active:
        search = search.post_filter(
            Q("bool", filter=[_facet_filter(f, v) for f, v in active.items()])
        )
    for facet in FACETS:
        others = [_facet_filter(f, v) for f, v in active.items() if f != facet]
        aggregation = A(
            "filter", Q("bool", filter=others) if others else Q("match_all")
        )
        aggregation.bucket("values", "terms", field=facet, size=100)
        search.aggs.bucket(facet, aggregation)
    sorts: dict[str, list[Any]] = {
        "price_asc": [
            {"price_from": {"order": "asc", "missing": "_last"}},
            "listing_id",
        ],
        "price_desc": [
            {"price_from": {"order": "desc", "missing": "_last"}},
            "listing_id",
        ],
        "rating": [
            by_rating_score(),
            {"rating_value": {"order": "desc", "missing": "_last"}},
            "-rating_count",
        ],
        "newest": [
            {"published_at": {"order": "desc", "missing": "_last"}},
            "listing_id",
        ],
    }
    if query.sort in sorts:
        search = search.sort(*sorts[query.sort])
    elif query.text:
        search = search.sort("_score", by_rating_score())
    else:
        search = search.sort(
            {"is_curated": {"order": "desc"}},
            by_rating_score(),
            {"reference_count": {"order": "desc"}},
            "title.raw",
        )
    search = search.extra(track_total_hits=True)
    return search[query.offset : query.offset + query.page_size]


def _highlights(raw: dict) -> dict[str, tuple[str, ...]]:
    """Highlights of the title and summary in the reader's language where they
    matched there, else in English."""
    suffix = CJK_FIELDS.get(translation.get_language() or "", "")
    highlights = {}
    for field in ("title", "summary"):
        fragments = raw.get(f"{field}_{suffix}") if suffix else None
        fragments = fragments or raw.get(field)
        if fragments:
            highlights[field] = tuple(fragments)
    return highlights


def build_suggest(prefix: str, *, limit: int) -> Search:
    """Completion of a name: English by its words' beginnings, Chinese and
    Japanese by the characters typed anywhere in the name."""
    fields: list[Any] = [
        "title",
        *(f"title_{suffix}" for suffix in CJK_FIELDS.values()),
    ]
    if has_cjk(prefix):
        query = Q(
            "multi_match",
            query=prefix,
            type="phrase",
            fields=[f"title_{suffix}" for suffix in CJK_FIELDS.values()],
        )
    else:
        query = Q("match", **{"title.suggest": {"query": prefix, "operator": "and"}})
    return Search(index=alias_name()).query(query).source(fields)[:limit]


def suggest_names(response, prefix: str) -> list[str]:
    suffix = CJK_FIELDS.get(translation.get_language() or "", "")
    names = []
    for hit in response.hits:
        candidates = [
            getattr(hit, f"title_{suffix}", "") if suffix else "",
            *(getattr(hit, f"title_{other}", "") for other in CJK_FIELDS.values()),
            hit.title,
        ]
        matching = [
            name for name in candidates if name and prefix.lower() in name.lower()
        ]
        names.append(matching[0] if matching else hit.title)
    return names


# The backend ----------------------------------------------------------------------


class ElasticsearchSearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self) -> None:
        self.client = Elasticsearch(
            settings.ELASTICSEARCH_URL,
            request_timeout=settings.SEARCH_TIMEOUT,
            max_retries=1,
            retry_on_timeout=True,
        )

    def _call(self, action):
        try:
            return action()
        except (
            es_exceptions.ConnectionError,
            es_exceptions.ApiError,
            BulkIndexError,
        ) as error:
            raise SearchError(str(error)) from error

    def check(self) -> None:
        if not self._call(self.client.ping):
            raise SearchError("Elasticsearch does not answer.")

    def search(self, query: SearchQuery) -> SearchResult:
        response = self._call(lambda: build_search(query).using(self.client).execute())
        hits = []
        for hit in response.hits:
            highlight = getattr(hit.meta, "highlight", None)
            explanation = {}
            if query.explain:
                explanation = {
                    "score": f"{float(hit.meta.score or 0.0):.4f}",
                    "curated": "yes" if getattr(hit, "is_curated", False) else "no",
                    "rating": str(getattr(hit, "rating_value", None) or "—"),
                    "rating score": str(getattr(hit, "rating_score", None) or "—"),
                    "reference deployments": str(getattr(hit, "reference_count", 0)),
                }
            hits.append(
                SearchHit(
                    listing_id=int(hit.listing_id),
                    score=float(hit.meta.score or 0.0),
                    explanation=explanation,
                    highlights=_highlights(highlight.to_dict() if highlight else {}),
                )
            )
        facets = {}
        for facet in FACETS:
            buckets = response.aggregations[facet]["values"]["buckets"]
            counts = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
            selected = set(query.filters.get(facet, ()))
            labels = facet_labels(facet, set(counts) | selected)
            values = [
                FacetValue(
                    value,
                    labels.get(value, value),
                    counts.get(value, 0),
                    value in selected,
                )
                for value in set(counts) | selected
            ]
            values.sort(key=lambda item: (-item.count, item.label))
            facets[facet] = tuple(values)
        suggestions: tuple[str, ...] = ()
        if query.text and hasattr(response, "suggest"):
            corrected = query.text
            for entry in response.suggest.spelling:
                if entry.options:
                    corrected = corrected.replace(entry.text, entry.options[0].text)
            if has_cjk(corrected) and not response.hits.total.value:
                corrected = cjk_correction(corrected)
            if corrected != query.text:
                suggestions = (corrected,)
        return SearchResult(
            hits=tuple(hits),
            total=response.hits.total.value,
            facets=facets,
            suggestions=suggestions,
        )

    def suggest(self, prefix: str, *, limit: int = 8) -> list[str]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        return list(
            dict.fromkeys(
                suggest_names(
                    self._call(
                        build_suggest(prefix, limit=limit).using(self.client).execute
                    ),
                    prefix,
                )
            )
        )

    def index(self, listing_ids: Iterable[int]) -> None:
        ids = set(listing_ids)
        if not ids:
            return
        listings = {
            listing.pk: listing for listing in listings_for_index().filter(pk__in=ids)
        }
        actions = [
            {
                "_op_type": "index",
                "_index": alias_name(),
                "_id": pk,
                "_source": to_source(listing_document(listing)),
            }
            for pk, listing in listings.items()
        ] + [
            {"_op_type": "delete", "_index": alias_name(), "_id": pk}
            for pk in ids - set(listings)
        ]
        self._call(
            lambda: bulk(self.client, actions, raise_on_error=False, refresh="wait_for")
        )

    def scores_update(self, listing_ids: Iterable[int]) -> None:
        """A partial update of each indexed listing's rating score; listings not in
        the index (not published) are skipped."""
        scores = Listing.objects.published().filter(pk__in=set(listing_ids))
        actions = [
            {
                "_op_type": "update",
                "_index": alias_name(),
                "_id": pk,
                "doc": {"rating_score": float(score) if score is not None else None},
            }
            for pk, score in scores.values_list("pk", "rating_score")
        ]
        if actions:
            self._call(
                lambda: bulk(
                    self.client, actions, raise_on_error=False, refresh="wait_for"
                )
            )

    def synonyms_update(self, groups: tuple[tuple[str, ...], ...]) -> None:
        rules = synonym_rules(groups)
        self._call(
            lambda: self.client.synonyms.put_synonym(
                id=synonyms_set_name(), synonyms_set=rules
            )
        )

    def rebuild(self, *, progress: Progress | None = None) -> int:
        alias = alias_name()
        name = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        # The index's search analyzer reads the synonyms set: it exists first.
        self.synonyms_update(synonym_groups())
        self._call(lambda: new_index(name).create(using=self.client))
        listings = listings_for_index().order_by("pk")
        total = listings.count()
        done = 0
        for start in range(0, total, 500):
            chunk = [
                listing_document(listing) for listing in listings[start : start + 500]
            ]
            self._call(
                lambda chunk=chunk: bulk(
                    self.client,
                    (
                        {
                            "_index": name,
                            "_id": document.listing_id,
                            "_source": to_source(document),
                        }
                        for document in chunk
                    ),
                )
            )
            done += len(chunk)
            if progress:
                progress(done, total)
        self._call(lambda: self.client.indices.refresh(index=name))
        self._swap_alias(alias, name)
        return done

    def _swap_alias(self, alias: str, name: str) -> None:
        try:
            current = list(self.client.indices.get_alias(name=alias))
        except NotFoundError:
            current = []
        actions = [{"remove": {"index": old, "alias": alias}} for old in current]
        actions.append({"add": {"index": name, "alias": alias}})
        # One request: searches move from the old index to the new one at once.
        self._call(lambda: self.client.indices.update_aliases(actions=actions))
        for old in current:
            self._call(lambda old=old: self.client.indices.delete(index=old))
        logger.info("search alias %s now points at %s", alias, name)

"""The Elasticsearch backend's mapping and queries, checked without a cluster; with
ELASTICSEARCH_URL set, the contract suite also runs against a live one."""

import pytest

from search.backends.base import SearchQuery
from search.backends.elasticsearch import build_search, new_index, synonym_rules
from search.synonyms import file_groups, merged


@pytest.fixture
def mapping():
    return new_index("agora-listings-test").to_dict()


def test_the_index_analyses_english_and_cjk_and_knows_the_synonyms(mapping):
    analysis = mapping["settings"]["analysis"]
    synonyms = analysis["filter"]["agora_synonyms"]
    properties = mapping["mappings"]["properties"]

    # The synonyms come from a synonyms set, which a curator's change updates.
    assert synonyms == {
        "type": "synonym_graph",
        "synonyms_set": "agora-synonyms",
        "updateable": True,
        "lenient": True,
    }
    assert "agora_synonyms" in analysis["analyzer"]["agora_english_search"]["filter"]
    assert "agora_synonyms" not in analysis["analyzer"]["agora_english"]["filter"]
    assert properties["title"]["analyzer"] == "agora_english"
    assert properties["title"]["search_analyzer"] == "agora_english_search"
    assert properties["title"]["fields"]["cjk"]["analyzer"] == "cjk"
    assert properties["title"]["fields"]["suggest"]["analyzer"] == "agora_autocomplete"
    assert analysis["tokenizer"]["agora_edge_ngram"]["type"] == "edge_ngram"
    for field in ("title_zh", "title_ja", "summary_zh", "body_ja", "category_zh"):
        assert properties[field]["analyzer"] == "cjk"
    for facet in ("category", "vendor", "protocol", "region", "billing", "price"):
        assert properties[facet] == {"type": "keyword"}


def test_text_queries_weigh_relevance_then_quality():
    body = build_search(SearchQuery(text="smart manhole")).to_dict()

    function_score = body["query"]["function_score"]
    assert function_score["query"]["multi_match"]["query"] == "smart manhole"
    assert function_score["query"]["multi_match"]["fuzziness"] == "AUTO"
    assert "title^4" in function_score["query"]["multi_match"]["fields"]
    assert function_score["boost_mode"] == "multiply"
    fields = [
        f.get("field_value_factor", {}).get("field")
        for f in function_score["functions"]
    ]
    # Rating weighs in as the rating score (the Bayesian average), not the
    # displayed average.
    assert {"rating_score", "reference_count"} <= set(fields)
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["encoder"] == "html"
    assert body["suggest"]["spelling"]["text"] == "smart manhole"
    assert body["sort"][0] == "_score"


def test_each_facet_aggregates_under_every_other_filter_but_its_own():
    body = build_search(
        SearchQuery(
            filters={"vendor": ("lanxin-iot",), "protocol": ("lorawan", "nb-iot")}
        )
    ).to_dict()

    post_filter = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"vendor": ["lanxin-iot"]}} in post_filter
    assert {"terms": {"protocol": ["lorawan", "nb-iot"]}} in post_filter
    vendor_filter = body["aggs"]["vendor"]["filter"]["bool"]["filter"]
    protocol_filter = body["aggs"]["protocol"]["filter"]["bool"]["filter"]
    assert vendor_filter == [{"terms": {"protocol": ["lorawan", "nb-iot"]}}]
    assert protocol_filter == [{"terms": {"vendor": ["lanxin-iot"]}}]
    assert len(body["aggs"]["region"]["filter"]["bool"]["filter"]) == 2
    assert body["aggs"]["region"]["aggs"]["values"]["terms"]["field"] == "region"


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("price_asc", {"price_from": {"order": "asc", "missing": "_last"}}),
        ("price_desc", {"price_from": {"order": "desc", "missing": "_last"}}),
        (
            "rating",
            {
                "rating_score": {
                    "order": "desc",
                    "missing": "_last",
                    "unmapped_type": "float",
                }
            },
        ),
        ("newest", {"published_at": {"order": "desc", "missing": "_last"}}),
    ],
)
def test_sorts(sort, first):
    assert build_search(SearchQuery(sort=sort)).to_dict()["sort"][0] == first


def test_browsing_without_text_orders_by_quality_and_pages():
    body = build_search(SearchQuery(page=3, page_size=20, price_max=50000)).to_dict()

    assert "function_score" not in str(body.get("query", {}))
    assert body["sort"][0] == {"is_curated": {"order": "desc"}}
    assert body["from"] == 40 and body["size"] == 20
    assert {"range": {"price_from": {"lte": 50000}}} in body["query"]["bool"]["filter"]


@pytest.mark.django_db
def test_search_falls_back_to_the_database_when_the_engine_is_down(settings):
    from search.backends import get_backend
    from search.services import search_listings
    from tests.factories.catalog import published_listing

    published_listing(title="Manhole Guard")
    get_backend("database").rebuild()
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.SEARCH_TIMEOUT = 0.5

    result = search_listings(SearchQuery(text="manhole"))

    assert result.total == 1
    assert "reduced mode" in result.notice


def test_the_synonyms_set_holds_every_group_once():
    groups = merged([*file_groups(), ("cctv", "closed-circuit tv")])
    rules = synonym_rules(groups)

    assert len({rule["id"] for rule in rules}) == len(rules) == len(groups)
    cameras = [rule["synonyms"] for rule in rules if "cctv" in rule["synonyms"]]
    assert len(cameras) == 1
    assert "surveillance camera" in cameras[0] and "closed-circuit tv" in cameras[0]
    assert any(
        "manhole" in rule["synonyms"] and "井盖" in rule["synonyms"] for rule in rules
    )

"""The demo's data tables, without a database: the catalog has no ratings of its
own, Select's picks are in every language, the reviews' words fit a review."""

import string

from marketplace.demo import catalog_data, catalog_i18n, review_text
from reviews.models import Review


def test_the_catalog_has_no_ratings_of_its_own():
    catalog = catalog_data.build_catalog()
    assert not [
        spec["slug"] for spec in catalog if {"rating", "rating_count"} & set(spec)
    ]


def test_select_picks_one_published_listing_of_each_kind_in_every_language():
    catalog = catalog_data.build_catalog()
    picks = catalog_data.select_picks(catalog)
    kinds = {
        child["slug"] for top in catalog_data.CATEGORIES for child in top["children"]
    }
    assert set(picks) == kinds
    by_slug = {spec["slug"]: spec for spec in catalog}
    languages = catalog_i18n.catalog_languages(catalog)
    for kind, slug in picks.items():
        spec = by_slug[slug]
        assert (spec["category"], spec["status"]) == (kind, "published")
        # No other published listing of the kind has more references.
        assert len(spec["references"]) == max(
            len(other["references"])
            for other in catalog
            if other["category"] == kind and other["status"] == "published"
        )
        assert languages[slug] == ("zh-hans", "ja")


def test_review_words_fit_a_review_in_every_language():
    title_max = Review._meta.get_field("title").max_length
    for language in ("en", "zh-hans", "ja"):
        assert set(review_text.REVIEWS[language]) == {1, 2, 3, 4, 5}
        for texts in review_text.REVIEWS[language].values():
            for title, text in texts:
                for part in (title, text):
                    names = {n for _, n, _, _ in string.Formatter().parse(part) if n}
                    assert names <= {"kind"}
                assert len(title.format(kind="x" * 40)) <= title_max
        for unit in ("device", "site", "user", "flat"):
            assert review_text.SCALES[language][unit].format(n=12)

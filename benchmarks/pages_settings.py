"""The production settings, with the page benchmark's URLs in front of the site's."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.pages_urls"

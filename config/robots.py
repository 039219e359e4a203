"""Telling people from programs by their user agent, for the counters that should
count people only (listing views, searches).

Bots are told with `crawlerdetect`, a port of the Crawler-Detect pattern list
(thousands of crawlers, spiders, monitors and HTTP libraries, kept up to date
upstream and released often), rather than a list of our own that nobody would
maintain. A request without a user agent is not a browser either."""

from __future__ import annotations

from crawlerdetect import CrawlerDetect

# Long user agents are cut before matching: the patterns need only the start, and
# a megabyte of header must not cost a megabyte of regular expression.
USER_AGENT_LIMIT = 512

_detector = CrawlerDetect()


def is_bot(user_agent: str) -> bool:
    """A crawler, a spider, a script or a monitor, by its user agent."""
    agent = (user_agent or "").strip()[:USER_AGENT_LIMIT]
    return not agent or _detector.is_crawler(agent)

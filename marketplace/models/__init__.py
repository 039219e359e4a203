from marketplace.pages import HomePage

__all__ = ["HomePage"]

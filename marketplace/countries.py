def country_code(value) -> str:
    """A django-countries Country (or a code, or nothing) as its ISO 3166-1 code."""
    return str(getattr(value, "code", value) or "")

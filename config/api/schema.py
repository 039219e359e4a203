def only_api_v1(endpoints):
    """Keep the OpenAPI schema to API v1; Wagtail's admin API is internal."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]

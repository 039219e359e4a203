from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_search_viewsets():
    from search.admin_insights import SearchViewSetGroup

    return SearchViewSetGroup()

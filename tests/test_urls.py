"""viewflow's own views are flow-wide in what they show: none of them may be mounted here."""

from django.urls import get_resolver


def callbacks(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from callbacks(pattern.url_patterns)
        else:
            yield pattern.callback


def test_no_viewflow_view_is_routed():
    modules = {getattr(cb, "__module__", "") for cb in callbacks(get_resolver().url_patterns)}
    modules |= {
        getattr(getattr(cb, "view_class", None), "__module__", "") for cb in callbacks(get_resolver().url_patterns)
    }
    assert not [m for m in modules if m.startswith("viewflow")]

"""Links between the dashboard's pages: the one builder of their hrefs.

The reader's entity links, the co-mentions evidence's and the claims' reader links are all made by
:func:`page_link`, so they share one encoding and one rule for which filters a link carries.
Pure: pages and parameter names from :mod:`components.registry` in, a string out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from components.registry import FILTER_NAMES, Page


def _values(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def page_link(page: Page, params: Mapping[str, str | Sequence[str]] | None = None, *,
              keep_filters: Mapping[str, Sequence[str]] | None = None) -> str:
    """A relative href to ``page`` with ``params`` (one value, or a list repeating the parameter),
    followed by the global filters of ``keep_filters`` (the current URL's parameters) that
    ``params`` does not set.  ``keep_filters``' other parameters belong to the current page and are
    left behind.

    Every name and value is percent-encoded (untrusted text: a source named ``A&B=C`` stays one
    value).  The href is relative to the app's root, where Streamlit serves every page, so it
    also works behind ``server.baseUrlPath``.  HTML-escape it before putting it in markup.
    """
    params = params or {}
    pairs = [(name, v) for name, value in params.items() for v in _values(value)]
    pairs += [(name, v) for name, values in (keep_filters or {}).items()
              if name in FILTER_NAMES and name not in params for v in _values(values)]
    path = page.url_path or "./"  # the default page is the root itself; "" would mean this page
    query = urlencode(pairs)
    return f"{path}?{query}" if query else path

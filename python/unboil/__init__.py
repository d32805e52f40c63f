"""unboil: strips boilerplate from scraped news and returns clean article text, its metadata and
the trail of every removal.

    import unboil
    doc = unboil.clean(html, url="https://example.org/news/1")
    doc["text"], doc["title"], doc["removals"]

    cleaner = unboil.Cleaner(config="config.toml")     # build once, clean many pages
    for page in pages:
        doc = cleaner.clean(page.html, url=page.url, id=page.id)

A result is the record `unboil clean --format jsonl` writes for the page, as a dict: `id`,
`source`, `url`, the metadata found (`title`, `authors`, `published`, `site_name`,
`canonical_url`, `language`, `description`, with `meta_sources` saying where each came from),
`flags`, `text` and `removals` (each with `by`, `block`, `what` and the removed `text`). A page
without an article gives None. The work runs with the GIL released: threads clean in parallel.
"""

import json
from typing import Optional, Union

from ._native import Cleaner as _NativeCleaner
from ._native import __version__

__all__ = ["Cleaner", "clean", "clean_text", "__version__"]

Body = Union[str, bytes]


class Cleaner:
    """A configured pipeline: extraction, the cleaner chain and the site rules, built once.

    `config` is a config.toml path; without it, the built-in chain and the rules/ folder of the
    current directory, as the `unboil` command uses. `site` makes pages without a URL use that
    site's rules.
    """

    def __init__(self, config: Optional[str] = None, site: Optional[str] = None):
        self._native = _NativeCleaner(config, site)

    def clean(
        self,
        html: Body,
        url: Optional[str] = None,
        *,
        id: Optional[str] = None,
        source: Optional[str] = None,
    ) -> Optional[dict]:
        """Cleans an HTML page (str, or bytes in any charset) into a record dict, or None."""
        return _record(self._native.clean_record(html, url, id, source, True))

    def clean_text(
        self,
        text: Body,
        url: Optional[str] = None,
        *,
        id: Optional[str] = None,
        source: Optional[str] = None,
    ) -> Optional[dict]:
        """Cleans already-extracted text (one paragraph or line per line) into a record, or None."""
        return _record(self._native.clean_record(text, url, id, source, False))

    def clean_json(self, body: Body, url=None, *, id=None, source=None, html=True) -> Optional[str]:
        """Like clean / clean_text, returning the JSON line itself (no parsing): for writers."""
        return self._native.clean_record(body, url, id, source, html)


def _record(line: Optional[str]) -> Optional[dict]:
    return None if line is None else json.loads(line)


_default: Optional[Cleaner] = None


def _default_cleaner() -> Cleaner:
    global _default
    if _default is None:
        _default = Cleaner()
    return _default


def clean(html: Body, url: Optional[str] = None, **kwargs) -> Optional[dict]:
    """Cleans an HTML page with the default pipeline. See Cleaner.clean."""
    return _default_cleaner().clean(html, url, **kwargs)


def clean_text(text: Body, url: Optional[str] = None, **kwargs) -> Optional[dict]:
    """Cleans text with the default pipeline. See Cleaner.clean_text."""
    return _default_cleaner().clean_text(text, url, **kwargs)

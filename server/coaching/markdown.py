"""Material written in Markdown, rendered safely: raw HTML in the source is shown as text,
and the result keeps only harmless tags - no script, no styles, no images or other remote
content, links only to http(s) and mail with rel="noopener noreferrer nofollow"."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from ..schemas import CONTENT_LANGUAGES

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
        "code", "pre", "hr"}


@lru_cache(maxsize=512)
def render(text: str) -> str:
    html = _markdown.render(text or "")
    # Headings start at h2: the page has its own h1.
    for level in (1,):
        html = html.replace(f"<h{level}>", "<h2>").replace(f"</h{level}>", "</h2>")
    return nh3.clean(html, tags=TAGS, attributes={"a": {"href"}},
                     url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


def render_both(material: dict | None) -> dict | None:
    if not material:
        return None
    return {lang: render(material.get(lang) or "") for lang in CONTENT_LANGUAGES}

"""News pages written for the tests: a saved page with the site around its article."""

from __future__ import annotations

ARTICLE = (
    "The harbor of Metropolis reopened on Thursday after a storm closed it for three days, the port authority said.",
    "Fishing boats returned to their moorings by noon, and the ferry to the islands resumed its morning schedule.",
    "Officials said repairs to the north pier would take another month and cost about two million dollars.",
)
#: What surrounds the article on the page and must not end up in its text.
CHROME = (
    "Subscribe now",
    "BUY CHEAP WATCHES TODAY",
    "Storm batters coast",
    "outrageous, said commenter42",
    "Copyright Daily Planet",
)


def news_page(
    title: str = "Harbor reopens after storm",
    paragraphs: tuple[str, ...] = ARTICLE,
    *,
    charset: str = "utf-8",
    lang: str = "en",
    url: str = "https://planet.example/news/harbor-reopens",
    date: str = "2024-09-05T08:20:00Z",
) -> str:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="{charset}">
<title>{title} | Daily Planet</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="{date}">
<link rel="canonical" href="{url}">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Subscribe now</li></ul></nav>
<div class="ad advertisement">BUY CHEAP WATCHES TODAY</div>
<article><h1>{title}</h1>
{body}
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Storm batters coast</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>First! This is outrageous, said commenter42.</p></div></section>
<footer>Copyright Daily Planet</footer>
</body></html>"""

"""A real oEmbed consumer (micawber, as CMS plugins use it) against the live server."""

from __future__ import annotations

import re
import urllib.request

import micawber
from bs4 import BeautifulSoup


def test_micawber_gets_a_rich_iframe(live_server: str) -> None:
    page_url = f"{live_server}/?t=1&o=0.3&lr=0.5"
    # discovery, as a consumer without a registered provider does it
    with urllib.request.urlopen(page_url) as r:
        head = BeautifulSoup(r.read(), "html.parser").head
    assert head is not None
    link = head.find("link", attrs={"type": "application/json+oembed"})
    assert link is not None and str(link["href"]).startswith(f"{live_server}/oembed?url=")
    endpoint = str(link["href"]).split("?")[0]

    providers = micawber.ProviderRegistry()
    providers.register(re.escape(live_server) + r"/.*", micawber.Provider(endpoint))
    data = providers.request(page_url, maxwidth=640)
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["width"] == 640
    assert data["html"].startswith(f'<iframe src="{live_server}/embed/loss?')
    assert data["html"].endswith("</iframe>")
    # and micawber turns a link on its own line into the embed, as a course editor would
    html = micawber.parse_text(f"See the picture:\n{page_url}\nThat is all.", providers)
    assert "<iframe" in html and "/embed/loss?" in html

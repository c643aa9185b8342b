"""wikilint.io.wiki against a scripted fake Action API: batching, continuation,
redirects, maxlag back-off, User-Agent, one-line errors. (The same client against
a real MediaWiki: tests/mediawiki/test_mw_live.py.)"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("mwapi", reason="pip install -e '.[test]' (the wiki extra)")

from wikilint.io.wiki import BATCH, WikiClient, WikiError, parse_timestamp  # noqa: E402


class FakeWiki:
    """An HTTP server answering from ``respond(params) -> (status, body)``; keeps every request."""

    def __init__(self, respond):
        self.respond = respond
        self.requests: list[tuple[dict[str, str], dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                fake.requests.append((params, dict(self.headers)))
                status, body = fake.respond(params)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.api_url = f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_wiki():
    made = []

    def make(respond):
        made.append(FakeWiki(respond))
        return made[-1]

    yield make
    for fake in made:
        fake.close()


def pages_answer(params):
    """Every title exists and holds 'text of TITLE', except 'Missing' and redirects 'R*'."""
    titles = params["titles"].split("|")
    redirects = [{"from": t, "to": t[1:]} for t in titles if t.startswith("R")]
    pages = []
    for title in titles:
        target = title[1:] if title.startswith("R") else title
        if target == "Missing":
            pages.append({"ns": 0, "title": target, "missing": True,
                          "fullurl": f"https://w.test/wiki/{target}"})
        else:
            pages.append({"ns": 0, "title": target, "fullurl": f"https://w.test/wiki/{target}",
                          "revisions": [{"revid": 7, "slots": {"main": {
                              "content": f"text of {target}"}}}]})
    return 200, {"batchcomplete": True, "query": {"redirects": redirects, "pages": pages}}


def test_titles_go_fifty_to_a_request_in_order(fake_wiki):
    fake = fake_wiki(pages_answer)
    titles = [f"Page {i}" for i in range(120)]
    pages = list(WikiClient(fake.api_url).pages(titles))
    assert [p.title for p in pages] == titles
    assert [p.text for p in pages[:2]] == ["text of Page 0", "text of Page 1"]
    assert [len(r[0]["titles"].split("|")) for r in fake.requests] == [BATCH, BATCH, 20]
    assert all(r[0]["maxlag"] == "5" for r in fake.requests)
    assert all(r[1]["User-Agent"].startswith("wikilint/") for r in fake.requests)


def test_missing_pages_and_redirects(fake_wiki):
    fake = fake_wiki(pages_answer)
    pages = list(WikiClient(fake.api_url).pages(["RTarget", "Missing", "Target", "A|B", "Other"]))
    assert [(p.requested, p.title, p.error) for p in pages] == [
        ("A|B", "A|B", "invalid title: it contains '|'"),
        ("RTarget", "Target", None),
        ("Missing", "Missing", "no such page"),
        ("Other", "Other", None),  # "Target" again: already given through its redirect
    ]
    assert pages[1].redirected_from == "RTarget"
    assert pages[1].url == "https://w.test/wiki/Target"


def test_maxlag_is_retried_with_growing_waits(fake_wiki):
    calls = {"n": 0}

    def lagged(params):
        calls["n"] += 1
        if calls["n"] <= 2:
            return 200, {"error": {"code": "maxlag", "info": "Waiting for db1: 3 seconds lagged"}}
        if calls["n"] == 3:
            return 503, b"<html>Service Unavailable</html>"
        return pages_answer(params)

    waits: list[float] = []
    client = WikiClient(fake_wiki(lagged).api_url, backoff=0.5, sleep=waits.append)
    assert [p.text for p in client.pages(["A"])] == ["text of A"]
    assert waits == [3.0, 3.0, 2.0]  # the reported lag, then back-off doubling (0.5, 1, 2)


def test_lag_that_never_ends_is_one_line_error(fake_wiki):
    fake = fake_wiki(lambda p: (200, {"error": {"code": "maxlag", "info": "1 seconds lagged"}}))
    client = WikiClient(fake.api_url, retries=2, sleep=lambda s: None)
    with pytest.raises(WikiError, match=r"^http://127\.0\.0\.1:\d+/w/api\.php: maxlag: ") as info:
        list(client.pages(["A"]))
    assert "\n" not in str(info.value)
    assert len(fake.requests) == 3


def test_not_an_api_and_unreachable(fake_wiki):
    fake = fake_wiki(lambda p: (200, b"<html>a web page</html>"))
    with pytest.raises(WikiError, match="did not answer as a MediaWiki API"):
        list(WikiClient(fake.api_url, retries=1, sleep=lambda s: None).pages(["A"]))
    fake.close()
    with pytest.raises(WikiError, match="cannot reach the wiki at .*: connection refused$"):
        list(WikiClient(fake.api_url, retries=1, sleep=lambda s: None).pages(["A"]))


def test_continuation_is_followed(fake_wiki):
    def members(params):
        if params.get("cmcontinue") == "page|2":
            return 200, {"query": {"categorymembers": [{"title": "C"}]}}
        return 200, {"continue": {"cmcontinue": "page|2", "continue": "-||"},
                     "query": {"categorymembers": [{"title": "A"}, {"title": "B"}]}}

    fake = fake_wiki(members)
    assert WikiClient(fake.api_url).category_members("Things") == ["A", "B", "C"]
    assert fake.requests[0][0]["cmtitle"] == "Category:Things"


def test_bad_urls_and_timestamps():
    with pytest.raises(WikiError, match="not an http"):
        WikiClient("ftp://example.org/api.php")
    assert parse_timestamp("2024-05-01") == "2024-05-01T00:00:00Z"
    assert parse_timestamp("20240501123000") == "2024-05-01T12:30:00Z"
    with pytest.raises(ValueError, match="not a timestamp: 'yesterday'"):
        parse_timestamp("yesterday")

"""Pages of a live wiki, fetched through MediaWiki's Action API.

``WikiClient(api_url)`` talks to one wiki through `mwapi`_ (the optional
``wiki`` extra: ``pip install 'wikilint[wiki]'``):

* ``pages(titles, rendered=False)`` yields one ``WikiPage`` per distinct page
  asked for, in the order asked: its current wikitext (or, rendered, the text
  a reader sees: the parsed HTML reduced by ``wikilint.io.htmltext``), its
  title after normalisation and redirects, and its URL. A page that does not
  exist or a title that is not valid gives a ``WikiPage`` with ``error`` set;
  the other pages are still fetched.
* ``category_members(name)``, ``prefixed(prefix)`` and ``changed_since(ts)``
  list titles: the pages of a category, the pages whose title starts with a
  prefix, the pages of the content namespaces edited since a time (recent
  changes). Each follows the API's continuation to the end.

Titles go 50 to a request (the API's limit for ordinary accounts); every
request carries ``maxlag`` and is retried with exponential back-off when the
wiki is lagged or overloaded (up to five times) or does not answer (twice);
the User-Agent names wikilint.
A wiki that cannot be reached, or an answer that is not the API's, raises
``WikiError`` with a one-line message.

.. _mwapi: https://pypi.org/project/mwapi/
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from wikilint import __version__

__all__ = ["BATCH", "USER_AGENT", "WikiClient", "WikiError", "WikiPage", "parse_timestamp"]

BATCH = 50
USER_AGENT = f"wikilint/{__version__} (MediaWiki article linter; python-mwapi)"
# mwapi logs the API's warnings (deprecations and the like): not the linter's business.
logging.getLogger("mwapi").addHandler(logging.NullHandler())
_LAG_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?) seconds? lagged")
_ILLEGAL = frozenset("|[]{}<>\n")
_TS_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M",
               "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d%H%M%S")


class WikiError(Exception):
    """The wiki could not be used: unreachable, not an API, refused the request."""


@dataclass(frozen=True)
class WikiPage:
    """One page asked for: its text, or why there is none."""

    requested: str
    title: str
    url: str
    text: str | None = None
    error: str | None = None
    revision: int | None = None
    redirected_from: str | None = None


def parse_timestamp(value: str) -> str:
    """``2024-05-01``, ``2024-05-01T12:00:00Z`` or ``20240501120000`` as the API's ISO form.

    Raises ``ValueError`` with a one-line message for anything else.
    """
    text = value.strip()
    for fmt in _TS_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment.replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise ValueError(f"not a timestamp: {value!r} (use 2024-05-01 or 2024-05-01T12:00:00Z)")


class WikiClient:
    """A polite client of one wiki's Action API (see the module docstring)."""

    def __init__(self, api_url: str, *, user_agent: str = USER_AGENT, maxlag: int = 5,
                 retries: int = 5, backoff: float = 1.0, timeout: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        try:
            import mwapi
        except ImportError:
            raise WikiError("--wiki needs mwapi: pip install 'wikilint[wiki]'") from None
        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise WikiError(f"{api_url}: not an http(s) URL of a wiki's api.php")
        path = parts.path or "/w/api.php"
        if not path.endswith(".php"):
            path = path.rstrip("/") + "/api.php"
        self.api_url = f"{parts.scheme}://{parts.netloc}{path}"
        self._mwapi = mwapi
        self._session = mwapi.Session(f"{parts.scheme}://{parts.netloc}", user_agent=user_agent,
                                      api_path=path, formatversion=2, timeout=timeout)
        self.maxlag = maxlag
        self.retries = retries
        # A wiki that does not answer at all is given two more tries (1 s, 2 s), not five.
        self.network_retries = min(retries, 2)
        self.backoff = backoff
        self.sleep = sleep
        self._siteinfo: dict[str, Any] | None = None

    # ------------------------------------------------------------ requests
    def request(self, **params: Any) -> dict[str, Any]:
        """One GET request, retried on lag, overload and network failure."""
        params.setdefault("maxlag", self.maxlag)
        errors = self._mwapi.errors
        delay = self.backoff
        failures = 0
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                return dict(self._session.get(**params))
            except errors.APIError as exc:
                if exc.code not in ("maxlag", "ratelimited", "readonly") or last:
                    raise WikiError(f"{self.api_url}: {exc.code}: {exc.info}") from None
                lag = _LAG_RE.search(str(exc.info or ""))
                wait = max(delay, min(float(lag.group(1)), 60.0) if lag else 0.0)
            except (errors.ConnectionError, errors.TimeoutError, errors.HTTPError,
                    errors.RequestError) as exc:
                failures += 1
                if last or failures > self.network_retries:
                    raise WikiError(f"cannot reach the wiki at {self.api_url}: "
                                    f"{_reason(exc)}") from None
                wait = delay
            except ValueError:  # not JSON: an error page, a proxy, a server in trouble
                if last:
                    raise WikiError(f"{self.api_url} did not answer as a MediaWiki API "
                                    "(no JSON; is this the URL of api.php?)") from None
                wait = delay
            self.sleep(wait)
            delay = min(delay * 2, 60.0)
        raise AssertionError("unreachable")  # pragma: no cover

    def _continued(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every answer of a query, following ``continue`` to the end."""
        params["continue"] = ""
        while True:
            doc = self.request(**params)
            yield doc
            more = doc.get("continue")
            if not more:
                return
            params.update(more)

    def siteinfo(self) -> dict[str, Any]:
        if self._siteinfo is None:
            doc = self.request(action="query", meta="siteinfo", siprop="general|namespaces")
            query = doc.get("query")
            if not isinstance(query, dict) or "general" not in query:
                raise WikiError(f"{self.api_url} did not answer as a MediaWiki API")
            self._siteinfo = query
        return self._siteinfo

    @property
    def sitename(self) -> str:
        return str(self.siteinfo()["general"].get("sitename", ""))

    # -------------------------------------------------------------- titles
    def _list(self, listname: str, prefix: str, **params: Any) -> Iterator[str]:
        params[f"{prefix}limit"] = "max"
        for doc in self._continued(action="query", list=listname, **params):
            for item in doc.get("query", {}).get(listname, []):
                yield str(item["title"])

    def category_members(self, name: str) -> list[str]:
        """Titles of the pages in a category (not in its subcategories)."""
        title = name if ":" in name and self._namespace_of(name) == 14 else f"Category:{name}"
        return _unique(self._list("categorymembers", "cm", cmtitle=title, cmtype="page|file"))

    def prefixed(self, prefix: str) -> list[str]:
        """Titles that start with ``prefix`` (``Talk:Foo`` searches the talk namespace)."""
        namespace = 0
        rest = prefix
        if ":" in prefix:
            ns = self._namespace_of(prefix)
            if ns is not None:
                namespace, rest = ns, prefix.split(":", 1)[1]
        return _unique(self._list("allpages", "ap", apprefix=rest, apnamespace=namespace))

    def changed_since(self, since: str) -> list[str]:
        """Titles in the content namespaces edited or created since ``since`` (recent changes)."""
        try:
            end = parse_timestamp(since)
        except ValueError as exc:
            raise WikiError(str(exc)) from None
        content = [str(ns["id"]) for ns in self.siteinfo()["namespaces"].values()
                   if ns.get("content")] or ["0"]
        return _unique(self._list("recentchanges", "rc", rcend=end, rcdir="older",
                                  rctype="edit|new", rcprop="title",
                                  rcnamespace="|".join(content)))

    def _namespace_of(self, title: str) -> int | None:
        name = title.split(":", 1)[0].strip().replace("_", " ").lower()
        for ns in self.siteinfo()["namespaces"].values():
            names = {str(ns.get("name", "")).lower(), str(ns.get("canonical", "")).lower()}
            if name and name in names:
                return int(ns["id"])
        return None

    # --------------------------------------------------------------- pages
    def pages(self, titles: Iterable[str], *, rendered: bool = False) -> Iterator[WikiPage]:
        """Each distinct page asked for, in order (see the module docstring)."""
        wanted = _unique(t.strip() for t in titles if t.strip())
        seen: set[str] = set()
        for title in wanted:
            bad = sorted(set(title) & _ILLEGAL)
            if bad:  # never sent: '|' would split the title in two
                yield WikiPage(title, title, "", error="invalid title: it contains "
                               + " ".join(repr(ch) for ch in bad))
        wanted = [t for t in wanted if not set(t) & _ILLEGAL]
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start:start + BATCH]
            for page in self._batch(batch):
                if page.error is None and page.title in seen:
                    continue  # two names of one page (a redirect and its target)
                seen.add(page.title)
                if rendered and page.error is None:
                    page = self._rendered(page)
                yield page

    def _batch(self, batch: list[str]) -> list[WikiPage]:
        normalized: dict[str, str] = {}
        redirects: dict[str, str] = {}
        found: dict[str, dict[str, Any]] = {}
        for doc in self._continued(action="query", titles="|".join(batch), redirects="1",
                                   prop="revisions|info", rvprop="content|ids", rvslots="main",
                                   inprop="url"):
            query = doc.get("query", {})
            for item in query.get("normalized", []):
                normalized[item["from"]] = item["to"]
            for item in query.get("redirects", []):
                redirects[item["from"]] = item["to"]
            for item in query.get("interwiki", []):
                found[item["title"]] = {"title": item["title"], "interwiki": True,
                                        "fullurl": item.get("url", "")}
            for page in query.get("pages", []):
                merged = found.setdefault(page["title"], {})
                for key, value in page.items():
                    if key == "revisions":
                        merged.setdefault("revisions", []).extend(value)
                    else:
                        merged[key] = value
        out: list[WikiPage] = []
        for asked in batch:
            title = normalized.get(asked, asked)
            via = None
            hops = 0
            while title in redirects and hops < 5:
                via = via or title
                title = redirects[title]
                hops += 1
            page = found.get(title, {})
            url = str(page.get("fullurl") or page.get("canonicalurl") or "")
            if page.get("interwiki"):
                out.append(WikiPage(asked, title, url, error="an interwiki link, not a page here"))
            elif page.get("invalid"):
                reason = page.get("invalidreason", "not a valid title")
                out.append(WikiPage(asked, title, url, error=f"invalid title: {reason}"))
            elif page.get("missing") or not page:
                out.append(WikiPage(asked, title, url, error="no such page"))
            else:
                revs = page.get("revisions") or [{}]
                main = revs[0].get("slots", {}).get("main", {})
                content = main.get("content")
                if content is None:
                    out.append(WikiPage(asked, title, url, error="its text is hidden or missing"))
                else:
                    out.append(WikiPage(asked, title, url, text=str(content),
                                        revision=revs[0].get("revid"), redirected_from=via))
        return out

    def _rendered(self, page: WikiPage) -> WikiPage:
        """The page as its readers see it: parsed HTML reduced to text."""
        from wikilint.io.htmltext import html_to_text

        try:
            doc = self.request(action="parse", page=page.title, prop="text|displaytitle",
                               disableeditsection="1", disablelimitreport="1", redirects="1")
        except WikiError as exc:
            return WikiPage(page.requested, page.title, page.url, error=str(exc))
        parsed = doc.get("parse", {})
        title = html_to_text(str(parsed.get("displaytitle") or page.title)).strip()
        text = html_to_text(str(parsed.get("text", "")), title=title, site=self.sitename)
        return WikiPage(page.requested, page.title, page.url, text=text,
                        revision=page.revision, redirected_from=page.redirected_from)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


_REASONS = (("refused", "connection refused"), ("Name or service not known", "unknown host"),
            ("nodename nor servname", "unknown host"), ("getaddrinfo failed", "unknown host"),
            ("timed out", "timed out"), ("Timeout", "timed out"), ("SSL", "TLS error"),
            ("certificate", "TLS certificate error"))


def _reason(exc: BaseException) -> str:
    text = str(exc)
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    return _short(text.splitlines()[0] if text else type(exc).__name__, 100)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"

"""Helpers for the real-browser tests: Debian Chromium, a local HTTP server, and a record of what a page did."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> Path:
    """The browser binary; a missing browser is a failure, never a skip."""
    assert CHROMIUM.is_file(), (f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
                                "Install it with `apt-get install chromium`.")
    return CHROMIUM


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless (Playwright's own browser download is not used)."""
    return playwright.chromium.launch(executable_path=str(require_chromium()), args=CHROMIUM_ARGS, headless=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that navigates away closes its connections early; that is no error of the site


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port, in a thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _favicon_probe(url: str) -> bool:
    """Chromium asks the server root for /favicon.ico when a page declares no icon (the site declares none);
    that request is the browser's, not the page's, and it arrives at a random moment, so it is left out."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.path == "/favicon.ico"


@dataclass
class Recorder:
    """Every request, console error, page error, failed request and HTTP error a page produced."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Any) -> Recorder:
        rec = cls()
        page.on("request", lambda r: rec.requests.append(r.url))
        page.on("console", lambda m: rec.console_errors.append(f"{m.text} @ {m.location}")
                if m.type == "error" and not _favicon_probe(m.location.get("url", "")) else None)
        page.on("pageerror", lambda e: rec.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: rec.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: rec.bad_status.append(f"{r.status} {r.url}")
                if r.status >= 400 and not _favicon_probe(r.url) else None)
        return rec

    def foreign(self, base: str) -> list[str]:
        """Requests that left the site: for http(s) anything not under `base`; for file:// anything not file:."""
        if base.startswith("file:"):
            return [u for u in self.requests if not u.startswith(("file:", "data:"))]
        return [u for u in self.requests if not u.startswith((base, "data:"))]

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors] + [f"page error: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed] + [f"HTTP error: {m}" for m in self.bad_status])


def url_to_file(url: str, base: str, root: Path) -> Path | None:
    """The file in `root` that `url` (under `base`, http or file) names, or None when it is outside the site."""
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path)
    rel = path[len(unquote(urlsplit(base).path)):]
    target = root / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target


class LazyBrowser:
    """One Chromium for a test module, launched by the first test that needs it (so that test fails without it)."""

    def __init__(self, playwright: Any) -> None:
        self._playwright = playwright
        self._browser: Any = None

    def new_context(self, **options: Any) -> Any:
        if self._browser is None:
            self._browser = launch(self._playwright)
        return self._browser.new_context(**options)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()



class Session:
    """A browser context opened on first use and closed by the fixture that made it."""

    def __init__(self, browser: LazyBrowser, **options: Any) -> None:
        self._browser, self._options, self._context = browser, options, None

    def new_page(self) -> Any:
        if self._context is None:
            self._context = self._browser.new_context(**self._options)
        return self._context.new_page()

    def close(self) -> None:
        if self._context is not None:
            self._context.close()

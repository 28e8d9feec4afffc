"""Browser helpers: serve a built site on 127.0.0.1 (port 0) and drive Debian's chromium with Playwright."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
# Flags that keep chromium off the network (this machine has none) and quiet as root in a container.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like a real host: a missing path gets the site's own 404.html, with the 404 status.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One headless Debian chromium for a test module; fails with the French set-up hint when it is missing."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError("chromium est absent : lancez « make test », qui l'installe (paquet Debian chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


class OutsideRequests:
    """Every request of a browser context that leaves the test server: recorded, and aborted before it goes out."""

    def __init__(self, context: Any, base: str) -> None:
        self.base = base
        self.urls: list[str] = []
        context.on("request", self._seen)
        context.route("**/*", self._route)

    def _local(self, url: str) -> bool:
        return url.startswith(self.base) or url.startswith(("data:", "blob:", "about:"))

    def _seen(self, request: Any) -> None:
        if not self._local(request.url) and request.url not in self.urls:
            self.urls.append(request.url)

    def _route(self, route: Any) -> None:
        if self._local(route.request.url):
            route.continue_()
        else:
            self._seen(route.request)
            route.abort()


def new_visit(browser: Any, base: str, width: int = 1280, scheme: str = "light") -> tuple[Any, OutsideRequests, Any]:
    """A fresh browser context (its own localStorage) and page; reduced motion, so no transition races a check."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  reduced_motion="reduce", accept_downloads=True)
    outside = OutsideRequests(context, base)
    return context, outside, context.new_page()


def quiz_data(page: Any) -> dict[str, Any]:
    """The quiz's stable ids and right answers, as the page gives them to quiz.js."""
    return json.loads(page.locator("script#pmo-quiz-data").text_content())


def answer_quiz(page: Any, right: bool) -> None:
    """Tick, for every question, its right choices (right=True) or one wrong choice, then submit."""
    for question in quiz_data(page)["questions"]:
        fieldset = page.locator(f"fieldset[data-pmo-question='{question['id']}']")
        if right:
            for choice in question["correct"]:
                fieldset.locator(f"input[value='{choice}']").check()
        else:
            values = fieldset.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
            wrong = next(v for v in values if v not in question["correct"])
            fieldset.locator(f"input[value='{wrong}']").check()
    page.get_by_role("button", name="Valider mes réponses").click()


def open_search(page: Any, query: str) -> Any:
    """Open Material's search as a visitor would (the magnifier on a narrow screen, the box on a wide one),
    type a query and wait for the results, computed offline by Material's lunr worker; returns the result items."""
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():
        button.click()
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    return results

"""axe-core in the browser tests: every page a test visits is checked at WCAG 2.1 AA.

axe-core (npm, MPL-2.0; version in ``vendor/axe-core/VERSION``) is read from this folder and
evaluated in the page through the DevTools protocol, so nothing is served from ``static/`` and
the strict CSP stays as it is. ``watch(page)`` (used by the ``page`` fixture in ``conftest.py``)
checks the document after every ``page.goto`` and every ``page.expect_navigation`` block, any
page loaded in between before the next one starts, and the last page when the test ends. A test
fails on the first page with a violation, naming the rule, the elements and the URL.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Two rules apply inline styles while they run, which the strict CSP refuses and the tests count
# as CSP violations (seen on admin pages). No page here locks its orientation or plays audio.
SKIPPED_RULES = ["css-orientation-lock", "no-autoplay-audio"]

_RUN = """async ([tags, exclude, skipped]) => {
  const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
  const rules = Object.fromEntries(skipped.map((id) => [id, {enabled: false}]));
  const result = await axe.run(context, {runOnly: {type: "tag", values: tags}, rules});
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


class AxeViolations(AssertionError):
    pass


def violations(page, exclude: tuple[str, ...] = ()) -> list[dict]:
    """The WCAG 2.1 AA violations axe-core finds in the page as it is now, leaving out the
    elements matched by the ``exclude`` selectors."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(_RUN, [WCAG_21_AA, list(exclude), SKIPPED_RULES])


def assert_accessible(page, exclude: tuple[str, ...] = ()) -> None:
    found = violations(page, exclude)
    if found:
        lines = [f"axe-core: {len(found)} WCAG 2.1 AA violation(s) on {page.url}"]
        for v in found:
            lines.append(f"- {v['id']}: {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
        raise AxeViolations("\n".join(lines))


class Watcher:
    """Checks each document the page loads; see the module docstring."""

    def __init__(self, page) -> None:
        self.page = page
        self.pending = False
        self.checked: list[str] = []
        # Selectors of third-party widgets a test leaves out, each with its reason.
        self.exclude: tuple[str, ...] = ()
        self._goto = page.goto
        self._expect_navigation = page.expect_navigation
        page.on("load", self._loaded)
        page.goto = self.goto
        page.expect_navigation = self.expect_navigation

    def _loaded(self, _page) -> None:  # no Playwright call inside an event handler
        self.pending = True

    def check(self) -> None:
        self.pending = False
        self.checked.append(self.page.url)
        assert_accessible(self.page, self.exclude)

    def check_pending(self) -> None:
        if self.pending:
            self.check()

    def goto(self, *args, **kwargs):
        self.check_pending()
        response = self._goto(*args, **kwargs)
        self.check()
        return response

    @contextlib.contextmanager
    def expect_navigation(self, *args, **kwargs):
        self.check_pending()
        with self._expect_navigation(*args, **kwargs) as navigation:
            yield navigation
        self.page.wait_for_load_state("load")
        self.check()


def watch(page) -> Watcher:
    return Watcher(page)

import contextlib
import functools
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    # Reduced motion: Bootstrap then shows modals and fades without a transition, so axe never
    # measures the contrast of half-faded text (a modal's title failed on and off under load).
    return {**browser_context_args, "locale": "es-ES", "reduced_motion": "reduce"}


CSP_MARK = "CSP violation:"
# Chromium reports what the Content-Security-Policy refused in the console; the listener added
# before any page script also reports the securitypolicyviolation events themselves.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture(autouse=True)
def csp_violations(request):
    """Every browser test runs with the CSP header on (settings.SECURE_CSP) and fails on any
    violation on any page it visited (issue 15): an inline script, handler or style, or
    anything loaded from elsewhere. Yields the list of violations seen so far."""
    if "context" not in request.fixturenames:
        yield []
        return
    context = request.getfixturevalue("context")
    violations = []

    def on_console(message):
        text = message.text
        if text.startswith(CSP_MARK) or "Content Security Policy" in text:
            violations.append(f"{message.page.url if message.page else '?'}: {text}")

    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", on_console)
    yield violations
    assert violations == [], "\n".join(violations)


# axe-core (issue 17): every page a browser test loads is checked, and the test fails on any
# violation of impact serious or critical. axe comes from npm through `make setup` (never a CDN);
# it is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
# CSP fixture above still watches only the app's own code.
AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
RUN_AXE = """async (impacts) => {
  // transitions (a modal fading in, started a frame after the swap) finish first: half-faded
  // text would fail on contrast
  await new Promise(done => setTimeout(done, 50));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  while (window.__axeRun) { await window.__axeRun.catch(() => null); }  // one run at a time
  window.__axeRun = axe.run(document, {resultTypes: ["violations"]});
  let result;
  try { result = await window.__axeRun; } finally { window.__axeRun = null; }
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")), count: v.nodes.length,
  }));
}"""
SHOWN_PARAMETERS = ("tab", "view")
# URL path pattern → [pages checked, serious or critical violations found], for the summary.
AXE_PAGES: dict[str, list[int]] = {}


@functools.cache
def axe_source():
    return AXE_JS.read_text()


def url_pattern(url):
    """'http://host/clients/12/info/?tab=all&q=x' → '/clients/<id>/info/?tab=all': ids and tokens
    (long opaque segments) replaced and only the parameters that choose a view kept, so the
    summary lists kinds of page, not objects."""
    parts = urlsplit(url)
    segments = [
        "<id>" if s.isdigit() else "<token>" if len(s) >= 20 else s for s in parts.path.split("/")
    ]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in SHOWN_PARAMETERS])
    return "/".join(segments) + (f"?{query}" if query else "")


def check_axe(page):
    """Run axe-core on the page as it is now (after an htmx swap, say) and return its serious
    and critical violations as dicts (id, impact, help, targets, count); counted in the summary."""
    page.evaluate(f"(() => {{ if (window.axe) return; {axe_source()}\n}})()")
    found = page.evaluate(RUN_AXE, list(FAILING_IMPACTS))
    tally = AXE_PAGES.setdefault(url_pattern(page.url), [0, 0])
    tally[0] += 1
    tally[1] += sum(v["count"] for v in found)
    return found


def describe(url, violations):
    return [
        f"{url}: {v['impact']} {v['id']} ({v['help']}) ×{v['count']} at {'; '.join(v['targets'])}"
        for v in violations
    ]


HTMX_SETTLED = "axe: htmx settled"
# Tells the test (through the console) that htmx swapped something in: a modal, a list.
REPORT_SWAPS = f"""
document.addEventListener("htmx:afterSettle", function () {{ console.debug("{HTMX_SETTLED}"); }});
"""


def watch_with_axe(page, problems):
    """Check `page` with axe after every load and every htmx swap (a check cut short by the
    next navigation is skipped)."""

    def check(checked):
        if not checked.url.startswith("http"):
            return
        with contextlib.suppress(PlaywrightError):
            problems.extend(describe(checked.url, check_axe(checked)))

    page.on("load", check)
    page.on("console", lambda message: message.text == HTMX_SETTLED and check(page))


def watch_context(context, problems):
    context.add_init_script(REPORT_SWAPS)
    context.on("page", lambda page: watch_with_axe(page, problems))


@pytest.fixture(autouse=True)
def axe_violations(request):
    """Fails the test on any serious or critical axe-core violation on a page it loaded, in the
    test's context or in any context it opens, and on the last state of its page (htmx swaps
    included). Yields the list of problems seen so far."""
    problems = []
    if "page" not in request.fixturenames and "context" not in request.fixturenames:
        yield problems
        return
    context = request.getfixturevalue("context")
    watch_context(context, problems)
    browser = request.getfixturevalue("browser")
    new_context = browser.new_context

    def new_watched_context(*args, **kwargs):
        opened = new_context(*args, **kwargs)
        watch_context(opened, problems)
        return opened

    browser.new_context = new_watched_context
    yield problems
    browser.new_context = new_context
    for page in context.pages:
        if page.url.startswith("http"):
            with contextlib.suppress(PlaywrightError):
                problems.extend(describe(page.url, check_axe(page)))
    problems = list(dict.fromkeys(problems))  # a page checked at load and at the end: once
    assert problems == [], "axe-core found:\n" + "\n".join(problems)


def pytest_terminal_summary(terminalreporter):
    """The pages the browser tests checked with axe-core and what it found on them."""
    if not AXE_PAGES:
        return
    terminalreporter.section("axe-core: pages checked (serious + critical violations)")
    for pattern, (checks, found) in sorted(AXE_PAGES.items()):
        terminalreporter.write_line(f"{found:5d}  {checks:4d}×  {pattern}")

import os

import pytest

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
    return {**browser_context_args, "locale": "es-ES"}


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

"""A tiny HTTP client for the benchmarks: a session with cookies, signing in like a browser."""

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base):
        self.base = base
        cookies = urllib.request.HTTPCookieProcessor(CookieJar())
        self.opener = urllib.request.build_opener(cookies)
        self.posting = urllib.request.build_opener(cookies, NoRedirect())

    def post(self, path, data):
        """POST a form; (status, headers) of the response itself, a redirect not followed."""
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.posting.open(self.base + path, data=body, timeout=120) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as answer:  # the redirect after a successful POST
            return answer.code, dict(answer.headers)

    def post_raw(self, path, body: bytes, content_type: str):
        """POST an encoded body (a file upload); (status, headers), a redirect not followed."""
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": content_type}
        )
        try:
            with self.posting.open(request, timeout=120) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers)

    def get(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(request, timeout=60) as response:
            body = response.read()
            return response.status, dict(response.headers), body

    def sign_in(self, email, password):
        _, _, page = self.get("/sign-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "email": email, "password": password}
        ).encode()
        request = urllib.request.Request(self.base + "/sign-in/", data=data)
        with self.opener.open(request, timeout=60) as response:
            if "/sign-in/" in response.url:
                raise RuntimeError(f"could not sign in as {email}")


def timing(headers):
    """Server time in ms and SQL query count, from the ServerTimingMiddleware headers."""
    duration = float(re.search(r"dur=([\d.]+)", headers["Server-Timing"]).group(1))
    return duration, int(headers["X-Query-Count"])


def wait_until_up(base, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/health", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # a worker still booting
            time.sleep(0.2)
    raise RuntimeError("the server did not start")

"""A browser's user-agent string as a person reads it: "Chrome 156 · Linux" (ua-parser, whose
rules its maintainers keep current). The raw string stays for a title/tooltip."""

from functools import lru_cache

from ua_parser import Parser, basic, loaders

# ua-parser's pure-Python matcher, its rules compiled as they are first tried: +5 MB a process
# and ~1 ms a new string (then cached), where the native matcher (ua-parser-rs) cost +25 MB of
# every web worker, a sixth of its 150 MB budget, to save that millisecond.
PARSER = Parser(basic.Resolver(loaders.load_lazy_builtins()))
# ua-parser's names where people know another one.
OS_NAMES = {"Mac OS X": "macOS"}
# Operating systems whose version number says nothing to a person ("Mac OS X 10.15" is every Mac).
UNVERSIONED = {"Mac OS X", "Linux", "Ubuntu", "Chrome OS"}


@lru_cache(maxsize=4096)
def summary(user_agent: str) -> str:
    """ "Chrome 156 · Linux", "Firefox 140 · Windows 10", "Mobile Safari 18 · iOS 18"; the
    string itself when ua-parser knows neither browser nor system ("curl/8.5" stays as it is,
    being short already); "" for "". Cached: the same few browsers come back on every page."""
    text = (user_agent or "").strip()
    if not text:
        return ""
    found = PARSER.parse(text)
    parts = []
    if found.user_agent and found.user_agent.family != "Other":
        agent = found.user_agent
        parts.append(" ".join(p for p in (agent.family, agent.major) if p))
    if found.os and found.os.family != "Other":
        system = found.os
        version = None if system.family in UNVERSIONED else system.major
        parts.append(
            " ".join(p for p in (OS_NAMES.get(system.family, system.family), version) if p)
        )
    return " · ".join(parts) or text

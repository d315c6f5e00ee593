"""Invoice and estimate PDFs (B-5) with WeasyPrint, in the client contact's language.

Rendered from billing/pdf/document.html: the firm's logo, both parties' tax ids and addresses
(the client's placed for a DIN 5008 window envelope: 20 mm from the left edge, 45 mm from the
top, 85 × 45 mm, so a printed invoice goes out by post as it is), the lines, the tax per rate,
the withholding, the totals, the payment instructions (IBAN and the invoice number as the
reference) and page numbers. The fonts are DejaVu Sans, shipped with the app (npm's
dejavu-fonts-ttf, copied to static/vendor/fonts by `make setup`); nothing is fetched from the
network: the URL fetcher only reads files from the static folders and the media folder."""

import atexit
import ssl
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portico.billing import money, queries
from portico.clients.models import AccountContact
from portico.core.dates import long_date

FONTS = ("vendor/fonts/DejaVuSans.ttf", "vendor/fonts/DejaVuSans-Bold.ttf")
# WeasyPrint's fetcher builds an HTTPS handler, whose default context reads the system's CA
# certificates: 15 % of a render (73 of 500 ms under load). Ours fetches file:// URLs only, so
# one empty context, made once, does.
NO_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def language_of(account) -> str:
    """The language of the account's first contact (by signer priority), else the firm's."""
    link = (
        AccountContact.objects.filter(account=account)
        .select_related("contact")
        .order_by("signer_priority", "pk")
        .first()
    )
    return link.contact.language if link else account.firm.language


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    roots += [Path(p) for p in settings.STATICFILES_DIRS]
    return [r.resolve() for r in roots]


def fetcher():
    """WeasyPrint's URL fetcher for our documents: files under the static and media folders,
    nothing else (no network, no other file of the machine). One per render: a fetcher keeps
    the request it is answering."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(unquote(url.removeprefix("file://"))).resolve()
                if any(path.is_relative_to(root) for root in _allowed_roots()):
                    return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:100]}")

    return LocalFetcher(allowed_protocols=("file",), ssl_context=NO_TLS)


def local_only(url):
    """Fetch `url` as the documents' fetcher does (ValueError for anything refused)."""
    return fetcher().fetch(url)


def _font_urls() -> dict[str, str]:
    found = {}
    for name, key in zip(FONTS, ("regular", "bold"), strict=True):
        path = finders.find(name)
        if path:
            found[key] = Path(path).resolve().as_uri()
    return found


def _logo_url(firm) -> str:
    if not firm.logo:
        return ""
    try:
        return Path(firm.logo.path).resolve().as_uri()
    except (ValueError, NotImplementedError):
        return ""


def render(document, *, title: str = "", language: str | None = None) -> bytes:
    """The PDF of an Invoice or Estimate as bytes, in `language` (default: language_of its
    account), money in that language's format ("1.234,56 €" in Spanish)."""
    from weasyprint import HTML

    language = language or language_of(document.account)
    lines = list(document.lines.all())
    totals = money.totals(
        [(line.net, line.tax_rate) for line in lines], document.withholding_percent
    )
    firm = document.firm
    billing = queries.settings_of(firm)
    is_invoice = hasattr(document, "due_date")
    with translation.override(language):
        html = render_to_string(
            "billing/pdf/document.html",
            {
                "document": document,
                "is_invoice": is_invoice,
                "title": title,
                "lines": lines,
                "by_rate": totals.by_rate,
                "firm": firm,
                "firm_name": getattr(document, "firm_name", "") or firm.name,
                "firm_tax_id": getattr(document, "firm_tax_id", "") or firm.tax_id,
                "firm_address": _lines(getattr(document, "firm_address", "")) or firm.address_lines,
                "client_name": getattr(document, "client_name", "") or document.account.name,
                "client_tax_id": getattr(document, "client_tax_id", "")
                or queries.account_billing(document.account).tax_id,
                "client_address": _lines(getattr(document, "client_address", ""))
                or document.account.address_lines,
                "issue_date": long_date(document.issue_date),
                "due_date": long_date(document.due_date) if is_invoice else "",
                "expiry_date": "" if is_invoice else long_date(document.expiry_date),
                "iban": billing.iban,
                "bic": billing.bic,
                "logo": _logo_url(firm),
                "currency": document.currency,
            },
        )
    stylesheet, fonts = _stylesheet(language, threading.get_ident())
    page = HTML(string=html, url_fetcher=fetcher(), base_url=str(settings.BASE_DIR))
    return page.write_pdf(stylesheets=[stylesheet], font_config=fonts)


@lru_cache(maxsize=32)
def _stylesheet(language, thread):
    """The documents' stylesheet in `language` (its page numbers say "Página"), parsed once
    per thread with its fonts loaded: re-reading the fonts cost most of a render (a font
    configuration is not shared between threads)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    with translation.override(language):
        context = {"fonts": _font_urls(), "page": _("Page")}
        text = render_to_string("billing/pdf/document.css", context)
    return CSS(string=text, font_config=fonts, url_fetcher=fetcher()), fonts


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


# Font configurations clean up after themselves: let them while the interpreter still can.
atexit.register(_stylesheet.cache_clear)

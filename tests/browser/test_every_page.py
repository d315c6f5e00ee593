"""Issue 17's acceptance "every page": a walk through every staff and portal page of a firm with
one of everything, as its owner, as a portal client and signed out, at 390×844 (the document is
never wider than the screen) and at 1440×900, with axe-core on each page (conftest.py fails the
test on any serious or critical violation and lists the pages in the suite's summary). A URL
pattern that is neither walked nor named below as not a page fails `test_every_url_is_walked`."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portico.billing import actions as billing
from portico.billing import claims, links
from portico.billing import queries as billing_queries
from portico.clientbook.models import ClientImport
from portico.firms import actions as firms
from portico.firms.models import Role
from portico.portal import actions as portal
from portico.portal import tokens
from tests.billing_setup import draft, issued, line, pay
from tests.browser.conftest import check_axe, describe
from tests.factories import (
    CustomFieldFactory,
    DocumentFactory,
    EmailLogFactory,
    ExpenseExportFactory,
    ExpenseFactory,
    InvitationBatchFactory,
    MagicLinkFactory,
    TagFactory,
)
from tests.portal_setup import (
    client_user_on,
    contact_on,
    media,  # noqa: F401  (autouse)
)
from tests.tasks_setup import make_task
from tests.test_crawl import _patterns

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
CSV = "Nombre,Correo electrónico\nFerretería Muñoz SL,rocio@ferreteria.es\n".encode()

# URL names that are no page to look at, and why: the walk visits every other pattern.
NOT_PAGES = {
    "health": "a JSON health check",
    "example_app:tags": "the tests' example app (tests/example_app), not a page of the product",
    "": "favicon.ico: an image",
    "firms:logout": "POST only: signs out",
    "firms:set_language": "POST only: the language switch",
    "firms:renew_recovery_codes": "POST only",
    "firms:disable_two_factor": "POST only",
    "firms:reset_two_factor": "POST only",
    "firms:firm_logo": "POST only: the logo upload of the Firm page",
    "firms:deactivate_member": "POST only",
    "firms:reactivate_member": "POST only",
    "portal:logo": "an image: the firm's logo in the portal's header",
    "billing_portal:callback": "POST only: the payment provider's signed callback",
    "firms:cancel_staff_invitation": "POST only",
    "firms:retry_email": "POST only",
    "firms:change_password": "POST only: the form is on My profile",
    "firms:sign_out_everywhere": "POST only",
    "firms:invite_staff": "POST only: the form is on Team",
    "firms:change_member": "POST only: the form is on Team",
    "clientbook:run": "POST only",
    "clientbook:export": "a CSV or XLSX file",
    "clients:bulk": "POST only: the Clients page's bulk actions",
    "clients:quick_open": "a fragment: the results of the sidebar's search box",
    "clients:move_onboarding": "POST only",
    "clients:archive": "POST only",
    "clients:delete": "POST only",
    "clients:email_retry": "POST only",
    "clients:accept": "POST only",
    "clients:decline": "POST only",
    "clients:photo": "an image",
    "clients:photo_upload": "POST only",
    "clients:unlink": "POST only",
    "clients:switches": "POST only",
    "client_settings:tag_merge": "POST only",
    "client_settings:tag_delete": "POST only",
    "client_settings:field_move": "POST only",
    "client_settings:field_delete": "POST only",
    "expenses:export": "a file",
    "expenses:receipt": "a file",
    "expenses:receipt_upload": "POST only",
    "expenses:category": "POST only",
    "expenses:export_download": "a file",
    "notifications:digest": "POST only",
    "documents:upload": "POST only",
    "documents:download": "a file",
    "documents:share": "POST only",
    "work:reset_feed": "POST only",
    "work:digest": "POST only",
    "work:feed": "an iCalendar feed",
    "work:move": "POST only",
    "work:complete": "POST only",
    "work:not_attended": "POST only",
    "billing:period": "POST only",
    "billing:invoice_pdf": "a PDF",
    "billing:estimate_pdf": "a PDF",
    "billing:estimate_delete": "POST only: asks first (the modal, or a page of its own)",
    "billing:invoice_issue": "POST only",
    "billing:apply_credit": "POST only",
    "billing:payment_reverse": "POST only",
    "billing:estimate_invoice": "POST only",
    "billing:estimate_answer": "POST only",
    "billing:claim": "POST only: the decision on a claim (shown on the Invoices tab)",
    "billing_portal:invoice_pdf": "a PDF",
    "billing_portal:answer": "POST only",
    "billing_portal:pay_link_pdf": "a PDF",
    "access:pending_action": "POST only: the Pending tab's actions",
    "access:open_test_client": "POST only",
    "access:test_client": "POST only",
    "access:revoke_link": "POST only",
    "portal:sign_out": "POST only",
    "portal:language": "POST only",
    "portal:password": "POST only: the form is on Settings",
    "portal:notifications": "POST only: the form is on Settings",
    "portal:exit_preview": "POST only",
    "portal:magic_download": "a file",
    "portal:download": "a file",
    "firms:sign_in_code": "only between a two-step sign-in's password and code (its own tests)",
    "access:signing": "POST only",
    "billing:estimate_send": "POST only: the form is on the estimate",
    "billing:invoice_credit_note": "POST only",
    "billing:invoice_send": "POST only: the form is on the invoice",
    "client_settings:field_change": "POST only: the form is on Custom fields",
    "client_settings:tag_change": "POST only: the form is on Tags",
    "clients:link_edit": "POST only: the form is on Edit contact",
    "clients:contact_new": "POST only: the form is on Add contact",
    "clients:team": "POST only: the team card's form",
}


def seed(personas):
    """One of everything a page shows, in the personas' firm; returns the paths to walk as
    {"owner": [(url name, path)], "client": [...], "anonymous": [...]} and the portal user."""
    firm, owner, account = personas.firm, personas.owner, personas.account
    email, (link,) = contact_on(firm, account, address="rocio@ferreteria.es")
    client_user, client_email = client_user_on(firm, account, address="gerencia@panaderia.es")
    task = make_task(owner, date(2026, 11, 3), account=account)
    tag = TagFactory(firm=firm, name="IVA trimestral", colour="#fd7e14")
    account.tags.add(tag, TagFactory(firm=firm, name="Cliente nuevo", colour="#20c997"))
    CustomFieldFactory(firm=firm)
    document = DocumentFactory(account=account, shared=True)
    ExpenseFactory(account=account)
    ExpenseExportFactory(account=account)
    EmailLogFactory(firm=firm, account=account) if _has(EmailLogFactory, "account") else None
    a_draft = draft(owner, account, line(2, "45.50"))
    invoice = issued(owner, account, line(1, "1234.56"))
    pay(owner, account, "100", invoice)
    claims.claim_payment(invoice=invoice, provider="bank_transfer", user=client_user)
    estimate = billing.create_estimate(
        member=owner,
        account=account,
        issue_date=date(2026, 11, 2),
        expiry_date=date(2026, 11, 2) + timedelta(days=30),
        lines=[line(3, "80")],
    )
    billing.send_estimate(member=owner, estimate=estimate)
    draft_estimate = billing.create_estimate(
        member=owner,
        account=account,
        issue_date=date(2026, 11, 2),
        expiry_date=date(2026, 12, 2),
        lines=[line(1, "150", description="Baja de un trabajador y finiquito")],
    )
    job = ClientImport.objects.create(firm=firm, member=owner, file_name="clientes.csv", data=CSV)
    batch = InvitationBatchFactory(firm=firm)
    invitation = portal.invite(member=owner, account=account, email=email)
    billing_settings = billing_queries.settings_of(firm)
    billing_settings.pay_links = True
    billing_settings.save()
    magic = MagicLinkFactory(document=document, email=email)
    staff = firms.invite_staff(
        member=owner,
        email="nuria@asesoria.es",
        full_name="Nuria Sáez",
        role=Role.ACCOUNTANT,
        language="es",
    )
    pk, lk, ek = account.pk, link.pk, email.pk
    uid = urlsafe_base64_encode(force_bytes(owner.user.pk))
    reset = default_token_generator.make_token(owner.user)
    client_uid = urlsafe_base64_encode(force_bytes(client_user.pk))
    client_reset = default_token_generator.make_token(client_user)
    pay_path = urlsplit(links.make(invoice, client_email) or "").path
    owner_pages = [
        ("home", reverse("home")),
        *[
            ("clients:list", f"{reverse('clients:list')}?tab={tab}")
            for tab in ("mine", "all", "onboarding", "pending", "invitations", "archived")
        ],
        ("clients:new", reverse("clients:new")),
        ("clients:profile", reverse("clients:profile", args=[pk])),
        ("clients:overview", reverse("clients:overview", args=[pk])),
        ("clients:info", reverse("clients:info", args=[pk])),
        ("clients:info_edit", reverse("clients:info_edit", args=[pk])),
        ("clients:contact_add", reverse("clients:contact_add", args=[pk])),
        ("clients:contact_edit", reverse("clients:contact_edit", args=[pk, lk])),
        ("clients:status", reverse("clients:status", args=[pk])),
        ("clients:emails", reverse("clients:emails", args=[pk])),
        ("clients:workspace", reverse("clients:workspace", args=[pk])),
        ("client_settings:tags", reverse("client_settings:tags")),
        ("client_settings:fields", reverse("client_settings:fields")),
        ("clientbook:import", reverse("clientbook:import")),
        ("clientbook:check", reverse("clientbook:check", args=[job.pk])),
        ("clientbook:progress", reverse("clientbook:progress", args=[job.pk])),
        ("expenses:new", reverse("expenses:new", args=[pk])),
        ("expenses:import", reverse("expenses:import", args=[pk])),
        ("expenses:top_up", reverse("expenses:top_up", args=[pk])),
        ("notifications:notify", reverse("notifications:notify", args=[pk])),
        ("work:calendar", reverse("work:calendar")),
        ("work:calendar", f"{reverse('work:calendar')}?view=month&date=2026-11-03"),
        ("work:calendar", f"{reverse('work:calendar')}?date=2026-11-03"),
        ("work:settings", reverse("work:settings")),
        ("work:account_tasks", reverse("work:account_tasks", args=[pk])),
        ("work:account_task_new", reverse("work:account_task_new", args=[pk])),
        ("work:task_new", reverse("work:task_new")),
        ("work:task", reverse("work:task", args=[task.pk])),
        ("work:edit", reverse("work:edit", args=[task.pk])),
        ("work:copy", reverse("work:copy", args=[task.pk])),
        ("billing:billing", reverse("billing:billing")),
        ("billing:settings", reverse("billing:settings")),
        ("billing:account_payments", reverse("billing:account_payments", args=[pk])),
        ("billing:payment_new", reverse("billing:payment_new", args=[pk])),
        ("billing:transactions", reverse("billing:transactions", args=[pk])),
        ("billing:account_invoices", reverse("billing:account_invoices", args=[pk])),
        ("billing:invoice_new", reverse("billing:invoice_new", args=[pk])),
        ("billing:account_estimates", reverse("billing:account_estimates", args=[pk])),
        ("billing:estimate_new", reverse("billing:estimate_new", args=[pk])),
        ("billing:invoice", reverse("billing:invoice", args=[invoice.pk])),
        ("billing:invoice", reverse("billing:invoice", args=[a_draft.pk])),
        ("billing:invoice_edit", reverse("billing:invoice_edit", args=[a_draft.pk])),
        ("billing:estimate", reverse("billing:estimate", args=[estimate.pk])),
        ("billing:estimate", reverse("billing:estimate", args=[draft_estimate.pk])),
        ("billing:estimate_edit", reverse("billing:estimate_edit", args=[draft_estimate.pk])),
        ("access:batch", reverse("access:batch", args=[batch.pk])),
        ("access:invite", reverse("access:invite", args=[pk, lk, ek])),
        ("access:notifications", reverse("access:notifications", args=[pk, lk, ek])),
        ("access:settings", reverse("access:settings")),
        ("firms:firm_settings", reverse("firms:firm_settings")),
        ("firms:team", reverse("firms:team")),
        ("firms:activity", reverse("firms:activity")),
        ("firms:email_log", reverse("firms:email_log")),
        ("firms:profile", reverse("firms:profile")),
        ("firms:two_factor", reverse("firms:two_factor")),
        ("firms:security", reverse("firms:security")),
        ("", "/clients/999999/"),  # the 404 page
    ]
    client_pages = [
        ("portal:home", reverse("portal:home")),
        ("portal:account", reverse("portal:account", args=[pk])),
        ("portal:documents", reverse("portal:documents", args=[pk])),
        ("billing_portal:billing", reverse("billing_portal:billing", args=[pk])),
        ("billing_portal:pay", reverse("billing_portal:pay", args=[pk, invoice.pk])),
        ("portal:settings", reverse("portal:settings")),
    ]
    anonymous_pages = [
        ("firms:login", reverse("firms:login")),
        ("firms:password_reset", reverse("firms:password_reset")),
        ("firms:password_reset_done", reverse("firms:password_reset_done")),
        (
            "firms:password_reset_confirm",
            reverse("firms:password_reset_confirm", args=[uid, reset]),
        ),
        ("firms:password_reset_complete", reverse("firms:password_reset_complete")),
        ("firms:join", reverse("firms:join", args=[firms.invitation_token(staff)])),
        ("portal:sign_in", reverse("portal:sign_in")),
        ("portal:password_reset", reverse("portal:password_reset")),
        ("portal:password_reset_done", reverse("portal:password_reset_done")),
        (
            "portal:password_reset_confirm",
            reverse("portal:password_reset_confirm", args=[client_uid, client_reset]),
        ),
        ("portal:password_reset_complete", reverse("portal:password_reset_complete")),
        (
            "portal:activate",
            reverse("portal:activate", args=[tokens.make(invitation, tokens.INVITATION)]),
        ),
        ("portal:magic", reverse("portal:magic", args=[tokens.make(magic, tokens.MAGIC_LINK)])),
        ("billing_portal:pay_link", pay_path),
    ]
    pages = {"owner": owner_pages, "client": client_pages, "anonymous": anonymous_pages}
    return pages, client_user


def _has(factory, field):
    return field in {f.name for f in factory._meta.model._meta.fields}


def sign_in_as(context, live_server, user):
    """The browser context signed in as `user`: a session made by Django's test client."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    context.add_cookies([cookie])


def walk(page, live_server, paths, viewport):
    """Visit each path at `viewport`; returns the pages wider than the screen, those that did
    not answer 200 (404 expected only for the 404 page) and axe-core's findings on each."""
    page.set_viewport_size(viewport)
    problems = []
    for _name, path in paths:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        expected = 404 if path == "/clients/999999/" else 200
        if response.status != expected:
            problems.append(f"{path}: {response.status}")
        problems += describe(page.url, check_axe(page))  # whatever the load hook managed
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            problems.append(f"{path}: {width} px wide at {viewport['width']} px")
        problems += total_in_view(page, path)
    return problems


# Whether the element is inside the screen's width and not hidden by a box that scrolls or
# clips sideways (a .table-responsive): read where it is, without scrolling anything.
SHOWN_ACROSS = """element => {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.left < 0 || box.right > window.innerWidth) return false;
  for (let up = element.parentElement; up; up = up.parentElement) {
    if (getComputedStyle(up).overflowX === "visible") continue;
    const frame = up.getBoundingClientRect();
    if (box.left < frame.left || box.right > frame.right) return false;
  }
  return true;
}"""


def total_in_view(page, path):
    """An invoice's or estimate's Total is read without scrolling sideways (issue 20)."""
    total = page.get_by_test_id("total")
    if total.count() == 0:
        return []
    if total.evaluate(SHOWN_ACROSS):
        return []
    return [f"{path}: the Total is outside the screen or cut off"]


@pytest.mark.django_db
def test_every_url_is_walked(personas):
    """Each URL pattern of portico/urls.py and the apps' urls (Django's admin excepted) is
    walked below, or named in NOT_PAGES with the reason."""
    pages, _ = seed(personas)
    walked = {name for paths in pages.values() for name, _ in paths}
    names = {name for route, name in _patterns() if not route.startswith("admin/")}
    assert names - walked - set(NOT_PAGES) == set()
    assert set(NOT_PAGES) - names == set()


def set_language(context, live_server, language):
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
    context.add_cookies([cookie])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("viewport", "language"), [(PHONE, "es"), (DESKTOP, "fr")])
def test_every_page_fits_and_passes_axe(page, live_server, personas, viewport, language):
    """Every page as the owner, as a portal client and signed out: 200 (404 for the 404 page),
    no wider than the screen, an invoice's or estimate's Total within it; axe-core runs on each
    (conftest.py)."""
    pages, client_user = seed(personas)
    problems = []
    for who, user in (("owner", personas.owner.user), ("client", client_user), ("anonymous", None)):
        page.context.clear_cookies()
        set_language(page.context, live_server, language)
        if user is not None:
            sign_in_as(page.context, live_server, user)
        problems += walk(page, live_server, pages[who], viewport)
    assert problems == [], "\n".join(problems)

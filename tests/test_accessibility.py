"""Accessibility (RGAA) in a real browser: axe-core on every public page type, and the keyboard.

Each test loads the demo into a transactional database served by the live server, then drives
Debian's headless Chromium. A full-page screenshot of each page type is left in
``test-artifacts/screenshots/`` for a person to look at.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.models import Site

from cluac_pages.member_links import DOCUMENT_OPINION, MEETING_REPLY, make_token
from cluac_pages.models import (
    CommitteePage,
    DocumentReview,
    Mandate,
    MeetingPage,
    MinutesPage,
    ProcedureSheetPage,
)
from home.models import ContentPage, FooterSettings, HomePage, SitemapPage

from .browser import (
    DESKTOP,
    MOBILE,
    axe_violations,
    chromium,
    csp_violations,
    describe_violations,
    focused,
    needs_chromium,
    open_page,
    save_screenshot,
    tab_until,
)
from .factories import MeetingPageFactory
from .html import DEMO_SITES, NOT_FOUND_PATH, load_demo, site_for_host
from .test_public_pages import make_document

SEARCH_QUERY = "qualité"

pytestmark = [
    needs_chromium,
    pytest.mark.single_pass,
    # serialized_rollback: the flush after each test also empties what the migrations created
    # (root page, quality programmes); the next test's load_demo needs them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def first_live(model, site):
    page = (
        model.objects.live().public().descendant_of(site.root_page, inclusive=True).order_by("path").first()
    )
    assert page is not None, f"the demo has no live {model.__name__} on {site}"
    return page


def site_url(base, page):
    return base + page.get_url_parts()[2]


def member_links(committee):
    """The pages a member reaches from an e-mail: the reply to a convocation, the opinion on a document.

    The demo's meetings are past, and its documents are not under review: add an upcoming meeting
    and a review, as the secretariat would before sending the convocation.
    """
    meeting = MeetingPageFactory(
        parent=committee,
        slug="prochaine-reunion",
        title="Réunion plénière d'automne",
        start=timezone.now() + datetime.timedelta(days=45),
    )
    meeting.save_revision().publish()
    titular = (
        Mandate.objects.active_on(timezone.localdate() + datetime.timedelta(days=45))
        .filter(seat__committee=committee, role=Mandate.Role.TITULAR)
        .select_related("person")
        .first()
    )
    review = DocumentReview.objects.create(
        committee=committee,
        title="Charte d'accueil des usagers",
        document=make_document("Charte d'accueil des usagers"),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    return {
        "reply": f"/reponse/{make_token(MEETING_REPLY, titular.person, meeting)}/",
        "opinion": f"/avis/{make_token(DOCUMENT_OPINION, titular.person, review)}/",
    }


@pytest.fixture
def demo(live_server):
    """Load the demo; return the live server's address and the URL of each public page type.

    Requests to the live server's own host fall back to the default site (Loire-Atlantique);
    the other sites answer on ``<name>.localhost:<port>``, which Chromium resolves to loopback.
    """
    load_demo()
    port = urlsplit(live_server.url).port
    base = f"http://localhost:{port}"
    default_site = Site.objects.get(is_default_site=True)
    lot_site = site_for_host(DEMO_SITES["lot"][0])
    lot_base = f"http://{lot_site.hostname}:{port}"
    legal_notice = (
        ContentPage.objects.live().descendant_of(default_site.root_page).get(slug="mentions-legales")
    )
    statement = FooterSettings.for_site(default_site).accessibility_page
    committee = first_live(CommitteePage, default_site)
    links = member_links(committee)
    pages = {
        "home": base + "/",
        "committee": site_url(base, committee),
        "meeting": site_url(base, first_live(MeetingPage, default_site)),
        "minutes": site_url(base, first_live(MinutesPage, default_site)),
        "procedure-sheet": site_url(lot_base, first_live(ProcedureSheetPage, lot_site)),
        "content": site_url(base, legal_notice),
        "accessibility-statement": site_url(base, statement),
        "sitemap": site_url(base, first_live(SitemapPage, default_site)),
        "search": f"{base}/recherche/?q={SEARCH_QUERY}",
        "suggestion": f"{base}/comites/{committee.pk}/suggestion/",
        "meeting-reply": base + links["reply"],
        "document-opinion": base + links["opinion"],
        "404": base + NOT_FOUND_PATH,
    }
    assert isinstance(default_site.root_page.specific, HomePage)
    return {"base": base, "pages": pages, "committee": committee}


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_every_page_type_has_no_axe_violation_nor_csp_violation(demo, viewport):
    width = "desktop" if viewport == DESKTOP else "mobile"
    failures = []
    blocked = []
    with chromium() as browser:
        for label, url in demo["pages"].items():
            page, response = open_page(browser, url, viewport=viewport)
            expected_status = 404 if label == "404" else 200
            assert response.status == expected_status, f"{label}: {url} answered {response.status}"
            assert "script-src 'self'" in response.headers["content-security-policy"]
            save_screenshot(page, f"{label}-{width}")
            violations = axe_violations(page)
            if violations:
                failures.append(describe_violations(f"{label} at {width} width", url, violations))
            blocked += csp_violations(page)
            page.close()
    assert not failures, "axe-core (WCAG 2.2 A/AA, best practices) found violations:\n" + "\n".join(failures)
    assert not blocked, "the Content-Security-Policy blocked something:\n" + "\n".join(blocked)


def test_skip_links_move_the_focus(demo):
    with chromium() as browser:
        page, _ = open_page(browser, demo["pages"]["home"])
        page.keyboard.press("Tab")
        first = focused(page)
        assert first["inSkipLinks"] and first["text"] == "Contenu", f"first Tab focused {first}"
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "content"
        assert urlsplit(page.url).fragment == "content"

        # « Menu »: the next Tab after the skip link lands on the main menu's first link.
        page, _ = open_page(browser, demo["pages"]["home"])
        tab_until(page, lambda el: el["inSkipLinks"] and el["text"] == "Menu", limit=3)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        after = focused(page)
        assert after["inNavigation"], f"after the « Menu » skip link, Tab focused {after}"


def test_main_menu_is_reachable_in_order_and_opens_the_committee(demo):
    committee_path = urlsplit(demo["pages"]["committee"]).path
    with chromium() as browser:
        page, _ = open_page(browser, demo["pages"]["home"], viewport=DESKTOP)
        menu = page.eval_on_selector_all(
            "#header-navigation a", "links => links.map(a => a.getAttribute('href'))"
        )
        assert committee_path in menu, f"the main menu {menu} has no link to the committee {committee_path}"
        assert page.locator("#header-navigation a").first.is_visible(), (
            "the main menu is hidden at desktop width"
        )

        tab_until(page, lambda el: el["inNavigation"])
        reached = [focused(page)["href"]]
        while len(reached) < len(menu):
            page.keyboard.press("Tab")
            reached.append(focused(page)["href"])
        assert reached == menu, "Tab does not go through the main menu in its order"

        page, _ = open_page(browser, demo["pages"]["home"], viewport=DESKTOP)
        tab_until(page, lambda el: el["inNavigation"] and el["href"] == committee_path)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert urlsplit(page.url).path == committee_path
        assert demo["committee"].title in page.locator("h1").inner_text()


def test_header_search_form_works_with_the_keyboard(demo):
    with chromium() as browser:
        page, _ = open_page(browser, demo["pages"]["home"], viewport=DESKTOP)
        assert page.locator("#header-search-input").is_visible(), (
            "the header search is hidden at desktop width"
        )
        path = tab_until(page, lambda el: el["id"] == "header-search-input")
        assert not any(el["inNavigation"] for el in path), "the header search should come before the menu"
        page.keyboard.type(SEARCH_QUERY)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        url = urlsplit(page.url)
        assert url.path == "/recherche/"
        assert page.locator("#search-input").input_value() == SEARCH_QUERY
        assert page.locator(".cluac-search-results li").count() > 0, "the header search found nothing"


@pytest.mark.parametrize(
    ("button", "modal", "inside"),
    [
        ("#header-search-button", "#header-search-modal", "#header-search-input"),
        ("#header-menu-button", "#header-menu-modal", "#header-navigation a"),
    ],
)
def test_mobile_header_buttons_open_and_close_their_modal_with_the_keyboard(demo, button, modal, inside):
    with chromium() as browser:
        page, _ = open_page(browser, demo["pages"]["home"], viewport=MOBILE)
        button_id = button.removeprefix("#")
        assert page.locator(button).is_visible(), f"{button} is hidden at mobile width"
        assert not page.locator(inside).first.is_visible(), f"{inside} shows before {button} is pressed"
        tab_until(page, lambda el: el["id"] == button_id)

        page.keyboard.press("Enter")
        page.wait_for_selector(f"{modal}.fr-modal--opened")
        page.locator(inside).first.wait_for(state="visible")
        assert page.locator(button).get_attribute("data-fr-opened") == "true"
        assert page.evaluate(f"document.querySelector('{modal}').contains(document.activeElement)"), (
            f"the focus stayed outside {modal} once opened: {focused(page)}"
        )
        save_screenshot(page, f"mobile-{modal.removeprefix('#')}", full_page=False)
        violations = axe_violations(page)
        assert not violations, describe_violations(f"{modal} opened at mobile width", page.url, violations)

        page.keyboard.press("Escape")
        page.wait_for_selector(f"{modal}:not(.fr-modal--opened)", state="attached")
        page.locator(inside).first.wait_for(state="hidden")
        assert page.locator(button).get_attribute("data-fr-opened") == "false"
        assert focused(page)["id"] == button_id, "Escape should give the focus back to the button"

"""The web app, end to end in real headless Chromium (Debian's chromium, driven by Playwright)."""
import shutil
import socket
import threading
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)")

STORIES = {
    "a.txt": "Border clash\n\nPublished on 4 May 2019.\n\nKazakh troops attacked Kyrgyz border posts near Osh on "
             "May 2, 2019. “We will defend every village,” Kyrgyz President Sadyr Japarov said.",
    "b.txt": "Deal signed\n\nPublished on 9 June 2021.\n\nKazakhstan and Kyrgyzstan signed a border agreement in "
             "Bishkek on June 8, 2021.",
    "c.txt": "Hostile markup\n\nPublished on 1 July 2021.\n\nKyrgyzstan met Kazakhstan in Astana on June 30, 2021. "
             "<script>alert('x')</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">click</a>",
    "d.txt": "Raids\n\nPublished on 9 June 2020.\n\nKazakh troops attacked the Islamic Movement of Uzbekistan near "
             "Shymkent on June 2, 2020. Kyrgyz forces raided the Islamic Movement of Uzbekistan on June 5, 2020.",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from conftest import ingested_corpus
    from realpolitik.serve.rest import create_app

    folder = tmp_path_factory.mktemp("web")
    corpus = ingested_corpus(folder, STORIES)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(corpus), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", folder
    running.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield launched
        launched.close()


def test_actor_relation_evidence_document(server, browser, tmp_path):
    base, _ = server
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "/")
    assert "Overview" in page.inner_text("h1")
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    page.click("text=Kazakhstan")
    assert page.inner_text("h1") == "Kazakhstan"
    page.click("main >> text=Kyrgyzstan")
    assert "Kazakhstan ~ Kyrgyzstan" in page.inner_text("h1") or "Kyrgyzstan ~ Kazakhstan" in page.inner_text("h1")
    assert "2019" in page.inner_text("main") and "ASSAULT" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "relation.png"), full_page=True)
    page.click("text=Kazakh troops attacked Kyrgyz border posts")
    assert "/document/" in page.url and "#ev-" in page.url
    assert page.inner_text("h1") == "Border clash"
    assert page.locator("span.e").count() >= 1 and page.locator("span.m").count() >= 2
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    assert not dialogs


def test_untrusted_markup_is_inert_on_every_page(server, browser):
    base, _ = server
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/", "/events", "/network", "/contradictions", "/events?q=Astana", "/triads?actor=Kazakhstan"):
        page.goto(base + path)
    page.goto(base + "/events?q=Astana")
    page.click("main table >> text=Kyrgyzstan met Kazakhstan")
    text = page.inner_text("section.doc")
    assert "<script>alert('x')</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("section.doc a[href^='javascript']").count() == 0 and page.locator("section.doc img").count() == 0
    assert not dialogs


def test_triads_page_shows_each_side_with_its_sentence(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "/actor/Kazakhstan")
    page.click("text=Triads it is in")
    main = page.inner_text("main")
    # two raids on one group in 2020, and no word yet of the two states: balance predicts they cooperate
    assert "2020, open" in main and "Islamic Movement of Uzbekistan" in main
    assert "predicts Kazakhstan and Kyrgyzstan cooperate" in main or "predicts Kyrgyzstan and Kazakhstan cooperate" in main
    page.click("text=Kyrgyz forces raided")
    assert "/document/" in page.url and "#ev-" in page.url and page.inner_text("h1") == "Raids"
    assert page.goto(base + "/triads?actor=Nobody+Known").status == 404


def test_network_slider_moves_through_the_years(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "/network")
    slider = page.locator("input[type=range]")
    assert page.inner_text("form.slider output") == "2021"  # the latest year first
    with page.expect_navigation():
        slider.fill("0")
        slider.dispatch_event("change")
    assert "period=2019" in page.url and page.inner_text("form.slider output") == "2019"
    assert page.locator("main svg").count() >= 1


def test_events_page_filters_and_map(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "/events?type=ASSAULT")
    assert "ASSAULT" in page.inner_text("main table") and "AGREE" not in page.inner_text("main table")
    assert page.locator("main svg path").count() > 5  # the basemap's countries

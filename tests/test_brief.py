"""The briefing: self-contained, escaped, and rendered by a real headless Chromium."""
import shutil
import subprocess

import pytest

from realpolitik.api import opening_words
from realpolitik.serve.brief import quoted, render_html, render_markdown

ARTICLES = [
    ("a.txt", "Border clash\n\nPublished on 4 May 2019.\n\nKazakh troops attacked Kyrgyz border posts near Osh "
              "on May 2, 2019, officials said. Kyrgyzstan accused Kazakhstan of shelling villages."),
    ("b.txt", "Deal signed\n\nPublished on 9 June 2021.\n\nKazakhstan and Kyrgyzstan signed a border agreement in "
              "Bishkek on June 8, 2021. “We have closed a painful chapter,” Kyrgyz President Sadyr Japarov said."),
    ("c.txt", "Hostile markup\n\nPublished on 1 July 2021.\n\nKyrgyzstan met Kazakhstan in Astana on June 30, 2021 "
              "<script>alert('x')</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">link</a>."),
]


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    from conftest import ingested_corpus

    folder = tmp_path_factory.mktemp("brief")
    corpus = ingested_corpus(folder, dict(ARTICLES))
    data = corpus.brief("Kyrgyzstan")
    html = render_html(data)
    (folder / "brief.html").write_text(html, encoding="utf-8")
    return data, html, folder


def test_sections_and_evidence_links(briefing):
    data, html, _ = briefing
    for heading in ("Summary", "Relations over time", "Threat picture", "Where events happened",
                    "Signed network", "Where sources disagree", "Key quotes", "Sources"):
        assert heading in html
    timeline = next(t for t in data["timelines"] if t["b"] == "Kazakhstan")
    assert [p["period"] for p in timeline["points"]] == ["2019", "2021"]
    assert timeline["points"][0]["score"] < 0 < timeline["points"][1]["score"]
    for point in timeline["points"]:
        for evidence in point["evidence"]:
            assert f'id="src-{evidence["id"]}"' in html  # every point links to its sentence
    assert "Kazakhstan" in {t["name"] for t in data["threats"]}


def test_self_contained_and_article_text_is_inert(briefing):
    _, html, _ = briefing
    assert "<script" not in html.lower() and "<img" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html  # the article's markup is shown as text
    assert "http://" not in html and "https://" not in html  # nothing fetched: no CDN, fonts or tiles


def test_sentences_are_quoted_once_and_untitled_articles_cited_by_their_opening():
    assert quoted("They cannot do it.”") == "“They cannot do it.”"
    assert quoted("“We will come,” he said.") == "““We will come,” he said.”"
    assert quoted("Plain words.") == "“Plain words.”"
    assert opening_words("Short lead. Then more.") == "Short lead."
    cut = opening_words("Kyrgyz and Tajik officials met again on Tuesday in Osh to discuss the water dispute "
                        "that has soured relations for years.")
    assert cut.endswith("…") and len(cut) <= 73 and not cut[:-1].endswith(" ")


def test_markdown_format(briefing):
    data, _, _ = briefing
    text = render_markdown(data)
    assert text.startswith("# Briefing: Kyrgyzstan") and "Kazakhstan" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)")
def test_renders_in_headless_chromium(briefing, tmp_path):
    _, _, folder = briefing
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "brief.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,2400", f"--screenshot={shot}",
                    (folder / "brief.html").as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000  # a real page, not a blank one
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", (folder / "brief.html").as_uri()],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<svg") >= 3 and "Kazakhstan" in dom and "<path" in dom  # charts, network, basemap


def test_accounts_of_one_attack_from_several_articles_are_one_line():
    from realpolitik.api import same_incidents

    def attack(ident, date, place, lat, lon):
        return {"id": ident, "type": "ASSAULT", "source": "group.x", "target": "state.kaz", "date": date,
                "location": {"name": place, "lat": lat, "lon": lon}}

    precise = attack("a", "2023-05-10", "Kaskelen", 43.20, 76.62)
    later_report = attack("b", "2023-06", "Almaty", 43.25, 76.92)  # a month after, 25 km away
    far = attack("c", "2023-05-12", "Aktau", 43.65, 51.17)  # two days after, 2,000 km away
    months_later = attack("d", "2023-09-01", "Kaskelen", 43.20, 76.62)
    groups = same_incidents([later_report, far, months_later, precise])
    assert sorted([e["id"] for e in g] for g in groups) == [["a", "b"], ["c"], ["d"]]
    assert next(g for g in groups if len(g) == 2)[0]["id"] == "a"  # the precisely dated account leads
    assert [g[0]["id"] for g in groups] == ["d", "a", "c"]  # latest first


def test_map_labels_of_places_close_together_do_not_overlap():
    from realpolitik.serve.brief import _free_label

    taken: list = []
    spots = [_free_label(name, 500, 300, taken, 1000, 560) for name in ("Moscow", "Krasnogorsk", "Khimki",
                                                                          "Odintsovo", "Lyubertsy")]
    assert [anchor for _, _, anchor in spots[:4]] == ["start", "start", "end", "end"]
    assert len({(x, y) for x, y, _ in spots[:4]}) == 4
    assert spots[4] is None  # every side taken: the circle's tooltip names it
    for i, (l1, t1, w1, h1) in enumerate(taken):
        for l2, t2, w2, h2 in taken[i + 1:]:
            assert l1 + w1 <= l2 or l2 + w2 <= l1 or t1 + h1 <= t2 or t2 + h2 <= t1


def test_numbers_read_as_written_not_in_float_notation():
    from realpolitik.serve.brief import amount

    assert amount({"quantity": 25000.0, "unit": "border guard"}) == "25,000 border guards"
    assert amount({"quantity": 1.0, "unit": "battalion"}) == "1 battalion"
    assert amount({"quantity": 1344.0, "unit": "km"}) == "1,344 km"
    assert amount({"quantity": 0.3333, "unit": "fraction"}) == "33%"
    assert amount({"quantity": 90.0, "unit": "percent"}) == "90%"
    assert amount({"quantity": 4000.0, "unit": "soldier", "low": 3500.0, "high": 4000.0}) == "3,500–4,000 soldiers"
    assert amount({"quantity": 12.5, "unit": "militia"}) == "12.5 militia"
    assert amount({"quantity": 40.0, "unit": "person"}) == "40 people"
    assert amount({"quantity": 3.0, "unit": "facility"}) == "3 facilities"

import io
import json

from realpolitik.errors import InputError
from realpolitik.ingest.readers import expand_paths, read_source

LIMIT = 1_000_000


def read(path):
    return list(read_source(str(path), LIMIT))


def test_txt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Russia and Tajikistan held talks.", encoding="utf-8")
    [article] = read(path)
    assert article.text.startswith("Russia") and article.source == str(path)


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("""<html><head><title>Base talks | Site</title><meta name="author" content="Ann Writer">
    <meta property="article:published_time" content="2022-05-06T10:00:00Z"></head><body>
    <nav>Home | World | Sport</nav><article><h1>Base talks continue</h1>
    <p>Officials from Kyrgyzstan and Russia met in Bishkek on Friday to discuss the air base at Kant.</p>
    <p>The base has hosted Russian aircraft since 2003, the defence ministry said in a statement.</p>
    </article><footer>Copyright Site 2022</footer></body></html>""", encoding="utf-8")
    [article] = read(path)
    assert article.is_html and article.author == "Ann Writer"
    assert article.published.startswith("2022-05-06")
    assert "Kant" in article.text and "Sport" not in article.text
    assert article.title


def test_jsonl_reports_bad_lines_by_number_and_keeps_the_rest(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"text": "First article text.", "title": "One", "published": "2020-01-02"}),
             "{not json",
             json.dumps({"title": "no text"}),
             json.dumps({"text": "Second article text.", "url": "https://example.org/2"})]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = read(path)
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if not isinstance(i, InputError)]
    assert [e.line for e in errors] == [2, 3]
    assert f"{path}:2" in str(errors[0])
    assert [a.title for a in articles] == ["One", None]
    assert articles[1].source == "https://example.org/2"


def test_json_list(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": "A."}, {"text": "B."}]), encoding="utf-8")
    assert [a.text for a in read(path)] == ["A.", "B."]


def test_bad_files_are_errors_that_name_the_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00\x00")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(128, 256)) * 8)
    for path, reason in ((empty, "empty"), (binary, "binary"), (noise, "UTF-8")):
        [error] = read(path)
        assert isinstance(error, InputError) and reason in str(error) and str(path) in str(error)
    [missing] = read(tmp_path / "nope.txt")
    assert "no such file" in str(missing)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    [error] = list(read_source(str(path), 50))
    assert isinstance(error, InputError) and "limit" in str(error)


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Talks in Astana.".encode("utf-16"))
    [article] = read(path)
    assert article.text == "Talks in Astana."


def test_stdin_is_sniffed(monkeypatch):
    data = json.dumps({"text": "From a pipe."}).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    [article] = list(read_source("-", LIMIT))
    assert article.text == "From a pipe."


def test_directories_are_walked_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "1.html", "b/skip.png", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p[len(str(tmp_path)) + 1:] for p in expand_paths([str(tmp_path)])] == ["1.html", "b/2.txt"]


def test_legacy_encodings_are_read(tmp_path):
    russian = tmp_path / "ru.txt"
    russian.write_bytes("Россия и Таджикистан провели переговоры о безопасности границы.".encode("cp1251"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Officials in Bogotá said the café talks on trade would resume next week.".encode("latin-1"))
    assert read(russian)[0].text.startswith("Россия")
    assert "Bogotá" in read(latin)[0].text


def test_html_too_deep_for_the_extractor_still_gives_its_visible_text(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 5000 + "<p>Kyrgyz and Tajik officials met in Batken.</p>"
                    + "</div>" * 5000 + "<script>alert('x')</script><iframe src='http://example.org'></iframe>"
                    "</body></html>", encoding="utf-8")
    [article] = read(page)
    assert "Batken" in article.text and "alert" not in article.text and "example.org" not in article.text

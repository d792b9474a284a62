"""Readers: turn paths (files, directories, `-` for stdin) into raw articles.

Each reader yields `RawArticle`s or `InputError`s; a bad file or line never stops the others.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from realpolitik.errors import InputError
from realpolitik.records import RawArticle

SUPPORTED = {".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson"}
JSON_FIELDS = ("text", "title", "url", "published", "author", "source")


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files in the order given, directories walked recursively in sorted order."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED and not child.name.startswith("."):
                    yield str(child)
        else:
            yield raw


# How garbled a text decoded with a guessed encoding may look (charset-normalizer's "chaos") before
# the guess is refused: real text in a legacy encoding scores near 0, binary noise far above.
MAX_CHAOS = 0.1


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; failing those, a legacy encoding (cp1251
    Russian, latin-1...) when charset-normalizer can tell it with confidence. Binary data and text
    no encoding reads cleanly are reported, never guessed into mojibake."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not text", path=source)
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise InputError(f"not valid {codec.upper()} after its byte-order mark (byte {error.start})",
                                 path=source) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        from charset_normalizer import from_bytes  # only files that are not UTF-8 pay for it

        guess = from_bytes(data).best()
        if guess is not None and guess.chaos <= MAX_CHAOS:
            return str(guess)
        raise InputError(f"not valid UTF-8 (byte {error.start}) and no other encoding reads it cleanly",
                         path=source) from None


def read_source(source: str, max_bytes: int) -> Iterator[RawArticle | InputError]:
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            name, suffix = "<stdin>", ""
        else:
            path = Path(source)
            if not path.exists():
                yield InputError("no such file or directory", path=source)
                return
            if path.stat().st_size > max_bytes:
                yield InputError(f"larger than the {max_bytes:,}-byte limit (REALPOLITIK_MAX_BYTES)", path=source)
                return
            data = path.read_bytes()
            name, suffix = source, path.suffix.lower()
        if len(data) > max_bytes:
            yield InputError(f"larger than the {max_bytes:,}-byte limit (REALPOLITIK_MAX_BYTES)", path=name)
            return
        text = decode(data, name)
    except InputError as error:
        yield error
        return
    except OSError as error:
        yield InputError(f"cannot read: {error.strerror or error}", path=source)
        return
    if not text.strip():
        yield InputError("empty file", path=name)
        return
    if suffix == "":  # stdin: sniff
        stripped = text.lstrip()
        suffix = ".jsonl" if stripped.startswith("{") else ".html" if stripped.startswith("<") else ".txt"
    if suffix in (".json",):
        yield from read_json(text, name)
    elif suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(text, name)
    elif suffix in (".html", ".htm"):
        yield from read_html(text, name)
    else:
        yield RawArticle(text=text, source=name)


def article_from_object(obj: object, source: str, line: int | None) -> RawArticle | InputError:
    if not isinstance(obj, dict):
        return InputError("expected a JSON object with a 'text' field", path=source, line=line)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError("JSON object has no non-empty 'text' field", path=source, line=line)
    extra = {k: obj.get(k) if isinstance(obj.get(k), str) else None for k in JSON_FIELDS[1:]}
    label = f"{source}:{line}" if line else source
    return RawArticle(
        text=text,
        source=extra["url"] or label,
        line=line,
        title=extra["title"],
        url=extra["url"],
        published=extra["published"],
        author=extra["author"],
        outlet=extra["source"],
    )


def read_json(text: str, source: str) -> Iterator[RawArticle | InputError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputError(f"not JSON: {error.msg}", path=source, line=error.lineno)
        return
    items = data if isinstance(data, list) else [data]
    for index, obj in enumerate(items, 1):
        yield article_from_object(obj, source, index if isinstance(data, list) else None)


def read_jsonl(text: str, source: str) -> Iterator[RawArticle | InputError]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(f"not JSON: {error.msg}", path=source, line=number)
            continue
        yield article_from_object(obj, source, number)


def read_html(text: str, source: str) -> Iterator[RawArticle | InputError]:
    import trafilatura  # imported here: only HTML inputs pay for it

    try:
        result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=True)
    except Exception as error:  # trafilatura raises many kinds on broken markup
        yield InputError(f"HTML could not be parsed: {error}", path=source)
        return
    if result is None or not (result.text or "").strip():
        # trafilatura gives up on some pages (nesting too deep for its parser, no article markup):
        # their visible text, without scripts, styles or frames, is still worth reading
        text = visible_text(text)
        if not text.strip():
            yield InputError("HTML page has no main text", path=source)
            return
        yield RawArticle(text=text, source=source, is_html=True)
        return
    body = result.text
    # trafilatura puts the headline first when it finds it; keep the title as the first line once.
    if result.title and not body.lstrip().startswith(result.title):
        body = result.title + "\n\n" + body
    yield RawArticle(
        text=body,
        source=source,
        title=result.title,
        url=result.url,
        published=result.date,
        author=result.author,
        outlet=result.sitename,
        is_html=True,
    )


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
_HIDDEN = {"script", "style", "iframe", "noscript", "template", "svg", "head", "object", "embed"}


def visible_text(markup: str) -> str:
    """The text a reader would see, one paragraph per block element. Uses the standard library's
    streaming parser, which has no nesting limit."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            if tag in _HIDDEN:
                self.hidden += 1
            elif tag in _BLOCKS:
                self.parts.append("\n\n")

        def handle_endtag(self, tag):
            if tag in _HIDDEN:
                self.hidden = max(0, self.hidden - 1)
            elif tag in _BLOCKS:
                self.parts.append("\n\n")

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    collector = Collector()
    collector.feed(markup)
    collector.close()
    paragraphs = (" ".join(chunk.split()) for chunk in "".join(collector.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)

"""The briefing: one self-contained offline HTML file (or Markdown) that an analyst reads.

Everything is drawn here as inline SVG and CSS: relation timelines, the signed network, an event
map on Natural Earth shapes. No script, font or tile is fetched. Every item links to the sentence it
comes from, listed at the end with its article. All article text is escaped: it is untrusted.
"""
from __future__ import annotations

import math
from html import escape

from realpolitik.serve import basemap
from realpolitik.ontology import HOSTILE

CSS = """
:root{--ink:#1d2330;--muted:#5c6475;--line:#d9dde5;--paper:#f6f7f9;--card:#fff;--bad:#c0392b;--good:#1e8a5a;--mid:#8a93a6}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--paper)}
header{background:#1d2330;color:#fff;padding:28px 40px}header h1{margin:0 0 4px;font-size:26px}header p{margin:0;color:#c9cfdb}
main{max-width:1180px;margin:0 auto;padding:24px 40px 60px}section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin:18px 0}
h2{margin:0 0 12px;font-size:19px}h3{margin:14px 0 6px;font-size:15px}.muted{color:var(--muted)}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}
.stat{display:inline-block;margin-right:26px}.stat b{font-size:22px;display:block}ul.tight{margin:6px 0;padding-left:20px}ul.tight li{margin:3px 0}
a{color:#2459a8;text-decoration:none}a:hover{text-decoration:underline}.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}
.bad{background:var(--bad)}.good{background:var(--good)}.mid{background:var(--mid)}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;font-size:14px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}.side{background:var(--paper);border-radius:8px;padding:10px 12px;font-size:14px}.side p{margin:0 0 8px}.side p:last-child{margin:0}
.source{font-size:13px;margin:6px 0}.source:target{background:#fff4c2}svg text{font-family:inherit}figure{margin:0}figcaption{font-size:13px;color:var(--muted)}
"""


COLOURS = {"good": "#1e8a5a", "bad": "#c0392b", "mid": "#8a93a6"}


def _tone(score: float) -> str:
    """good, bad or mid: cooperative, hostile or near neutral."""
    return "good" if score > 0.1 else "bad" if score < -0.1 else "mid"


def quoted(text: str) -> str:
    """Text in quotation marks, once: a sentence cut from inside a quotation keeps its own closing
    mark ("… do it.”"), which is not doubled."""
    text = text.strip()
    if text.endswith("”") and "“" not in text:
        text = text[:-1]
    if text.startswith("“") and "”" not in text:
        text = text[1:]
    return f"“{text}”"


def _src(ident: str, label: str = "source") -> str:
    return f'<a href="#src-{escape(ident)}">{escape(label)}</a>'


def timeline_svg(points: list[dict], width: int = 340, height: int = 150) -> str:
    """A relation's yearly scores, -1 (hostile) to +1 (cooperative)."""
    if not points:
        return ""
    pad_l, pad_r, pad_t, pad_b = 34, 12, 10, 24
    years = [int(p["period"]) for p in points]
    low, high = min(years), max(years)
    span = max(high - low, 1)

    def x(year):
        return pad_l + (year - low) / span * (width - pad_l - pad_r) if high > low else (width + pad_l - pad_r) / 2

    def y(score):
        return pad_t + (1 - score) / 2 * (height - pad_t - pad_b)

    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img">',
             f'<rect x="{pad_l}" y="{y(1):.1f}" width="{width - pad_l - pad_r}" height="{y(0) - y(1):.1f}" fill="#eaf6f0"/>',
             f'<rect x="{pad_l}" y="{y(0):.1f}" width="{width - pad_l - pad_r}" height="{y(-1) - y(0):.1f}" fill="#fbeceb"/>',
             f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#8a93a6" stroke-dasharray="3 3"/>',
             f'<text x="4" y="{y(1) + 9:.1f}" font-size="10" fill="#1e8a5a">coop</text>',
             f'<text x="4" y="{y(-1):.1f}" font-size="10" fill="#c0392b">hostile</text>']
    line = " ".join(f"{x(int(p['period'])):.1f},{y(p['score']):.1f}" for p in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#1d2330" stroke-width="2"/>')
    last_label = -100.0
    for p in points:
        color = COLOURS[_tone(p["score"])]
        first = p["evidence"][0]["id"] if p["evidence"] else ""
        parts.append(f'<a href="#src-{escape(first)}"><circle cx="{x(int(p["period"])):.1f}" cy="{y(p["score"]):.1f}" '
                     f'r="5" fill="{color}"><title>{escape(p["period"])}: {p["score"]:+.2f} from {p["events"]} '
                     f'events</title></circle></a>')
        if x(int(p["period"])) - last_label >= 30:  # labels of close years would overlap
            last_label = x(int(p["period"]))
            parts.append(f'<text x="{last_label:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
                         f'fill="#5c6475">{escape(p["period"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def network_svg(nodes: list[dict], edges: list[dict], size: int = 520) -> str:
    """The signed actor graph: green ties cooperate, red ties are hostile, width by events."""
    if not nodes:
        return ""
    width = size + 280  # room for long names on both sides
    centre, middle, radius = width / 2, size / 2, size / 2 - 60
    position = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        position[node["id"]] = (centre + radius * math.cos(angle), middle + radius * math.sin(angle))
    parts = [f'<svg viewBox="0 0 {width} {size}" width="100%" style="max-width:{width}px" role="img">']
    for edge in edges:
        (x1, y1), (x2, y2) = position[edge["a"]], position[edge["b"]]
        color = COLOURS[_tone(edge["score"])]
        width = 1 + min(edge["events"], 8)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
                     f'stroke-width="{width}" stroke-opacity="0.75"><title>{escape(edge["label"])}</title></line>')
    for node in nodes:
        x, y = position[node["id"]]
        anchor = "start" if x > centre + 5 else "end" if x < centre - 5 else "middle"
        r = 6 + min(node["weight"], 10)
        dx = r + 4 if anchor == "start" else -r - 4 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-r - 6 if y < middle else r + 14)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#1d2330"/>'
                     f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" font-size="12" text-anchor="{anchor}">'
                     f'{escape(node["name"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def map_svg(events: list[dict], width: int = 1000, height: int = 560) -> str:
    """Where events happened, on Natural Earth country shapes; no tiles, nothing fetched."""
    located = [e for e in events if e.get("lat") is not None]
    box = basemap.frame([(e["lat"], e["lon"]) for e in located])
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" style="background:#dfe9f3;border-radius:8px">']
    for _iso3, name, path in basemap.svg_paths(box, width, height):
        parts.append(f'<path d="{path}" fill="#f3f1ea" stroke="#a8aebb" stroke-width="0.7"><title>{escape(name)}</title></path>')
    by_place: dict[tuple[float, float], list[dict]] = {}
    for event in located:
        by_place.setdefault((round(event["lat"], 2), round(event["lon"], 2)), []).append(event)
    labels: list[tuple[float, float, float, float]] = []  # boxes of the labels placed so far
    circles, texts = [], []
    for (lat, lon), group in sorted(by_place.items(), key=lambda item: -len(item[1])):
        x, y = basemap.project(lat, lon, box, width, height)
        if not (0 <= x <= width and 0 <= y <= height):
            continue  # outside the frame of the bulk of events
        hostile = sum(e["type"] in HOSTILE for e in group)
        color = "#c0392b" if hostile * 2 >= len(group) else "#1e8a5a"
        title = f"{group[0]['place']}: " + "; ".join(f"{e['type']} {e['date'] or ''}" for e in group[:6])
        circles.append(f'<a href="#src-{escape(group[0]["id"])}"><circle cx="{x:.1f}" cy="{y:.1f}" '
                       f'r="{5 + 2.5 * min(len(group), 8):.1f}" fill="{color}" fill-opacity="0.8" stroke="#fff" '
                       f'stroke-width="1.5"><title>{escape(title)}</title></circle></a>')
        label = _free_label(group[0]["place"], x, y, labels, width, height)
        if label:  # where every side is taken the label is left out: the circle's tooltip names it
            lx, ly, anchor = label
            texts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="12" fill="#1d2330" text-anchor="{anchor}" '
                         f'paint-order="stroke" stroke="#f3f1ea" stroke-width="3">{escape(group[0]["place"])}</text>')
    parts += circles + texts  # labels above every circle
    parts.append("</svg>")
    return "".join(parts)


def _free_label(text: str, x: float, y: float, taken: list, width: int, height: int):
    """A spot for a place's label beside its circle (right above, right below, left above, left
    below) that overlaps no label placed before; None where there is none. Busier places come first."""
    w, h = 6.8 * len(text) + 4, 14  # 12px sans-serif: about 6.8px a character
    for dx, dy, anchor in ((9, -8, "start"), (9, 18, "start"), (-9, -8, "end"), (-9, 18, "end")):
        left = x + dx if anchor == "start" else x + dx - w
        top = y + dy - h + 3
        if left < 0 or left + w > width or top < 0 or top + h > height:
            continue
        if all(left + w <= l or l + lw <= left or top + h <= t or t + th <= top for l, t, lw, th in taken):
            taken.append((left, top, w, h))
            return x + dx, y + dy, anchor
    return None


# units written the same in the plural, and nouns whose plural is not a plain -s
SAME_IN_PLURAL = {"km", "m", "cm", "mm", "kg", "square km", "cubic metre", "tenge", "yuan", "somoni", "som",
                  "percentage point", "personnel", "staff", "police", "militia"}
IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children", "foot": "feet",
                     "policeman": "policemen"}


def _plural(unit: str) -> str:
    head, _, last = unit.rpartition(" ")
    if unit in SAME_IN_PLURAL or not last.isalpha() or len(last) <= 2:
        return unit
    if last in IRREGULAR_PLURALS:
        last = IRREGULAR_PLURALS[last]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(fact: dict) -> str:
    """A fact's quantity as a reader writes it: "25,000 border guards", "3,500–4,000 soldiers", "90%",
    "33%" for a fraction (a third); never a float's own notation."""
    quantity, unit = fact["quantity"], fact.get("unit") or ""
    if unit == "fraction":
        return f"{quantity:.0%}"
    low, high = fact.get("low"), fact.get("high")
    number = f"{_number(low)}–{_number(high)}" if low is not None and high is not None else _number(quantity)
    if unit == "percent":
        return number + "%"
    if not unit:
        return number
    return f"{number} {unit if quantity == 1 and low is None else _plural(unit)}"


def render_html(data: dict) -> str:
    focus = data["focus"]
    out = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>Briefing: {escape(focus['name'])}</title>",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<style>{CSS}</style></head><body>",
           f"<header><h1>Briefing: {escape(focus['name'])}</h1><p>{escape(data['span'])} · "
           f"{data['counts']['documents']} articles · {data['counts']['events']} events · "
           f"{data['counts']['quotes']} quotes · generated offline by realpolitik</p></header><main>"]
    out.append("<section><h2>Summary</h2><ul class=\"tight\">")
    for line in data["summary"]:
        out.append(f"<li>{line['html']}</li>")
    out.append("</ul></section>")
    out.append("<section><h2>Relations over time</h2><p class=\"muted\">Score of the events between each pair per "
               "year, from hostile (−1) to cooperative (+1); each point links to its evidence.</p><div class=\"grid\">")
    for pair in data["timelines"]:
        out.append(f"<figure><h3>{escape(pair['a'])} ~ {escape(pair['b'])} {pair['trend_html']}</h3>"
                   f"{timeline_svg(pair['points'])}<figcaption>{escape(pair['caption'])}</figcaption></figure>")
    out.append("</div></section>")
    out.append(f"<section><h2>Threat picture for {escape(focus['name'])}</h2>")
    if data["threats"]:
        out.append("<table><tr><th>who</th><th>hostile acts</th><th>where</th><th>trend</th></tr>")
        for threat in data["threats"]:
            out.append(f"<tr><td>{escape(threat['name'])}</td><td>{escape(threat['kinds'])}</td>"
                       f"<td>{escape(threat['places'])}</td><td>{threat['trend_html']}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p class=\"muted\">No hostile acts against it in this corpus.</p>")
    out.append("</section>")
    out.append("<section><h2>Where events happened</h2><p class=\"muted\">Red: mostly hostile acts; green: "
               "mostly cooperation. Circle size grows with the number of events; hover for details.</p>"
               f"{map_svg(data['map'])}</section>")
    out.append("<section><h2>Signed network</h2><p class=\"muted\">Latest relation between the most active actors."
               f"</p>{network_svg(data['network']['nodes'], data['network']['edges'])}</section>")
    out.append("<section><h2>Where sources disagree</h2>")
    for item in data["contradictions"]:
        columns = ["".join(f"<p>{escape(quoted(side['text']))} <br>{_src(side['id'], side['title'])}</p>"
                           for side in item[role]) for role in ("a", "b")]
        out.append(f"<h3>{escape(item['reason'])}</h3><div class=\"pair\">"
                   f"<div class=\"side\">{columns[0]}</div><div class=\"side\">{columns[1]}</div></div>")
    if not data["contradictions"]:
        out.append("<p class=\"muted\">None found.</p>")
    out.append("</section>")
    out.append("<section><h2>Triads that should shift</h2><ul class=\"tight\">")
    for triad in data["triads"]:
        sides = "; ".join(escape(side["text"]) + (f" ({_src(side['evidence'], 'evidence')})" if side["evidence"] else "")
                          for side in triad["sides"])
        out.append(f"<li>{escape(triad['text'])}<br><span class=\"muted\">{sides}</span></li>")
    out.append("</ul></section>" if data["triads"] else "<li class=\"muted\">None.</li></ul></section>")
    out.append("<section><h2>Key quotes</h2><ul class=\"tight\">")
    for quote in data["quotes"]:
        out.append(f"<li><b>{escape(quote['speaker'])}</b>: “{escape(quote['text'])}” "
                   f"<span class=\"muted\">{escape(quote['date'] or '')}</span> {_src(quote['id'])}</li>")
    out.append("</ul><h2>Key numbers</h2><ul class=\"tight\">")
    for fact in data["facts"]:
        out.append(f"<li><b>{escape(amount(fact))}</b> — {escape(fact['subject'] or '')} {_src(fact['id'])}</li>")
    out.append("</ul></section>")
    out.append("<section><h2>Sources</h2>")
    same_sentence: dict[tuple, list[str]] = {}  # several records of one sentence: one entry, every anchor
    for ident, source in data["sources"].items():
        same_sentence.setdefault((source["text"], source["title"], source["published"], source["where"]), []).append(ident)
    for (text, title, published, where), idents in same_sentence.items():
        anchors = "".join(f'<a id="src-{escape(ident)}"></a>' for ident in idents[1:])
        out.append(f"<p class=\"source\" id=\"src-{escape(idents[0])}\">{anchors}“{escape(text)}” — "
                   f"<i>{escape(title)}</i> ({escape(published or 'undated')}, {escape(where)})</p>")
    out.append("</section></main></body></html>")
    return "".join(out)


def render_markdown(data: dict) -> str:
    focus = data["focus"]
    lines = [f"# Briefing: {focus['name']}", "", f"{data['span']} · {data['counts']['documents']} articles · "
             f"{data['counts']['events']} events", "", "## Summary", ""]
    lines += [f"- {line['text']}" for line in data["summary"]]
    lines += ["", "## Relations over time", ""]
    for pair in data["timelines"]:
        trail = ", ".join(f"{p['period']}: {p['score']:+.2f}" for p in pair["points"])
        lines.append(f"- **{pair['a']} ~ {pair['b']}** — {trail}")
    lines += ["", f"## Threat picture for {focus['name']}", ""]
    lines += [f"- {t['name']}: {t['kinds']} ({t['places']})" for t in data["threats"]] or ["- none"]
    lines += ["", "## Where sources disagree", ""]
    lines += [f"- {c['reason']}: " + " and ".join(quoted(side["text"]) for side in c["a"]) + " / "
              + " and ".join(quoted(side["text"]) for side in c["b"]) for c in data["contradictions"]] or ["- none"]
    lines += ["", "## Triads that should shift", ""] + [
        f"- {t['text']} ({'; '.join(side['text'] for side in t['sides'])})" for t in data["triads"]]
    lines += ["", "## Key quotes", ""] + [f"- {q['speaker']}: “{q['text']}”" for q in data["quotes"]]
    lines += ["", "## Key numbers", ""] + [f"- {amount(f)} — {f['subject'] or ''}" for f in data["facts"]]
    return "\n".join(lines) + "\n"

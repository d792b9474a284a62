"""The web app: server-rendered pages over the library, served by the REST API's process.

Plain HTML, inline CSS and SVG (the briefing's charts and basemap): no script library, font or tile
is fetched, so it works offline. All article text is escaped: it is untrusted.
"""
from __future__ import annotations

import json
from collections import Counter
from html import escape
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from realpolitik.analyze import derived
from realpolitik.api import Realpolitik
from realpolitik.serve import queries
from realpolitik.serve.brief import CSS, amount, map_svg, network_svg, quoted, timeline_svg
from realpolitik.store import schema as s

EXTRA_CSS = """
nav{background:#1d2330;padding:10px 40px}nav a{color:#fff;margin-right:18px;font-weight:600}
.doc{white-space:pre-wrap;font-size:16px;line-height:1.7}.doc .m{border-bottom:2px solid #7aa7e8}
.doc .e{background:#fff1b8}.doc .q{color:#1e6b48;font-style:italic}.doc .f{font-weight:700}
.layout{display:grid;grid-template-columns:minmax(0,2fr) minmax(260px,1fr);gap:18px}
form.filters input,form.filters select{padding:4px 6px;margin:2px 6px 2px 0;border:1px solid #c5cad4;border-radius:5px}
.bars rect{fill:#5b7fb8}
"""


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)} · realpolitik</title>"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{CSS}{EXTRA_CSS}</style></head>"
        "<body><nav><a href=\"/\">Overview</a><a href=\"/events\">Events</a><a href=\"/network\">Network</a>"
        "<a href=\"/contradictions\">Contradictions</a></nav>"
        f"<main><h1>{escape(title)}</h1>{body}</main></body></html>")


def link(path: str, text: str) -> str:
    return f'<a href="{escape(path)}">{escape(text)}</a>'


def doc_link(doc: str, anchor: str, text: str) -> str:
    return link(f"/document/{quote(doc)}#{anchor}", text)


def actor_link(ident: str | None, names: dict[str, str]) -> str:
    return link(f"/actor/{quote(ident)}", names.get(ident, ident)) if ident else "—"


def highlight(text: str, spans: list[tuple[int, int, str, str | None]]) -> str:
    """The article with its spans marked: (start, end, class, anchor id). Overlaps nest by splitting
    the text at every boundary and giving each piece the classes that cover it."""
    cuts = sorted({0, len(text)} | {max(0, min(len(text), b)) for start, end, *_ in spans for b in (start, end)})
    pieces, anchors = [], {start: anchor for start, _end, _kind, anchor in spans if anchor}
    for left, right in zip(cuts, cuts[1:]):
        classes = sorted({kind for start, end, kind, _ in spans if start <= left and right <= end})
        chunk = escape(text[left:right])
        anchor = f'<a id="{escape(anchors[left])}"></a>' if left in anchors else ""
        pieces.append(anchor + (f'<span class="{" ".join(classes)}">{chunk}</span>' if classes else chunk))
    return "".join(pieces)


PAGE = 100  # items a list page shows at once
MAP_EVENTS = 2000  # located events the events page maps


def add_pages(app: FastAPI, corpus: Realpolitik) -> None:
    store = corpus.store

    def names() -> dict[str, str]:
        return {row["id"]: row["name"] for row in store.rows(s.actors)}

    @app.get("/", response_class=HTMLResponse)
    def overview() -> HTMLResponse:
        data = corpus.overview(top=12, documents=False)
        lookup = names()
        by_pair = derived.busiest_pairs(store, 300)  # the pairs with most events, each with its years
        strongest = sorted(by_pair.items(), key=lambda item: -sum(r["events"] for r in item[1]) * abs(item[1][-1]["score"]))[:8]
        changing = sorted((item for item in by_pair.items() if len(item[1]) > 1),
                          key=lambda item: -abs(item[1][-1]["score"] - item[1][0]["score"]))[:8]
        with store.engine.connect() as connection:
            latest = connection.execute(select(s.events).where(s.events.c.date.is_not(None))
                                        .order_by(s.events.c.date.desc(), s.events.c.id).limit(10)).mappings().all()
        merged = store.merged_into()
        events = [{"id": e["id"], "date": e["date"], "type": e["type"], "doc": e["doc_id"], "text": e["text"],
                   "source": merged.get(e["source_id"], e["source_id"]),
                   "target": merged.get(e["target_id"], e["target_id"])} for e in latest]
        years = data["years"]
        body = [f"<section><span class=\"stat\"><b>{data['counts']['documents']}</b>articles</span>"
                f"<span class=\"stat\"><b>{data['counts']['events']}</b>events</span>"
                f"<span class=\"stat\"><b>{data['counts']['actors']}</b>actors</span>"
                f"<span class=\"stat\"><b>{escape(years[0] + '–' + years[-1]) if years else '—'}</b>span</span></section>"]
        body.append("<div class=\"grid\"><section><h2>Top actors</h2><table>")
        for actor in data["top_actors"]:
            body.append(f"<tr><td>{actor_link(actor['id'], lookup)}</td><td>{escape(actor['type'])}</td>"
                        f"<td>{actor['mentions']}</td></tr>")
        body.append("</table></section><section><h2>Strongest relations</h2><table>")
        for (a, b), series in strongest:
            body.append(f"<tr><td>{link(f'/relation/{quote(a)}/{quote(b)}', lookup.get(a, a) + ' ~ ' + lookup.get(b, b))}"
                        f"</td><td>{series[-1]['score']:+.2f} ({escape(series[-1]['period'])})</td></tr>")
        body.append("</table><h2>Fastest-changing</h2><table>")
        for (a, b), series in changing:
            body.append(f"<tr><td>{link(f'/relation/{quote(a)}/{quote(b)}', lookup.get(a, a) + ' ~ ' + lookup.get(b, b))}"
                        f"</td><td>{series[0]['score']:+.2f} → {series[-1]['score']:+.2f}</td></tr>")
        body.append("</table></section></div><section><h2>Latest events</h2><table>")
        for event in events:
            body.append(f"<tr><td>{escape(event['date'] or '')}</td><td>{escape(event['type'])}</td>"
                        f"<td>{actor_link(event['source'], lookup)} → {actor_link(event['target'], lookup)}</td>"
                        f"<td>{doc_link(event['doc'], 'ev-' + event['id'], event['text'][:120])}</td></tr>")
        body.append("</table></section>")
        return page("Overview", "".join(body))

    @app.get("/actor/{name}", response_class=HTMLResponse)
    def actor(name: str) -> HTMLResponse:
        profile = corpus.profile(name)
        triads_link = link(f"/triads?actor={quote(profile['id'])}", "Triads it is in that balance theory says should shift")
        body = [f"<section><p>{escape(profile['type'].replace('_', ' '))} · {escape(profile['country'] or 'no state')}"
                + (f" · governs {escape('; '.join(profile['governs']))}" if profile["governs"] else "")
                + f" · seen {profile['mentions']} times, {escape(profile['first_seen'] or '?')} to "
                f"{escape(profile['last_seen'] or '?')}</p><p class=\"muted\">Also: "
                f"{escape(', '.join(profile['aliases'][:15]) or '—')}</p>"
                f"<p>As source: {escape(str(profile['events_as_source']))}<br>As target: "
                f"{escape(str(profile['events_as_target']))}</p><p>{triads_link}</p></section>"
                "<section><h2>Counterparts</h2><div class=\"grid\">"]
        for other in profile["counterparts"][:6]:
            timeline = corpus.relation(profile["id"], other["id"])
            body.append(f"<figure><h3>{link('/relation/' + quote(profile['id']) + '/' + quote(other['id']), other['name'])}</h3>"
                        f"{timeline_svg(timeline['points'])}</figure>")
        body.append("</div></section><section><h2>Quotes</h2><ul class=\"tight\">")
        body += [f"<li>“{escape(text)}”</li>" for text in profile["quotes_by"]]
        body.append("</ul><h2>Quotes about</h2><ul class=\"tight\">")
        body += [f"<li>“{escape(text)}”</li>" for text in profile["quotes_about"]]
        body.append("</ul></section>")
        return page(profile["name"], "".join(body))

    @app.get("/relation/{a}/{b}", response_class=HTMLResponse)
    def relation(a: str, b: str) -> HTMLResponse:
        timeline = corpus.relation(a, b)
        body = [f"<section>{timeline_svg(timeline['points'], width=700, height=220)}</section>"]
        for point in timeline["points"]:
            change = "" if point["change"] is None else f" ({point['change']:+.2f})"
            body.append(f"<section><h2 id=\"p-{escape(point['period'])}\">{escape(point['period'])}: "
                        f"{point['score']:+.2f}{escape(change)} from {point['events']} events</h2><ul class=\"tight\">")
            for item in point["evidence"]:
                # a measure kept as it stands is shown, but it does not move the score
                how = "standing (does not move the score)" if item.get("standing") else item["modality"]
                body.append(f"<li><b>{escape(item['type'])}</b> <span class=\"muted\">{escape(how)} "
                            f"{escape(item['date'] or '')}</span> "
                            f"{doc_link(item['doc'], 'ev-' + item['id'], item['text'])}</li>")
            body.append("</ul></section>")
        return page(f"{timeline['a']} ~ {timeline['b']}", "".join(body))

    @app.get("/events", response_class=HTMLResponse)
    def events(actor: str | None = None, type: str | None = None, modality: str | None = None,
               date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
               q: str | None = None, offset: int = Query(0, ge=0, le=10**9)) -> HTMLResponse:
        lookup = names()
        query = queries.event_query(store, actor, None, None, type, modality, date_from, date_to, None, q)
        filtered = query.order_by(None).subquery()
        year = func.coalesce(func.substr(filtered.c.date, 1, 4), "?")  # one expression: PostgreSQL
        with store.engine.connect() as connection:                    # matches GROUP BY to SELECT by it
            total = connection.execute(select(func.count()).select_from(filtered)).scalar()
            years = dict(connection.execute(select(year, func.count()).group_by(year)).all())
            # the map shows where the latest located events happened; a million dots say no more
            located = [{"id": r.id, "type": r.type, "date": r.date, "lat": r.lat, "lon": r.lon,
                        "place": r.location_name}
                       for r in connection.execute(query.where(s.events.c.lat.is_not(None)).limit(MAP_EVENTS))]
            rows = connection.execute(query.limit(PAGE).offset(offset)).mappings().all()
        merged = store.merged_into()
        found = [{"id": r["id"], "date": r["date"], "type": r["type"], "modality": r["modality"], "doc": r["doc_id"],
                  "text": r["text"], "source": merged.get(r["source_id"], r["source_id"]),
                  "target": merged.get(r["target_id"], r["target_id"])} for r in rows]
        bars = "".join(f'<rect x="{i * 34 + 4}" y="{120 - 100 * n / max(years.values())}" width="26" '
                       f'height="{100 * n / max(years.values())}"><title>{escape(y)}: {n}</title></rect>'
                       f'<text x="{i * 34 + 17}" y="136" font-size="10" text-anchor="middle">{escape(y)}</text>'
                       for i, (y, n) in enumerate(sorted(years.items()))) if years else ""
        params = {"actor": actor, "type": type, "modality": modality, "from": date_from, "to": date_to, "q": q}
        form = ("<form class=\"filters\" method=\"get\">"
                + "".join(f'<input name="{k}" placeholder="{k}" value="{escape(v or "")}">' for k, v in params.items())
                + "<button>Filter</button></form>")
        body = [f"<section>{form}<p class=\"muted\">{total} events</p>"
                f"<svg class=\"bars\" viewBox=\"0 0 {max(34 * len(years) + 8, 200)} 140\" height=\"140\">{bars}</svg></section>",
                f"<section><h2>Map</h2>{map_svg(located)}</section><section><table>"]
        for event in found:
            body.append(f"<tr><td>{escape(event['date'] or '')}</td><td>{escape(event['type'])}</td>"
                        f"<td>{escape(event['modality'])}</td><td>{actor_link(event['source'], lookup)} → "
                        f"{actor_link(event['target'], lookup)}</td>"
                        f"<td>{doc_link(event['doc'], 'ev-' + event['id'], event['text'][:140])}</td></tr>")
        body.append("</table>")
        if offset + PAGE < total:
            more = urlencode({k: v for k, v in {**params, "offset": offset + PAGE}.items() if v})
            body.append(f"<p>{link('/events?' + more, 'more')}</p>")
        body.append("</section>")
        return page("Events", "".join(body))

    @app.get("/network", response_class=HTMLResponse)
    def network(period: str | None = None) -> HTMLResponse:
        lookup = names()
        periods = derived.periods(store)
        chosen = period if period in periods else (periods[-1] if periods else None)
        shown = derived.graph(store, chosen, limit=300)["edges"] if chosen else []
        weight = Counter()
        for r in shown:
            weight[r["a"]] += r["events"]
            weight[r["b"]] += r["events"]
        top = {ident for ident, _ in weight.most_common(14)}
        nodes = [{"id": i, "name": lookup.get(i, i), "weight": weight[i]} for i in top]
        edges = [{"a": r["a"], "b": r["b"], "score": r["score"], "events": r["events"],
                  "label": f"{lookup.get(r['a'], r['a'])} ~ {lookup.get(r['b'], r['b'])}: {r['score']:+.2f}"}
                 for r in shown if r["a"] in top and r["b"] in top]
        # a slider over the years (the page reloads on release); without scripts, a link per year
        index = periods.index(chosen) if chosen in periods else 0
        years = escape(json.dumps(periods))
        slider = (f'<form method="get" class="slider"><label>Year <input type="range" min="0" '
                  f'max="{max(0, len(periods) - 1)}" value="{index}" data-years="{years}" '
                  f'oninput="this.form.period.value=JSON.parse(this.dataset.years)[this.value];'
                  f'this.nextElementSibling.textContent=this.form.period.value" onchange="this.form.submit()"> '
                  f'<output>{escape(chosen or "")}</output></label>'
                  f'<input type="hidden" name="period" value="{escape(chosen or "")}"></form><noscript><p>'
                  + " ".join(link(f"/network?{urlencode({'period': p})}", p) for p in periods) + "</p></noscript>")
        return page("Network", f"<section>{slider}{network_svg(nodes, edges)}</section>")

    @app.get("/document/{doc_id}", response_class=HTMLResponse)
    def document(doc_id: str) -> HTMLResponse:
        with store.engine.connect() as connection:
            row = connection.execute(select(s.documents).where(s.documents.c.id == doc_id)).mappings().first()
            if row is None:
                raise HTTPException(404, f"no document {doc_id}")
            mentions = connection.execute(select(s.mentions).where(s.mentions.c.doc_id == doc_id)).mappings().all()
            events = connection.execute(select(s.events).where(s.events.c.doc_id == doc_id)).mappings().all()
            quotes = connection.execute(select(s.quotes).where(s.quotes.c.doc_id == doc_id)).mappings().all()
            facts = connection.execute(select(s.facts).where(s.facts.c.doc_id == doc_id)).mappings().all()
        lookup = names()
        spans = [(m["start_char"], m["end_char"], "m", None) for m in mentions]
        seen = set()
        for event in events:  # one anchor per sentence, so every event id still lands on it
            spans.append((event["start_char"], event["end_char"], "e",
                          None if event["start_char"] in seen else f"ev-{event['id']}"))
            seen.add(event["start_char"])
        spans += [(q["start_char"], q["end_char"], "q", f"q-{q['id']}") for q in quotes]
        spans += [(f["start_char"], f["end_char"], "f", f"f-{f['id']}") for f in facts]
        anchors_for = {e["start_char"]: [] for e in events}
        for event in events:
            anchors_for[event["start_char"]].append(event["id"])
        extra = "".join(f'<a id="ev-{escape(i)}"></a>' for ids in anchors_for.values() for i in ids[1:])
        side = ["<h2>Events</h2><ul class=\"tight\">"]
        side += [f"<li><a href=\"#ev-{escape(e['id'])}\">{escape(e['type'])}</a> {actor_link(e['source_id'], lookup)} → "
                 f"{actor_link(e['target_id'], lookup)} <span class=\"muted\">{escape(e['modality'])}</span></li>"
                 for e in events]
        side.append("</ul><h2>Quotes</h2><ul class=\"tight\">")
        side += [f"<li>{actor_link(q['speaker_id'], lookup)}: <a href=\"#q-{escape(q['id'])}\">“{escape(q['text'][:90])}”</a></li>"
                 for q in quotes]
        side.append("</ul><h2>Numbers</h2><ul class=\"tight\">")
        side += [f"<li><a href=\"#f-{escape(f['id'])}\">{escape(amount(f))}</a> "
                 f"{escape(f['subject'] or '')}</li>" for f in facts]
        side.append("</ul>")
        meta = f"<p class=\"muted\">{escape(row['published'] or 'undated')} · {escape(row['source'])}</p>"
        body = (f"{meta}<div class=\"layout\"><section class=\"doc\">{extra}{highlight(row['text'], spans)}</section>"
                f"<section>{''.join(side)}</section></div>")
        return page(row["title"] or "Article", body)

    @app.get("/triads", response_class=HTMLResponse)
    def triads(actor: str = Query(..., min_length=1),
               period: str | None = Query(None, pattern=r"^\d{4}$")) -> HTMLResponse:
        found = corpus.triads(actor, period, PAGE)
        row = store.find_actor(actor)
        body = [f"<p class=\"muted\">Signed triads {escape(row['name'])} is in that balance theory says should shift"
                f"{' in ' + escape(period) if period else ''}: unbalanced (all three sides known, an odd number "
                "hostile) or open (two sides known, the third predicted). Each side links to the sentence that "
                "weighs most in its direction.</p>"]
        for triad in found:
            prediction = triad["prediction"]
            verb = "cooperate" if prediction["sign"] > 0 else "turn hostile"
            state = "unbalanced" if triad["balanced"] is False else "open"
            body.append(f"<section><h3>{escape(triad['period'])}, {state}: {escape(' / '.join(triad['names']))}</h3>"
                        f"<p>Balance predicts {escape(prediction['a_name'])} and {escape(prediction['b_name'])} "
                        f"{verb}.</p><ul class=\"tight\">")
            for side in triad["sides"]:
                example = side["example"]
                evidence = doc_link(example["doc"], "ev-" + example["id"], quoted(example["text"])) if example else ""
                pair = link(f"/relation/{quote(side['a'])}/{quote(side['b'])}", f"{side['a_name']} ~ {side['b_name']}")
                body.append(f"<li>{pair} {side['score']:+.2f}: {evidence}</li>")
            body.append("</ul></section>")
        if not found:
            body.append("<p class=\"muted\">None found.</p>")
        return page(f"Triads: {row['name']}", "".join(body))

    @app.get("/contradictions", response_class=HTMLResponse)
    def contradictions(offset: int = Query(0, ge=0, le=10**9)) -> HTMLResponse:
        total, found = derived.contradictions(store, PAGE, offset)
        body = [f"<p class=\"muted\">{total} found{f'; {offset + 1}–{offset + len(found)} shown' if total > PAGE else ''}."
                + (f" {link(f'/contradictions?offset={offset + PAGE}', 'more')}" if offset + PAGE < total else "")
                + "</p>"] if found else []
        for item in found:
            body.append(f"<section><h3>{escape(item['reason'])}</h3><div class=\"pair\">")
            for side in (item["a"], item["b"]):
                anchor = "ev" if side["kind"] == "event" else side["kind"][0]
                body.append(f"<div class=\"side\">{escape(quoted(side['text']))}<br>"
                            f"{doc_link(side['doc'], anchor + '-' + side['id'], 'in its article')}</div>")
            body.append("</div></section>")
        return page("Where sources disagree", "".join(body) or "<p class=\"muted\">None found.</p>")
